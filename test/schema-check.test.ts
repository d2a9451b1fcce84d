/**
 * `npm run schema:check` as a partner runs it before merging: a process given an edited copy of its
 * subgraph's SDL, judged by its exit code and what it prints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allSubgraphNames, composeSubgraphs, readExternalSubgraphs } from '../schema/composition.js';
import { subgraphNames } from '../subgraphs/registry.js';
import { runScript, type ScriptRun } from './support/scripts.js';

const dir = mkdtempSync(join(tmpdir(), 'plancrack-schema-check-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the subgraph's schema.graphql with one real edit, in a temporary file. */
function editedSchema(subgraph: string, edit: { readonly replace: string; readonly with: string }): string {
  const sdl = readFileSync(new URL(`../subgraphs/${subgraph}/schema.graphql`, import.meta.url), 'utf8');
  // The edit must apply to the SDL as it is: a test that silently edits nothing would pass for nothing.
  expect(sdl.split(edit.replace)).toHaveLength(2);
  const file = join(dir, `${subgraph}-${Math.random().toString(36).slice(2)}.graphql`);
  writeFileSync(file, sdl.replace(edit.replace, edit.with));
  return file;
}

/** Sector.policeEvictions as police-justice's SDL declares it, description and arguments' descriptions included. */
const policeEvictionsField = [
  '  "Evictions of consumers on the sector between two dates (inclusive)."',
  '  policeEvictions(',
  '    "First day (inclusive); null: open (no lower bound)."',
  '    from: Date',
  '    "Last day (inclusive); null: open (no upper bound)."',
  '    to: Date',
  '  ): PoliceEvictionSummary @requiresScopes(scopes: [["police-justice:read"]])',
  '',
].join('\n');

const schemaCheck = (...args: string[]): Promise<ScriptRun> => runScript('schema/check.ts', args);

interface JsonReport {
  readonly outcome: string;
  readonly exitCode: number;
  readonly changes: readonly {
    criticality: string;
    type: string;
    path: string | null;
    breaks: readonly { application: string; name: string }[];
  }[];
  readonly failingOperations: readonly {
    application: string;
    name: string;
    file: string;
    errors: readonly string[];
    breakingChanges: readonly string[];
  }[];
}

