/**
 * The edits `npm run subgraph:new` makes outside the new subgraph's folder, as text, so that the
 * files keep their comments, anchors and layout. Each takes a file's text and returns the new text,
 * or throws a ScaffoldEditError when the file no longer looks as expected (nothing is written then).
 */
import { parse } from 'yaml';
import { reservedWords, type ScaffoldNames } from './names.js';

export class ScaffoldEditError extends Error {}

/** What the new subgraph's lines in docker-compose.yml and the MySQL init script name. */
export interface DeploymentNames {
  readonly names: ScaffoldNames;
  readonly port: number;
  /** `<NAME>_DATABASE_URL`. */
  readonly databaseUrlVariable: string;
  /** `<NAME>_SUBGRAPH_URL`. */
  readonly subgraphUrlVariable: string;
  /** The URL composition writes into the supergraph, which the gateway also reaches it at: `http://<name>:<port>/`. */
  readonly composedUrl: string;
}

const databaseOf = (names: ScaffoldNames): string => `plancrack_${names.snake}`;
const passwordOf = (names: ScaffoldNames): string => `${names.subgraph}-secret`;

/** The registry imports the new definition under this name; another if it would shadow a name of the file. */
export function registryIdentifier(names: ScaffoldNames, registrySource: string): string {
  const taken = reservedWords.has(names.camel) || new RegExp(`\\b${names.camel}\\b`).test(registrySource);
  return taken ? `${names.camel}Definition` : names.camel;
}

/** Longest line the registry's list of subgraphs keeps on one line before it is written one entry a line. */
const maxLineLength = 160;

/** Adds `import { definition as x } from './<name>/server.js'` in path order, and `forgetContext(x)` at the end of `subgraphs`. */
export function addToRegistry(source: string, names: ScaffoldNames): string {
  const identifier = registryIdentifier(names, source);
  const modulePath = `./${names.subgraph}/server.js`;
  const importLine = `import { definition as ${identifier} } from '${modulePath}';\n`;
  const relativeImports = [...source.matchAll(/^import\b[^;]*?from '(\.[^']+)';$/gm)];
  const last = relativeImports.at(-1);
  if (last === undefined) throw new ScaffoldEditError("subgraphs/registry.ts: found no import from './<subgraph>/server.js'");
  const next = relativeImports.find((match) => (match[1] ?? '') > modulePath);
  const importAt = next?.index ?? last.index + last[0].length + 1;
  const withImport = source.slice(0, importAt) + importLine + source.slice(importAt);

  const list = /^(export const subgraphs\b[^=]*=\s*\[)([\s\S]*?)(\]\s*(?:as const)?;)$/m.exec(withImport);
  if (list === null) throw new ScaffoldEditError('subgraphs/registry.ts: found no `export const subgraphs = [...]` list');
  const [whole, opening = '', entries = '', closing = ''] = list;
  const entry = `forgetContext(${identifier})`;
  const existing = entries
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const oneLine = `${opening}${[...existing, entry].join(', ')}${closing}`;
  const replacement =
    !entries.includes('\n') && oneLine.length <= maxLineLength
      ? oneLine
      : `${opening}\n${[...existing, entry].map((item) => `  ${item},\n`).join('')}${closing}`;
  return withImport.slice(0, list.index) + replacement + withImport.slice(list.index + whole.length);
}

/** The lines of one top-level service of docker-compose.yml: from `  <name>:` to the next line indented two spaces or less. */
function serviceBlock(lines: readonly string[], service: string): { start: number; end: number } {
  const start = lines.findIndex((line) => line === `  ${service}:`);
  if (start < 0) throw new ScaffoldEditError(`docker-compose.yml: found no service "${service}"`);
  let end = start + 1;
  while (end < lines.length && (/^\s*$/.test(lines[end] ?? '') || /^ {3,}\S/.test(lines[end] ?? ''))) end += 1;
  // Blank lines between services belong to neither.
  while (end > start + 1 && /^\s*$/.test(lines[end - 1] ?? '')) end -= 1;
  return { start, end };
}

/** The last line of a four-space key's mapping inside a block (`    environment:`), after which a six-space entry goes. */
function endOfMapping(lines: readonly string[], block: { start: number; end: number }, key: string): number {
  const header = lines.findIndex((line, index) => index > block.start && index < block.end && line === `    ${key}:`);
  if (header < 0) throw new ScaffoldEditError(`docker-compose.yml: the gateway has no "${key}:"`);
  let last = header;
  for (let index = header + 1; index < block.end && /^( {6,}\S|\s*$)/.test(lines[index] ?? ''); index += 1) {
    if (/^ {6}[\w-]+:/.test(lines[index] ?? '')) last = index;
  }
  return last;
}

