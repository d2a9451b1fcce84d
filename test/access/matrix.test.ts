import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAgentToken } from '../../platform/agent-token.js';
import { developmentAudience, developmentIssuer } from '../../platform/keys.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken, type TokenOptions } from '../support/identity.js';

/** The sensitive fields of the matrix, each with the rule its subgraph's SDL gives it. */
const fields = {
  socialPathway: {
    query: (p: string) => `{ socialPerson(pseudonym: "${p}") { pseudonym outreachContacts { date } } }`,
    path: ['socialPerson'],
  },
  healthPathway: { query: (p: string) => `{ healthPerson(pseudonym: "${p}") { pseudonym admissions { date } } }`, path: ['healthPerson'] },
  policeOperations: {
    query: () => `{ sector(code: "stalingrad") { policeOperations(from: "2023-01-01", to: "2023-12-31") { date } } }`,
    path: ['sector', 'policeOperations'],
  },
  sectorReport: { query: () => `{ sector(code: "stalingrad") { ratpFigures { incidents { metric } } } }`, path: ['sector', 'ratpFigures'] },
  healthAudit: { query: () => `{ healthAuditTrail(first: 1) { at } }`, path: ['healthAuditTrail'] },
  committeeMeetings: { query: () => `{ committeeMeetings { date } }`, path: ['committeeMeetings'] },
} as const;
type Field = keyof typeof fields;
type Outcome = 'served' | 'FORBIDDEN' | 'UNAUTHENTICATED';

const agents: Record<string, TokenOptions | null> = {
  anonymous: null,
  police: { partner: 'pref-police', scopes: ['police-justice:read', 'report:read'] },
  // A police agent wrongly granted health's scope is still not health's partner.
  policeWithHealthScope: { partner: 'pref-police', scopes: ['health:read', 'social:read'] },
  hospital: { partner: 'ap-hp', scopes: ['health:read'] },
  cityWithoutScope: { partner: 'ville-paris', scopes: [] },
  city: { partner: 'ville-paris', scopes: ['social:read', 'report:read'] },
  auditor: { partner: 'pref-idf', scopes: ['audit:read', 'plan:read'] },
  // A writer of RATP's incidents who cannot read them: RATP's per-sector figures would show what each write changed in a hidden count.
  ratpWriter: { partner: 'ratp', scopes: ['ratp:write', 'report:read'] },
};

const expected: Record<keyof typeof agents, Record<Field, Outcome>> = {
  anonymous: {
    socialPathway: 'UNAUTHENTICATED',
    healthPathway: 'UNAUTHENTICATED',
    policeOperations: 'UNAUTHENTICATED',
    sectorReport: 'UNAUTHENTICATED',
    healthAudit: 'UNAUTHENTICATED',
    committeeMeetings: 'UNAUTHENTICATED',
  },
  police: {
    socialPathway: 'FORBIDDEN',
    healthPathway: 'FORBIDDEN',
    policeOperations: 'served',
    sectorReport: 'served',
    healthAudit: 'FORBIDDEN',
    committeeMeetings: 'FORBIDDEN',
  },
  policeWithHealthScope: {
    socialPathway: 'FORBIDDEN',
    healthPathway: 'FORBIDDEN',
    policeOperations: 'FORBIDDEN',
    sectorReport: 'FORBIDDEN',
    healthAudit: 'FORBIDDEN',
    committeeMeetings: 'FORBIDDEN',
  },
  hospital: {
    socialPathway: 'FORBIDDEN',
    healthPathway: 'served',
    policeOperations: 'FORBIDDEN',
    sectorReport: 'FORBIDDEN',
    healthAudit: 'FORBIDDEN',
    committeeMeetings: 'FORBIDDEN',
  },
  cityWithoutScope: {
    socialPathway: 'FORBIDDEN',
    healthPathway: 'FORBIDDEN',
    policeOperations: 'FORBIDDEN',
    sectorReport: 'FORBIDDEN',
    healthAudit: 'FORBIDDEN',
    committeeMeetings: 'FORBIDDEN',
  },
  city: {
    socialPathway: 'served',
    healthPathway: 'FORBIDDEN',
    policeOperations: 'FORBIDDEN',
    sectorReport: 'served',
    healthAudit: 'FORBIDDEN',
    committeeMeetings: 'FORBIDDEN',
  },
  auditor: {
    socialPathway: 'FORBIDDEN',
    healthPathway: 'FORBIDDEN',
    policeOperations: 'FORBIDDEN',
    sectorReport: 'FORBIDDEN',
    healthAudit: 'served',
    committeeMeetings: 'served',
  },
  ratpWriter: {
    socialPathway: 'FORBIDDEN',
    healthPathway: 'FORBIDDEN',
    policeOperations: 'FORBIDDEN',
    sectorReport: 'FORBIDDEN',
    healthAudit: 'FORBIDDEN',
    committeeMeetings: 'FORBIDDEN',
  },
};

