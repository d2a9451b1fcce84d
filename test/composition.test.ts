import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSubgraphs, describeCompositionError, supergraphFile } from '../schema/composition.js';
import { subgraphNames } from '../subgraphs/registry.js';

describe('composition', () => {
  it('composes the five subgraphs into exactly the committed supergraph', () => {
    const result = composeSubgraphs(subgraphNames);
    expect(result.ok ? [] : result.errors).toEqual([]);
    // When this fails: run `npm run compose` and commit schema/supergraph.graphql.
    expect(result.ok && result.supergraphSdl === readFileSync(supergraphFile, 'utf8')).toBe(true);
  });

  it('names the subgraph and the type of every composition error', () => {
    const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])';
    const result = composeServices([
      { name: 'plan', url: 'http://plan/', typeDefs: parse(`${link} type Query { sector: Sector } type Sector @key(fields: "code") { code: ID! name: String! }`) },
      { name: 'ratp', url: 'http://ratp/', typeDefs: parse(`${link} type Sector @key(fields: "code") { code: ID! name: Int! }`) },
    ]);
    const messages = (result.errors ?? []).map(describeCompositionError);
    expect(messages[0]).toBe(
      'FIELD_TYPE_MISMATCH: Type of field "Sector.name" is incompatible across subgraphs: it has type "String!" in subgraph "plan" but type "Int!" in subgraph "ratp"' +
        '\n    in [plan] FieldDefinition name at line 1\n    in [ratp] FieldDefinition name at line 1',
    );
    expect(messages[1]).toMatch(/^INVALID_FIELD_SHARING: Non-shareable field "Sector.name" is resolved from multiple subgraphs/);
  });
});
