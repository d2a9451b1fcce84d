import { buildSubgraphSchema } from '@apollo/subgraph';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GraphQLField } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaFileOf, subgraphNames } from '../../registry.js';
import { auditTrailFieldOf, auditTrailMismatch } from '../audit.js';
import { subgraphTypeDefs } from '../subgraph.js';

const dir = mkdtempSync(join(tmpdir(), 'plancrack-audit-trail-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `Query.<field>` of a subgraph schema built from `schemaFile` plus the shared SDL, as buildSubgraph builds it. */
function queryField(schemaFile: URL, field: string): GraphQLField<unknown, unknown> | undefined {
  return buildSubgraphSchema([{ typeDefs: subgraphTypeDefs(schemaFile) }])
    .getQueryType()
    ?.getFields()[field];
}

const federationLink = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@shareable"])';

/** A subgraph SDL in a temporary file whose Query has only `field`. */
function sdlWith(field: string): URL {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.graphql`);
  writeFileSync(file, `${federationLink}\ntype Query {\n  ${field}\n}\n`);
  return pathToFileURL(file);
}

describe("each subgraph's audit trail", () => {
  const withAuditTrail = subgraphNames.flatMap((name) => {
    const found = queryField(schemaFileOf(name), auditTrailFieldOf(name));
    return found === undefined ? [] : [{ name, found }];
  });

  it('is kept by the subgraphs with individual-level fields', () => {
    expect(withAuditTrail.map(({ name }) => name).sort()).toEqual(['health', 'social']);
  });

  it.each(withAuditTrail)("$name's has the signature the shared resolver is typed by", ({ found }) => {
    expect(auditTrailMismatch(found)).toBeNull();
  });

  it.each([
    {
      change: 'a default changed',
      field: 'xAuditTrail(from: DateTime, to: DateTime, first: Int = 50): [AuditEntry!]',
    },
    {
      change: 'an argument gone',
      field: 'xAuditTrail(from: DateTime, first: Int = 100): [AuditEntry!]',
    },
    {
      change: 'an argument of another type',
      field: 'xAuditTrail(from: Date, to: DateTime, first: Int = 100): [AuditEntry!]',
    },
    {
      change: 'another return type',
      field: 'xAuditTrail(from: DateTime, to: DateTime, first: Int = 100): [AuditEntry]',
    },
  ])('refuses one with $change, naming the signature it must have', ({ field }) => {
    const declared = queryField(sdlWith(field), 'xAuditTrail');
    expect(declared).toBeDefined();
    expect(auditTrailMismatch(declared!)).toBe(
      `Query.xAuditTrail must be xAuditTrail(from: DateTime, to: DateTime, first: Int = 100): [AuditEntry!], as subgraphs/shared/audit.graphql says; it is ${field}`,
    );
  });
});