describe('npm run schema:check', () => {
  it('passes the subgraphs as they are: no change', async () => {
    const run = await schemaCheck('ratp');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('API schema: no change.');
    expect(run.stdout).toMatch(/PASSED: the change breaks no registered operation\.\n$/);
  });

  it('fails when a removed field is one an operation selects, naming the operations and their applications', async () => {
    const schema = editedSchema('police-justice', {
      replace: policeEvictionsField,
      with: '',
    });
    const run = await schemaCheck('police-justice', '--schema', schema);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      "  breaking  Sector.policeEvictions: Field 'policeEvictions' was removed from object type 'Sector'\n            breaks dashboard/SectorPage\n",
    );
    expect(run.stdout).toContain(
      '  dashboard/SectorPage (operations/dashboard/SectorPage.graphql)\n    uses Sector.policeEvictions\n    Cannot query field "policeEvictions" on type "Sector".',
    );
    expect(run.stdout).toMatch(/FAILED: the change breaks 1 operation of dashboard\.\n$/);
  });

  it('says the same in JSON for CI', async () => {
    const schema = editedSchema('police-justice', {
      replace: policeEvictionsField,
      with: '',
    });
    const run = await schemaCheck('police-justice', '--schema', schema, '--json');
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toMatchObject({ outcome: 'breaking', exitCode: 1 });
    expect(report.changes).toEqual([
      expect.objectContaining({
        criticality: 'breaking',
        type: 'FIELD_REMOVED',
        path: 'Sector.policeEvictions',
        breaks: [expect.objectContaining({ application: 'dashboard', name: 'SectorPage' })],
      }),
    ]);
    expect(report.failingOperations.map(({ application, name, breakingChanges }) => ({ application, name, breakingChanges }))).toEqual([
      { application: 'dashboard', name: 'SectorPage', breakingChanges: ['Sector.policeEvictions'] },
    ]);
  });

  it('passes when no operation uses the removed field, listing it as breaking but unused', async () => {
    const schema = editedSchema('police-justice', {
      replace: [
        '  "Prosecutable cases registered in one year, counted by the procedure the prosecutor chose."',
        '  judicialCasesByProcedure(',
        '    "The calendar year the cases were registered in, e.g. 2023."',
        '    year: Int!',
        '  ): [JudicialProcedureCount!] @requiresScopes(scopes: [["police-justice:read"]])',
        '',
      ].join('\n'),
      with: '',
    });
    const run = await schemaCheck('police-justice', '--schema', schema);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      "  breaking  Query.judicialCasesByProcedure: Field 'judicialCasesByProcedure' was removed from object type 'Query'\n            breaks no registered operation\n",
    );
    expect(run.stdout).toMatch(/Operations: \d+ registered, 0 broken by this change\n/);
    expect(run.stdout).toMatch(
      /PASSED: the change breaks no registered operation\. Its (\d+ )?breaking changes? breaks? none of them; a client outside operations\/ may still depend on (it|them)\.\n$/,
    );
  });

  it('fails when an argument becomes required and an operation omits it, not where every operation passes it', async () => {
    const omitted = editedSchema('police-justice', {
      replace:
        '    sector: ID\n    "First day (inclusive); null: open (no lower bound)."\n    from: Date\n    "Last day (inclusive); null: open (no upper bound)."\n    to: Date\n  ): [SceneDismantling!]',
      with: '    sector: ID\n    "First day (inclusive); null: open (no lower bound)."\n    from: Date!\n    "Last day (inclusive); null: open (no upper bound)."\n    to: Date\n  ): [SceneDismantling!]',
    });
    const failing = await schemaCheck('police-justice', '--schema', omitted);
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain(
      "  breaking  Query.sceneDismantlings.from: Type for argument 'from' on field 'Query.sceneDismantlings' changed from 'Date' to 'Date!'\n            breaks communique/ForcevalDismantling\n",
    );
    expect(failing.stdout).toContain('Field "sceneDismantlings" argument "from" of type "Date!" is required, but it was not provided.');

    const passed = editedSchema('police-justice', {
      replace: '    "Only this calendar year; null: every year with sentences."\n    year: Int\n',
      with: '    "Only this calendar year; null: every year with sentences."\n    year: Int!\n',
    });
    const passing = await schemaCheck('police-justice', '--schema', passed);
    expect(passing.exitCode).toBe(0);
    expect(passing.stdout).toContain(
      "  breaking  Query.judicialSentenceSummaries.year: Type for argument 'year' on field 'Query.judicialSentenceSummaries' changed from 'Int' to 'Int!'\n            breaks no registered operation\n",
    );
  });

  it('fails when a field an operation selects may now be null, though every operation still validates', async () => {
    const schema = editedSchema('plan', {
      replace: '  name: String!\n  "The Paris arrondissements the sector lies in."',
      with: '  name: String\n  "The Paris arrondissements the sector lies in."',
    });
    const run = await schemaCheck('plan', '--schema', schema, '--json');
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    const change = report.changes.find((candidate) => candidate.path === 'Sector.name');
    expect(change).toMatchObject({ criticality: 'breaking', type: 'FIELD_TYPE_CHANGED' });
    expect(change?.breaks.map(({ application, name }) => `${application}/${name}`)).toEqual(
      expect.arrayContaining([
        'dashboard/SectorPage',
        'dashboard/SmallLookup',
        'readme/SectorName',
        'cross-agency-report/CrossAgencyReport',
      ]),
    );
    expect(report.failingOperations.every((operation) => operation.errors.length === 0)).toBe(true);
  });

  it('passes a new field as a safe change', async () => {
    const schema = editedSchema('plan', {
      replace: '  "The Paris arrondissements the sector lies in."',
      with: '  "Its surface, in hectares."\n  areaHectares: Float\n  "The Paris arrondissements the sector lies in."',
    });
    const run = await schemaCheck('plan', '--schema', schema);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      "API schema: 2 changes (0 breaking, 0 dangerous, 2 safe)\n  safe      Sector.areaHectares: Field 'areaHectares' was added to object type 'Sector'\n  safe      Sector.areaHectares: Field 'Sector.areaHectares' has description 'Its surface, in hectares.'\n",
    );
    expect(run.stdout).toMatch(/PASSED: the change breaks no registered operation\.\n$/);
  });

  it('exits 2 on a conflict with another subgraph, locating it in both', async () => {
    const schema = editedSchema('police-justice', {
      replace: '  "Officers deployed on the sector between two dates (inclusive)."\n',
      with: '  name: String!\n  "Officers deployed on the sector between two dates (inclusive)."\n',
    });
    const run = await schemaCheck('police-justice', '--schema', schema);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain(
      'FAILED: composition failed with 1 error:\n  - INVALID_FIELD_SHARING: Non-shareable field "Sector.name" is resolved from multiple subgraphs',
    );
    expect(run.stdout).toMatch(/in \[plan\] FieldDefinition name at line \d+\n {4}in \[police-justice\] FieldDefinition name at line \d+/);
  });

  it.each([
    {
      input: 'an unknown subgraph',
      args: ['mildeca'],
      error: `schema:check: unknown subgraph "mildeca"; the subgraphs are ${subgraphNames.join(', ')}\n`,
    },
    {
      input: 'no subgraph',
      args: [],
      error:
        'schema:check: give one subgraph; usage: npm run schema:check -- <subgraph> [--schema <file>] [--against <supergraph>] [--json]\n',
    },
    {
      input: 'an unreadable file',
      args: ['ratp', '--schema', '/nonexistent/ratp.graphql'],
      error: 'schema:check: cannot read /nonexistent/ratp.graphql: no such file\n',
    },
    {
      input: 'an unreadable supergraph to compare with',
      args: ['ratp', '--against', '/nonexistent/supergraph.graphql'],
      error: 'schema:check: cannot read /nonexistent/supergraph.graphql: no such file\n',
    },
    {
      input: "a subgraph's SDL given as the supergraph to compare with",
      args: ['ratp', '--against', 'subgraphs/ratp/schema.graphql'],
      error:
        "schema:check: subgraphs/ratp/schema.graphql is not a supergraph: it links no join spec (a subgraph's SDL?): give a composed one, as npm run compose writes schema/supergraph.graphql\n",
    },
  ])('exits 2 on $input, in one line', async ({ args, error }) => {
    expect(await schemaCheck(...args)).toEqual({ exitCode: 2, stdout: '', stderr: error });
  });

  it("compares with another supergraph given by --against, such as an older release's", async () => {
    // The release before Sector.policeEvictions, composed as npm run compose would have then.
    const older = composeSubgraphs(allSubgraphNames(readExternalSubgraphs()), {
      name: 'police-justice',
      schemaFile: pathToFileURL(editedSchema('police-justice', { replace: policeEvictionsField, with: '' })),
    });
    if (!older.ok) throw new Error(older.errors.join('\n'));
    const olderSupergraph = join(dir, 'older-supergraph.graphql');
    writeFileSync(olderSupergraph, older.supergraphSdl);

    const run = await schemaCheck('police-justice', '--against', olderSupergraph);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Schema check of police-justice (subgraphs/police-justice/schema.graphql) against ${olderSupergraph}\n`);
    expect(run.stdout).toContain("  safe      Sector.policeEvictions: Field 'policeEvictions' was added to object type 'Sector'\n");
    expect(run.stdout).not.toContain('breaking  ');

    // The same removal that breaks the sector page against the committed supergraph is no change against that release.
    const removed = editedSchema('police-justice', { replace: policeEvictionsField, with: '' });
    const againstOlder = await schemaCheck('police-justice', '--schema', removed, '--against', olderSupergraph);
    expect(againstOlder.stdout).toContain('API schema: no change.');
  });

  it('exits 2 on SDL that does not parse, with the line and column', async () => {
    const schema = editedSchema('ratp', { replace: 'type Sector @key(fields: "code")', with: 'type Sector @key(fields: "code"' });
    const run = await schemaCheck('ratp', '--schema', schema);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`  - ${schema.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: Syntax Error: `));
  });
});