/** The new subgraph's service, its URL in the gateway's environment and its place in the gateway's `depends_on`. */
export function addToDockerCompose(source: string, deployment: DeploymentNames): string {
  const { names } = deployment;
  const lines = source.split('\n');
  const gateway = serviceBlock(lines, 'gateway');
  const service = [
    `  ${names.subgraph}:`,
    '    <<: *subgraph',
    `    command: ["node", "dist/subgraphs/${names.subgraph}/index.js"]`,
    '    environment:',
    `      PORT: "${deployment.port}"`,
    '      NODE_ENV: production',
    `      ${deployment.databaseUrlVariable}: mysql://${names.snake}:${passwordOf(names)}@mysql:3306/${databaseOf(names)}`,
    '      SEED_IF_EMPTY: "true"',
    '      GATEWAY_PROOF_PUBLIC_KEY_FILE: /run/secrets/gateway-proof-public-key',
    '    healthcheck: *subgraph-health',
    '',
  ];
  // From the last line up, so that earlier indexes stay right.
  const dependsOn = endOfMapping(lines, gateway, 'depends_on');
  lines.splice(dependsOn + 1, 0, `      ${names.subgraph}: { condition: service_healthy }`);
  const environment = endOfMapping(lines, gateway, 'environment');
  const lastUrl = lines.findLastIndex(
    (line, index) => index > gateway.start && index <= environment && /^ {6}[A-Z0-9_]+_SUBGRAPH_URL:/.test(line),
  );
  lines.splice((lastUrl >= 0 ? lastUrl : environment) + 1, 0, `      ${deployment.subgraphUrlVariable}: ${deployment.composedUrl}`);
  lines.splice(gateway.start, 0, ...service);
  const edited = lines.join('\n');
  checkDockerCompose(edited, deployment);
  return edited;
}

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
}

/** Reads the edited file back as YAML: a layout the text edit misread fails here, before anything is written. */
function checkDockerCompose(source: string, { names, port, databaseUrlVariable, subgraphUrlVariable, composedUrl }: DeploymentNames): void {
  const services = (parse(source, { merge: true }) as { services?: Record<string, ComposeService> }).services ?? {};
  const service = services[names.subgraph];
  const gateway = services.gateway;
  const problems = [
    service?.command?.join(' ') === `node dist/subgraphs/${names.subgraph}/index.js` ? '' : 'its command',
    service?.environment?.PORT === String(port) ? '' : 'its PORT',
    service?.environment?.[databaseUrlVariable] ? '' : databaseUrlVariable,
    service?.depends_on?.mysql ? '' : 'its depends_on mysql',
    gateway?.environment?.[subgraphUrlVariable] === composedUrl ? '' : `the gateway's ${subgraphUrlVariable}`,
    gateway?.depends_on?.[names.subgraph] ? '' : "the gateway's depends_on",
  ].filter((problem) => problem !== '');
  if (problems.length > 0)
    throw new ScaffoldEditError(`docker-compose.yml: the edit did not give ${problems.join(', ')}; add the service by hand`);
}

/** Inserts a line after the last line that starts with `prefix`, or at the end. */
function afterLast(lines: string[], prefix: string, line: string): void {
  const last = lines.findLastIndex((candidate) => candidate.startsWith(prefix));
  if (last >= 0) lines.splice(last + 1, 0, line);
  else lines.splice(lines.at(-1) === '' ? lines.length - 1 : lines.length, 0, line);
}

/** The subgraph's database, its own user and that user's grant on it, each after its kind. */
export function addToMysqlInit(source: string, names: ScaffoldNames): string {
  const lines = source.split('\n');
  const database = databaseOf(names);
  afterLast(
    lines,
    'CREATE DATABASE IF NOT EXISTS ',
    `CREATE DATABASE IF NOT EXISTS ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
  );
  afterLast(lines, 'CREATE USER IF NOT EXISTS ', `CREATE USER IF NOT EXISTS '${names.snake}'@'%' IDENTIFIED BY '${passwordOf(names)}';`);
  afterLast(lines, 'GRANT ALL PRIVILEGES ON ', `GRANT ALL PRIVILEGES ON ${database}.* TO '${names.snake}'@'%';`);
  return lines.join('\n');
}

/** The team handle the new folder is given until the partner writes its own in CODEOWNERS. */
export const placeholderTeamOf = (names: ScaffoldNames): string => `@plan-crack/${names.subgraph}-team`;

/** Gives `/subgraphs/<name>/` to a placeholder team, after the last subgraph folder's line. */
export function addToCodeowners(source: string, names: ScaffoldNames): string {
  const lines = source.split('\n');
  if (!lines.some((line) => line.startsWith('/subgraphs/'))) throw new ScaffoldEditError('CODEOWNERS: found no /subgraphs/<name>/ line');
  afterLast(lines, '/subgraphs/', `/subgraphs/${names.subgraph}/ ${placeholderTeamOf(names)}`);
  return lines.join('\n');
}