const cases = Object.entries(expected).flatMap(([agent, outcomes]) =>
  Object.entries(outcomes).map(([field, outcome]) => ({ agent, field: field as Field, outcome })),
);

const valueAt = (data: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((value, key) => (value === null || value === undefined ? value : (value as Record<string, unknown>)[key]), data);

describe.each(testEngines)('who may read what, through the gateway, on $kind', (engine) => {
  let graph: RunningGraph;
  const tokens: Record<string, string | null> = {};
  let pseudonym = '';

  beforeAll(async () => {
    graph = await startGraph(engine, 'access');
    for (const [agent, options] of Object.entries(agents)) tokens[agent] = options === null ? null : await mintToken({ agent, ...options });
    // Someone with both a social and a health part of the pathway.
    const both = await graph.queryWith<{ healthPeople: { pseudonym: string }[] }>(
      tokens.hospital!,
      '{ healthPeople(first: 1) { pseudonym } }',
    );
    pseudonym = both.data!.healthPeople[0]!.pseudonym;
  });
  afterAll(() => graph?.stop());

  it.each(cases)('$agent reading $field: $outcome', async ({ agent, field, outcome }) => {
    const { query, path } = fields[field];
    const { data, errors } = await graph.queryWith(tokens[agent]!, query(pseudonym));
    if (outcome === 'served') {
      expect(errors).toBeUndefined();
      expect(valueAt(data, path)).not.toBeNull();
      return;
    }
    expect(valueAt(data, path)).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path, extensions: { code: outcome } });
  });

  // Published aggregates are public (issue 10); the finer detail inside them keeps its scope.
  it.each([
    {
      field: 'HospitalMobileTeam.interventions',
      query: '{ healthMobileTeams { name interventions { metric } } }',
      path: ['healthMobileTeams', 0, 'interventions'],
      scope: 'health:read',
    },
    {
      field: 'RegionalAdmissionSummary.regions',
      query: '{ healthRegionalAdmissionSummary { admissions regions { region } } }',
      path: ['healthRegionalAdmissionSummary', 'regions'],
      scope: 'health:read',
    },
    // The new name and the deprecated one keep the same rule.
    {
      field: 'Sector.outreachCoverage',
      query: '{ sector(code: "eole") { name outreachCoverage { daysCovered } } }',
      path: ['sector', 'outreachCoverage'],
      scope: 'social:read',
    },
    {
      field: 'Sector.outreach',
      query: '{ sector(code: "eole") { name outreach(from: "2023-01-01", to: "2023-01-31") { daysCovered } } }',
      path: ['sector', 'outreach'],
      scope: 'social:read',
    },
    {
      field: 'RegionalAdmissionSummary.regions (deprecated healthRegionalAdmissions)',
      query: '{ healthRegionalAdmissions { admissions regions { region } } }',
      path: ['healthRegionalAdmissions', 'regions'],
      scope: 'health:read',
    },
    {
      field: 'OutreachCoverage.rounds',
      query: '{ outreachCoverage(from: "2023-01-01", to: "2023-01-31") { daysCovered rounds } }',
      path: ['outreachCoverage', 'rounds'],
      scope: 'social:read',
    },
    {
      field: 'ResidentReportSummary.byReporterKind',
      query: '{ planAction(id: "2.04") { residentReports { received byReporterKind { received } } } }',
      path: ['planAction', 'residentReports', 'byReporterKind'],
      scope: 'social:read',
    },
  ])('serves $field’s public parent to anyone, and $field itself only under $scope', async ({ query, path, scope }) => {
    const anonymous = await graph.queryWith(null, query);
    // One error per denied value (one per team for a list), each at the field's path.
    expect(anonymous.errors?.[0]).toMatchObject({ path, extensions: { code: 'UNAUTHENTICATED' } });
    expect(anonymous.errors?.every((error) => error.extensions?.code === 'UNAUTHENTICATED' && error.path?.at(-1) === path.at(-1))).toBe(
      true,
    );
    expect(valueAt(anonymous.data, path.slice(0, -1).map(String))).not.toBeNull();
    const reader = await mintToken({ agent: 'reader', partner: scope === 'health:read' ? 'ap-hp' : 'ville-paris', scopes: [scope] });
    const served = await graph.queryWith(reader, query);
    expect(served.errors).toBeUndefined();
    expect(valueAt(served.data, path.map(String))).not.toBeNull();
  });

  it('serves the rest of a response around a denied field, and says which scope was missing', async () => {
    const { data, errors } = await graph.queryWith(
      tokens.police!,
      `{ sector(code: "eole") { name policeOperations(from: "2023-01-01", to: "2023-01-31") { date } receptionSites { code } }
         healthPerson(pseudonym: "${pseudonym}") { admissions { date } } year(year: 2023) { health { assorePlaces { value } } } }`,
    );
    expect(data).toMatchObject({
      sector: { name: "Jardins d'Éole", policeOperations: expect.any(Array) },
      healthPerson: null,
      year: { health: { assorePlaces: { value: expect.any(Number) } } },
    });
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'Query.healthPerson requires the scope health:read; the token lacks health:read',
        path: ['healthPerson'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN', field: 'Query.healthPerson', missingScopes: [['health:read']] }),
      }),
    ]);
  });

  it('refuses the owning partner’s fields to another partner holding the scope, naming the policy', async () => {
    const { errors } = await graph.queryWith(tokens.policeWithHealthScope!, `{ healthPerson(pseudonym: "${pseudonym}") { pseudonym } }`);
    expect(errors?.[0]?.message).toBe(
      'Query.healthPerson is readable only by its owning partner (policy owner:health); partner "pref-police" is not one of them',
    );
  });

  it('lets each partner read only its own part of one person’s pathway', async () => {
    const query = `{ socialPerson(pseudonym: "${pseudonym}") { pseudonym outreachContacts { date } admissions { date } } }`;
    const asCity = await graph.queryWith<{ socialPerson: { outreachContacts: unknown[] | null; admissions: unknown[] | null } }>(
      tokens.city!,
      query,
    );
    expect(asCity.data?.socialPerson.outreachContacts?.length).toBeGreaterThan(0);
    expect(asCity.data?.socialPerson.admissions).toBeNull();
    expect(asCity.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['socialPerson', 'admissions'], 'FORBIDDEN']]);
  });

  describe('a request whose token does not verify is refused whole, with 401', () => {
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const badTokens: Record<string, () => Promise<string>> = {
      'an expired token': () => mintToken({ expiresIn: -60 }),
      'a token not valid yet': () => mintToken({ notBeforeIn: 600 }),
      'a forged signature': () =>
        signAgentToken(otherKey, {
          agent: 'intruder',
          partner: 'pref-idf',
          scopes: ['health:read'],
          issuer: developmentIssuer,
          audience: developmentAudience,
          expiresAt: '5m',
        }),
      'a wrong audience': () => mintToken({ audience: 'another-graph' }),
      'a wrong issuer': () => mintToken({ issuer: 'https://elsewhere.example' }),
      'a partner that is not in the plan': () => mintToken({ partner: 'acme' }),
      'an unsigned token (alg none)': async () => {
        const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return `${encode({ alg: 'none' })}.${encode({ sub: 'x', partner: 'pref-idf', iss: developmentIssuer, aud: developmentAudience, exp: 9_999_999_999 })}.`;
      },
    };
    const reasons: Record<string, RegExp> = {
      'an expired token': /it has expired/,
      'a token not valid yet': /"nbf" claim/,
      'a forged signature': /signature does not verify/,
      'a wrong audience': /"aud" claim/,
      'a wrong issuer': /"iss" claim/,
      'a partner that is not in the plan': /"partner" claim must name a partner of the plan/,
      'an unsigned token (alg none)': /invalid bearer token/,
    };

    it.each(Object.keys(badTokens))('%s', async (name) => {
      const response = await fetch(graph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await badTokens[name]!()}` },
        body: JSON.stringify({ query: '{ sectors { code } }' }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(body.errors[0]?.message).toMatch(reasons[name]!);
    });

    it('a malformed Authorization header', async () => {
      const response = await fetch(graph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
        body: '{"query":"{ sectors { code } }"}',
      });
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('must be \\"Bearer <token>\\"');
    });
  });
});
