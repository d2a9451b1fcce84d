import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, print, specifiedRules, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultQueryLimits, estimateCost, limitValidationRules, type QueryLimits } from '../gateway/limits.js';
import {
  applications,
  manifestFile,
  manifestText,
  operationsOf,
  persistedQueryManifest,
  registeredOperations,
  type RegisteredOperation,
} from '../operations/index.js';
import { apiSchemaOf, supergraphFile } from '../schema/composition.js';
import { placeholderVariables } from '../schema/schema-check.js';
import { runScript } from './support/scripts.js';

const label = (operation: RegisteredOperation) => `${operation.application}/${operation.name}`;

describe('the registered operations', () => {
  it('are, by application, the operations clients are known to send', () => {
    const names = (application: string) => operationsOf(application).map((operation) => operation.name);
    expect(applications).toEqual(['care-pathways', 'communique', 'cross-agency-report', 'dashboard', 'readme', 'reports']);
    expect(names('dashboard')).toEqual([
      'DeepEntities',
      'LineHops',
      'MonthlyCharts',
      'OutreachRounds',
      'SectorLookup',
      'SectorPage',
      'SmallLookup',
      'StationPage',
    ]);
    expect(names('cross-agency-report')).toEqual(['CrossAgencyReport', 'YearOnYear']);
    expect(names('care-pathways')).toEqual(['CarePathways']);
    expect(names('reports')).toEqual(['ReportPlanWide', 'ReportSectors']);
    expect(names('readme')).toEqual([
      'RecordPoliceOperation',
      'SectorAcrossPartners',
      'SectorName',
      'SectorPoliceOperations',
      'SectorsFiguresOfAYear',
      'YearAcrossPartners',
    ]);
    // One per fact: test/gateway/figures.test.ts checks they are the facts' own.
    expect(names('communique')).toHaveLength(27);
  });

  it('hold one operation each, named like its file', () => {
    for (const operation of registeredOperations) {
      expect(operation.file).toBe(`operations/${operation.application}/${operation.name}.graphql`);
      const definitions = parse(operation.source).definitions;
      expect(definitions).toHaveLength(1);
      expect(definitions[0]).toMatchObject({ kind: 'OperationDefinition', operation: operation.type, name: { value: operation.name } });
    }
  });

  describe('on the graph the gateway serves', () => {
    const apiSchema = apiSchemaOf(readFileSync(supergraphFile, 'utf8'));
    // Half of each limit but cost: a client's operation may grow before the gateway refuses it.
    const half: QueryLimits = {
      maxDepth: defaultQueryLimits.maxDepth / 2,
      maxAliases: defaultQueryLimits.maxAliases / 2,
      maxDirectives: defaultQueryLimits.maxDirectives / 2,
      maxTokens: defaultQueryLimits.maxTokens / 2,
      maxCost: defaultQueryLimits.maxCost,
      maxNameLength: defaultQueryLimits.maxNameLength / 2,
    };
    const costOf = (operation: RegisteredOperation) =>
      estimateCost(apiSchema, operation.document, placeholderVariables(apiSchema, operation.document));

    it.each(registeredOperations.map((operation) => ({ label: label(operation), operation })))(
      '$label is valid, within the limits',
      ({ operation }) => {
        const document = parse(operation.body, { maxLexicalTokens: half.maxTokens });
        expect(validate(apiSchema, document, [...specifiedRules, ...limitValidationRules(half)]).map((error) => error.message)).toEqual([]);
        const estimate = costOf(operation);
        expect('cost' in estimate && estimate.cost <= half.maxCost).toBe(true);
      },
    );

    it('cost at most half the limit, but the bench’s entity-heavy view (within it)', () => {
      const costs = registeredOperations.map((operation) => ({ operation: label(operation), estimate: costOf(operation) }));
      expect(costs.filter(({ estimate }) => !('cost' in estimate) || estimate.cost > defaultQueryLimits.maxCost / 2)).toEqual([
        { operation: 'dashboard/DeepEntities', estimate: { cost: 13_761 } },
      ]);
      const [, nextCostliest] = [...costs].sort(
        (a, b) => ('cost' in b.estimate ? b.estimate.cost : 0) - ('cost' in a.estimate ? a.estimate.cost : 0),
      );
      expect(nextCostliest).toEqual({ operation: 'reports/ReportSectors', estimate: { cost: 9521 } });
    });
  });
});

describe('the README’s examples', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const readmeOperations = operationsOf('readme');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
  // The `curl` and write examples send a JSON body: `"query":"…"`.
  const sentQueries = [...readme.matchAll(/"query":("(?:[^"\\]|\\.)*")/g)].map((match) => JSON.parse(match[1]!) as string);

  it('quote their registered files exactly', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) expect(readmeOperations.map((operation) => operation.source)).toContain(block);
  });

  it('send their registered operations', () => {
    expect(sentQueries.length).toBeGreaterThanOrEqual(3);
    for (const query of sentQueries) expect(readmeOperations.map((operation) => operation.body)).toContain(print(parse(query)));
  });

  it('are all of operations/readme/', () => {
    const shown = new Set([...blocks, ...sentQueries].map((text) => print(parse(text))));
    expect(readmeOperations.filter((operation) => !shown.has(operation.body)).map(label)).toEqual([]);
  });
});

describe('the persisted-query manifest', () => {
  const manifest = persistedQueryManifest();

  it('is committed up to date (run `npm run operations:manifest` when this fails)', () => {
    expect(readFileSync(manifestFile, 'utf8')).toBe(manifestText());
  });

  it('holds every operation once, by name, with the SHA-256 of its body as id', () => {
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.version).toBe(1);
    expect(manifest.operations.map((entry) => entry.name)).toEqual(registeredOperations.map((operation) => operation.name).sort());
    for (const entry of manifest.operations) {
      const operation = registeredOperations.find((registered) => registered.name === entry.name)!;
      expect(entry).toEqual({
        id: createHash('sha256').update(entry.body).digest('hex'),
        name: operation.name,
        type: operation.type,
        body: operation.body,
      });
    }
  });

  describe('npm run operations:manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plancrack-manifest-'));
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('-- --check passes on the committed manifest', async () => {
      expect(await runScript('operations/write-manifest.ts', ['--check'])).toMatchObject({
        exitCode: 0,
        stdout: `operations/manifest.json is up to date (${manifest.operations.length} operations).\n`,
      });
    });

    it('-- --check fails on a stale one, and writing makes it current', async () => {
      const file = join(dir, 'manifest.json');
      writeFileSync(file, manifestText({ ...manifest, operations: manifest.operations.slice(1) }));
      expect(await runScript('operations/write-manifest.ts', ['--check', '--file', file])).toMatchObject({
        exitCode: 1,
        stderr: `${file} is stale: run \`npm run operations:manifest\` and commit it.\n`,
      });
      expect((await runScript('operations/write-manifest.ts', ['--file', file])).exitCode).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(manifestText());
    });
  });
});
