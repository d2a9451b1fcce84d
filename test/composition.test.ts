import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  allSubgraphNames,
  composeSubgraphs,
  describeCompositionError,
  readExternalSubgraphs,
  supergraphFile,
} from '../schema/composition.js';
import { subgraphNames } from '../subgraphs/registry.js';

describe('composition', () => {
  it('composes the registry’s subgraphs and the external ones into exactly the committed supergraph', () => {
    const result = composeSubgraphs(allSubgraphNames());
    expect(result.ok ? [] : result.errors).toEqual([]);
    // When this fails: run `npm run compose` and commit schema/supergraph.graphql.
    expect(result.ok && result.supergraphSdl === readFileSync(supergraphFile, 'utf8')).toBe(true);
  });

  it('names the subgraph and the type of every composition error', () => {
    const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])';
    const result = composeServices([
      {
        name: 'plan',
        url: 'http://plan/',
        typeDefs: parse(`${link} type Query { sector: Sector } type Sector @key(fields: "code") { code: ID! name: String! }`),
      },
      { name: 'ratp', url: 'http://ratp/', typeDefs: parse(`${link} type Sector @key(fields: "code") { code: ID! name: Int! }`) },
    ]);
    const messages = (result.errors ?? []).map(describeCompositionError);
    expect(messages[0]).toBe(
      'FIELD_TYPE_MISMATCH: Type of field "Sector.name" is incompatible across subgraphs: it has type "String!" in subgraph "plan" but type "Int!" in subgraph "ratp"' +
        '\n    in [plan] FieldDefinition name at line 1\n    in [ratp] FieldDefinition name at line 1',
    );
    expect(messages[1]).toMatch(/^INVALID_FIELD_SHARING: Non-shareable field "Sector.name" is resolved from multiple subgraphs/);
  });

  describe('subgraphs outside this repository (schema/external-subgraphs.yaml)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plancrack-external-'));
    const config = (yaml: string) => {
      const file = join(dir, `external-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, yaml);
      return pathToFileURL(file);
    };
    writeFileSync(
      join(dir, 'mildeca.graphql'),
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"]) type Query { mildecaCampaigns: [String!]! } type Sector @key(fields: "code") { code: ID! campaigns: [String!]! }',
    );
    const entry = (url: string, file = 'mildeca.graphql', name = 'mildeca') =>
      `subgraphs:\n  ${name}:\n    routing_url: ${url}\n    schema:\n      file: ${file}\n`;

    it('composes a published SDL with the repository’s, at its routing URL', () => {
      const external = readExternalSubgraphs(config(entry('https://graph.mildeca.example/')));
      expect(external.map(({ name, url }) => ({ name, url }))).toEqual([{ name: 'mildeca', url: 'https://graph.mildeca.example/' }]);
      const result = composeSubgraphs(allSubgraphNames(external), undefined, external);
      expect(result.ok ? [] : result.errors).toEqual([]);
      expect(result.ok && result.supergraphSdl).toContain('MILDECA @join__graph(name: "mildeca", url: "https://graph.mildeca.example/")');
      expect(result.ok && result.supergraphSdl).toMatch(/campaigns: \[String!\]! @join__field\(graph: MILDECA\)/);
    });

    it.each([
      {
        yaml: entry('graph.mildeca.example'),
        message: 'subgraph "mildeca": routing_url must be the http(s) URL where the gateway calls it',
      },
      {
        yaml: entry('https://graph.mildeca.example/', 'missing.graphql'),
        message: 'subgraph "mildeca": schema.file missing.graphql does not exist',
      },
      {
        yaml: entry('https://graph.mildeca.example/', 'mildeca.graphql', 'ratp'),
        message: 'subgraph "ratp": this repository already has a subgraph of that name',
      },
      {
        yaml: entry('https://graph.mildeca.example/', 'mildeca.graphql', 'Mildeca'),
        message: 'subgraph "Mildeca": its name must be kebab-case (a-z, 0-9, -), as in the supergraph',
      },
      { yaml: 'subgraphs: [mildeca]\n', message: 'expected "subgraphs:" with one entry per subgraph' },
    ])('refuses an entry it cannot use: $message', ({ yaml, message }) => {
      expect(() => readExternalSubgraphs(config(yaml))).toThrow(message);
    });

    it('has none by default, and a missing file means none', () => {
      expect(readExternalSubgraphs()).toEqual([]);
      expect(readExternalSubgraphs(pathToFileURL(join(dir, 'absent.yaml')))).toEqual([]);
      expect(allSubgraphNames()).toEqual(subgraphNames);
    });
  });
});
