/**
 * A partner's check before merging a schema change:
 *   npm run schema:check -- <subgraph> [--schema <file>] [--against <supergraph>] [--json]
 * composes the subgraph's changed SDL (default: its schema.graphql) with the others, diffs the API
 * schema with a supergraph's (default: the committed one; --against: e.g. the one a release runs),
 * and validates every registered operation (operations/).
 * Exit 0: safe (breaking changes that no operation uses are listed); 1: an operation uses a breaking
 * change; 2: composition error or bad input. `--json` prints the same report as JSON for CI.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { asksForHelp, firstSentence } from '../scripts/cli.js';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import type { RegisteredOperation } from '../operations/index.js';
import { isSubgraphName, schemaFileOf } from '../subgraphs/registry.js';
import {
  allSubgraphNames,
  apiSchemaOf,
  composeSubgraphs,
  ExternalSubgraphsError,
  readExternalSubgraphs,
  supergraphFile,
  type ExternalSubgraph,
} from './composition.js';
import { checkApiSchemaChange, type FailingOperation, type SchemaChange, type SchemaCheckResult } from './schema-check.js';

interface CheckedFiles {
  readonly subgraph: string;
  readonly schemaFile: string;
  /** The supergraph the change is compared with. */
  readonly againstFile: string;
}

type SchemaCheckReport =
  | ({ readonly outcome: 'safe' | 'breaking' } & CheckedFiles & SchemaCheckResult)
  | ({ readonly outcome: 'composition-error'; readonly errors: readonly string[] } & CheckedFiles)
  | { readonly outcome: 'bad-input'; readonly error: string };

const exitCodes: Record<SchemaCheckReport['outcome'], number> = { safe: 0, breaking: 1, 'composition-error': 2, 'bad-input': 2 };
const usage = 'usage: npm run schema:check -- <subgraph> [--schema <file>] [--against <supergraph>] [--json]';
const projectDir = fileURLToPath(new URL('../', import.meta.url));

/** A path as a partner would type it: relative to the project when inside it. */
function shown(path: string): string {
  const inProject = relative(projectDir, path);
  return inProject.startsWith('..') ? path : inProject;
}

const readErrors: Readonly<Record<string, string>> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' };

function describeReadError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return readErrors[error.code] ?? error.code;
  return error instanceof Error ? error.message : String(error);
}

async function check(argv: readonly string[]): Promise<{ report: SchemaCheckReport; json: boolean }> {
  let values: { readonly schema?: string; readonly against?: string; readonly json: boolean };
  let positionals: readonly string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: { schema: { type: 'string' }, against: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
    }));
  } catch (error) {
    return {
      report: { outcome: 'bad-input', error: `${firstSentence(error instanceof Error ? error.message : String(error))}; ${usage}` },
      json: argv.includes('--json'),
    };
  }
  const badInput = (error: string) => ({ report: { outcome: 'bad-input', error } as const, json: values.json });
  const [subgraph, ...extra] = positionals;
  if (subgraph === undefined || extra.length > 0) return badInput(`give one subgraph; ${usage}`);
  let external: ExternalSubgraph[];
  try {
    external = readExternalSubgraphs();
  } catch (error) {
    if (error instanceof ExternalSubgraphsError) return badInput(error.message);
    throw error;
  }
  const known = allSubgraphNames(external);
  if (!known.includes(subgraph)) return badInput(`unknown subgraph "${subgraph}"; the subgraphs are ${known.join(', ')}`);

  const ownFile = isSubgraphName(subgraph) ? schemaFileOf(subgraph) : external.find((published) => published.name === subgraph)?.schemaFile;
  if (ownFile === undefined) return badInput(`unknown subgraph "${subgraph}"; the subgraphs are ${known.join(', ')}`);
  const schemaPath = values.schema === undefined ? fileURLToPath(ownFile) : resolve(values.schema);
  const schemaFile = shown(schemaPath);
  let sdl: string;
  try {
    sdl = readFileSync(schemaPath, 'utf8');
  } catch (error) {
    return badInput(`cannot read ${schemaFile}: ${describeReadError(error)}`);
  }
  const againstPath = values.against === undefined ? fileURLToPath(supergraphFile) : resolve(values.against);
  const againstFile = shown(againstPath);
  let againstSdl: string;
  try {
    againstSdl = readFileSync(againstPath, 'utf8');
  } catch (error) {
    return badInput(`cannot read ${againstFile}: ${describeReadError(error)}`);
  }
  let againstApi: GraphQLSchema;
  try {
    againstApi = apiSchemaOf(againstSdl);
  } catch (error) {
    // Not the change's fault: the baseline given is no supergraph the gateway could serve.
    const why = againstSdl.includes('specs.apollo.dev/join/')
      ? firstSentence(error instanceof Error ? error.message : String(error))
      : "it links no join spec (a subgraph's SDL?): give a composed one, as npm run compose writes schema/supergraph.graphql";
    return badInput(`${againstFile} is not a supergraph: ${why}`);
  }
  const files: CheckedFiles = { subgraph, schemaFile, againstFile };
  try {
    parse(sdl);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const location = error.locations?.[0];
    return {
      report: {
        outcome: 'composition-error',
        ...files,
        errors: [`${schemaFile}${location ? `:${location.line}:${location.column}` : ''}: ${error.message}`],
      },
      json: values.json,
    };
  }

  let changedApi: GraphQLSchema;
  try {
    const composition = composeSubgraphs(known, { name: subgraph, schemaFile: pathToFileURL(schemaPath) }, external);
    if (!composition.ok) return { report: { outcome: 'composition-error', ...files, errors: composition.errors }, json: values.json };
    changedApi = apiSchemaOf(composition.supergraphSdl);
  } catch (error) {
    // A supergraph the gateway could not serve is a composition error too, told in one line.
    return {
      report: { outcome: 'composition-error', ...files, errors: [error instanceof Error ? error.message : String(error)] },
      json: values.json,
    };
  }
  let operations: readonly RegisteredOperation[];
  try {
    ({ registeredOperations: operations } = await import('../operations/index.js'));
  } catch (error) {
    // A registered file that is not one named operation: the registry's own mistake, told in one line.
    return badInput(error instanceof Error ? error.message : String(error));
  }
  const result = await checkApiSchemaChange(againstApi, changedApi, operations);
  return {
    report: { outcome: result.failingOperations.length > 0 ? 'breaking' : 'safe', ...files, ...result },
    json: values.json,
  };
}

