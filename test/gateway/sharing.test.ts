import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditedFieldNames, CallSharing } from '../../gateway/sharing.js';
import { anonymousIdentity, type Identity } from '../../platform/identity.js';
import { supergraphFile } from '../../schema/composition.js';

const supergraph = readFileSync(supergraphFile, 'utf8');
const analyst = (agent: string, scopes: string[], partner = 'pref-idf'): Identity => ({ agent, partner, scopes: new Set(scopes) });

describe('which subgraph calls in flight are shared', () => {
  const sharing = new CallSharing();

  it('reads the audited fields off the supergraph: every field under an owner: policy', () => {
    expect([...auditedFieldNames(supergraph)].sort()).toEqual([
      'admissions',
      'healthPeople',
      'healthPerson',
      'housing',
      'outreachContacts',
      'recordPathwayAdmission',
      'regionalOrientations',
      'restSpaceVisits',
      'socialPeople',
      'socialPerson',
    ]);
  });

  it('shares nothing before a supergraph is loaded', () => {
    expect(new CallSharing().scopeOf('{ sectors { code } }', anonymousIdentity)).toBeNull();
  });

  it('shares calls between callers of the same grants, whoever they are, and keeps other grants apart', () => {
    sharing.update(supergraph);
    const query =
      'query SectorPage__ratp__1($representations:[_Any!]!){_entities(representations:$representations){...on Sector{stations{code}}}}';
    const first = sharing.scopeOf(query, analyst('agent-1', ['ratp:read', 'plan:read']));
    expect(first).not.toBeNull();
    expect(sharing.scopeOf(query, analyst('agent-2', ['plan:read', 'ratp:read']))).toBe(first);
    expect(sharing.scopeOf(query, analyst('agent-3', ['plan:read']))).not.toBe(first);
    expect(sharing.scopeOf(query, analyst('agent-4', ['ratp:read', 'plan:read'], 'ratp'))).not.toBe(first);
    expect(sharing.scopeOf(query, anonymousIdentity)).toBe('anonymous');
  });

  it('never shares a mutation, nor a call that names an audited field anywhere', () => {
    sharing.update(supergraph);
    const reader = analyst('agent-1', ['health:read']);
    expect(sharing.scopeOf('mutation RecordOperation__police_justice__0{recordPoliceOperation(input:{}){replayed}}', reader)).toBeNull();
    expect(sharing.scopeOf('{healthPeople(first:1){pseudonym}}', reader)).toBeNull();
    expect(
      sharing.scopeOf(
        'query P__health__1($representations:[_Any!]!){_entities(representations:$representations){...on Person{admissions{date}}}}',
        reader,
      ),
    ).toBeNull();
    expect(sharing.scopeOf('{healthPeople(first:1){pseudonym}}', anonymousIdentity)).toBeNull();
  });
});