/** `<application>/<Name>`, as the registry's folders read. */
const operationLabel = ({ application, name }: { readonly application: string; readonly name: string }) => `${application}/${name}`;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function changeLines(change: SchemaChange): string[] {
  const line = `  ${change.criticality.padEnd(9)} ${change.path ? `${change.path}: ` : ''}${change.message}`;
  if (change.criticality !== 'breaking') return [line];
  return [
    line,
    `            ${change.breaks.length > 0 ? `breaks ${change.breaks.map(operationLabel).join(', ')}` : 'breaks no registered operation'}`,
  ];
}

function operationLines(operation: FailingOperation): string[] {
  return [
    `  ${operationLabel(operation)} (${operation.file})`,
    ...operation.breakingChanges.map((path) => `    uses ${path}`),
    ...operation.errors.map((error) => `    ${error}`),
  ];
}

function humanReport(report: SchemaCheckReport): string {
  if (report.outcome === 'bad-input') return `schema:check: ${report.error}`;
  const header = `Schema check of ${report.subgraph} (${report.schemaFile}) against ${report.againstFile}`;
  if (report.outcome === 'composition-error') {
    return [
      header,
      `FAILED: composition failed with ${plural(report.errors.length, 'error')}:`,
      ...report.errors.map((error) => `  - ${error}`),
    ].join('\n');
  }
  const count = (criticality: SchemaChange['criticality']) => report.changes.filter((change) => change.criticality === criticality).length;
  const breaking = report.changes.filter((change) => change.criticality === 'breaking');
  const unused = breaking.filter((change) => change.breaks.length === 0).length;
  const applications = [...new Set(report.failingOperations.map((operation) => operation.application))];
  return [
    header,
    '',
    report.changes.length === 0
      ? 'API schema: no change.'
      : `API schema: ${plural(report.changes.length, 'change')} (${count('breaking')} breaking, ${count('dangerous')} dangerous, ${count('safe')} safe)`,
    ...report.changes.flatMap(changeLines),
    '',
    `Operations: ${report.operationsChecked} registered, ${report.failingOperations.length} broken by this change`,
    ...report.failingOperations.flatMap(operationLines),
    ...(report.alreadyFailing.length > 0
      ? [`Already failing on ${report.againstFile} (not counted): ${report.alreadyFailing.map(operationLabel).join(', ')}`]
      : []),
    '',
    report.outcome === 'breaking'
      ? `FAILED: the change breaks ${plural(report.failingOperations.length, 'operation')} of ${applications.join(', ')}.`
      : `PASSED: the change breaks no registered operation.${unused > 0 ? ` ${unused === 1 ? 'Its breaking change breaks' : `Its ${unused} breaking changes break`} none of them; a client outside operations/ may still depend on ${unused === 1 ? 'it' : 'them'}.` : ''}`,
  ].join('\n');
}

if (asksForHelp(process.argv.slice(2))) {
  console.log(`${usage}

Composes the subgraph's changed SDL (default: its schema.graphql; --schema another file) with the
others, diffs the API schema with the committed supergraph's (--against another supergraph, e.g.
the one a release runs: git show <release>:schema/supergraph.graphql > old.graphql) and validates every
registered operation (operations/) against it. Exit 0: safe; 1: a registered operation uses a breaking change;
2: a composition error or bad input. --json prints the report as JSON, for CI.`);
  process.exit(0);
}
const { report, json } = await check(process.argv.slice(2));
if (json) console.log(JSON.stringify({ ...report, exitCode: exitCodes[report.outcome] }, null, 2));
if (report.outcome === 'bad-input') console.error(humanReport(report));
else if (!json) console.log(humanReport(report));
process.exitCode = exitCodes[report.outcome];
