import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphPortVariable } from '../platform/env.js';
import { addToCodeowners, addToDockerCompose, addToMysqlInit, addToRegistry, placeholderTeamOf } from '../scripts/scaffold/edits.js';
import { scaffoldNames } from '../scripts/scaffold/names.js';
import { defaultSubgraphPorts, subgraphNames } from '../subgraphs/registry.js';
import { projectDir, startService, type Service } from './support/processes.js';
import { postGraphQL } from './support/subgraphs.js';

// `npm run subgraph:new` as a partner runs it, in a copy of the repository: then, with no other edit,
// the new subgraph's own test, the tests that read the registry, the typecheck and `npm start`.

// A name and a type no partner would choose, so that the test still runs once real subgraphs are scaffolded.
const name = 'scaffold-example';
const entity = 'ScaffoldExampleNote';
const partner = 'mildeca';
const seededIds = ['canal-ourcq-1', 'eole-1', 'forceval-1', 'porte-de-la-chapelle-1', 'rosa-parks-1', 'stalingrad-1'];

/** Vitest's own variables would make a vitest started inside this one believe it is a worker. */
const childEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in `cwd` to its end; past `timeoutMs` its whole process group is killed, so nothing outlives the test. */
function run(cwd: string, command: string, args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Copies the repository as git sees it (tracked files, and new ones not ignored, as they are on disk) into `copy`, without data/, and links node_modules. */
function copyRepository(copy: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: projectDir,
    encoding: 'utf8',
  });
  for (const path of listed.split('\0')) {
    // A tracked file deleted in the working tree is listed but absent.
    if (path === '' || path.startsWith('data/') || !existsSync(join(projectDir, path))) continue;
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    copyFileSync(join(projectDir, path), join(copy, path));
  }
  symlinkSync(join(projectDir, 'node_modules'), join(copy, 'node_modules'), 'dir');
}

/** Every line of `before` is still in `after`, in the same order: the edit only inserted lines. */
function onlyInserted(before: string, after: string): boolean {
  const remaining = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    at = remaining.indexOf(line, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

describe('the edits outside the new folder', () => {
  const names = scaffoldNames(name, entity);
  const read = (path: string) => readFileSync(join(projectDir, path), 'utf8');

  it('only insert lines into the registry, docker-compose.yml, the MySQL init script and CODEOWNERS, keeping comments and anchors', () => {
    const deployment = {
      names,
      port: 4999,
      databaseUrlVariable: 'SCAFFOLD_EXAMPLE_DATABASE_URL',
      subgraphUrlVariable: 'SCAFFOLD_EXAMPLE_SUBGRAPH_URL',
      composedUrl: `http://${name}:4999/`,
    };
    expect(onlyInserted(read('docker-compose.yml'), addToDockerCompose(read('docker-compose.yml'), deployment))).toBe(true);
    expect(onlyInserted(read('docker/mysql-init.sql'), addToMysqlInit(read('docker/mysql-init.sql'), names))).toBe(true);
    const codeowners = addToCodeowners(read('CODEOWNERS'), names);
    expect(onlyInserted(read('CODEOWNERS'), codeowners)).toBe(true);
    expect(codeowners).toContain(`\n/subgraphs/${name}/ @plan-crack/${name}-team\n`);
    const registry = addToRegistry(read('subgraphs/registry.ts'), names);
    expect(registry).toContain(`import { definition as scaffoldExample } from './${name}/server.js';`);
    expect(registry).toMatch(/forgetContext\(scaffoldExample\),?\s*\]/);
  });

  it('imports a subgraph under another name when its own would shadow a name of the registry or is a reserved word', () => {
    const registry = addToRegistry(read('subgraphs/registry.ts'), scaffoldNames('subgraphs'));
    expect(registry).toContain("import { definition as subgraphsDefinition } from './subgraphs/server.js';");
    expect(registry).toMatch(/forgetContext\(subgraphsDefinition\),?\s*\]/);
    expect(addToRegistry(read('subgraphs/registry.ts'), scaffoldNames('new'))).toContain(
      "import { definition as newDefinition } from './new/server.js';",
    );
  });
});

describe('npm run subgraph:new, in a copy of the repository', () => {
  let copy = '';
  let scaffold: Finished;
  let service: Service | undefined;

  beforeAll(async () => {
    // Made before the copy, so that afterAll removes it even if copying fails.
    copy = mkdtempSync(join(tmpdir(), 'plancrack-scaffold-'));
    copyRepository(copy);
    scaffold = await run(copy, 'npm', ['run', '--silent', 'subgraph:new', '--', name, '--partner', partner, '--entity', entity], 120_000);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    if (copy !== '') rmSync(copy, { recursive: true, force: true });
  });

  it('writes the subgraph with the same inside as the others, and says what it edited', () => {
    expect(scaffold.code, scaffold.stderr).toBe(0);
    const nextPort = Math.max(...subgraphNames.map((subgraph) => defaultSubgraphPorts[subgraph])) + 1;
    expect(scaffold.stdout).toContain(`subgraph:new: ${name} on port ${nextPort}, owned by ${partner}, entity ${entity}`);
    expect(scaffold.stdout).toMatch(/composed schema\/supergraph\.graphql/);
    const folder = join(copy, 'subgraphs', name);
    const inside = (path: string) => readdirSync(join(folder, path)).sort();
    expect(inside('.')).toEqual(
      [
        'context.ts',
        'entities',
        'generated',
        'index.ts',
        'loaders.ts',
        'migrations',
        'models.ts',
        'resolvers',
        'schema.graphql',
        'seed.ts',
        'server.ts',
        'test',
      ].sort(),
    );
    expect(inside('generated')).toEqual(['resolvers.ts']);
    expect(inside('test')).toEqual(['subgraph.test.ts']);
    expect(inside('entities')).toEqual([`${entity}.ts`, 'index.ts'].sort());
    expect(inside('resolvers')).toEqual([`${entity}.ts`, 'Query.ts', 'Sector.ts', 'index.ts'].sort());
    expect(inside('migrations')).toEqual([expect.stringMatching(/^\d{13}-Init\.ts$/), 'index.ts']);
    expect(readFileSync(join(folder, 'server.ts'), 'utf8')).toContain(`ownerPartners: ['${partner}'],`);
    // Its folder goes to a placeholder team, which the next steps tell the partner to replace.
    const placeholder = placeholderTeamOf(scaffoldNames(name, entity));
    expect(readFileSync(join(copy, 'CODEOWNERS'), 'utf8')).toContain(`\n/subgraphs/${name}/ ${placeholder}\n`);
    expect(scaffold.stdout).toContain(`edited  CODEOWNERS (subgraphs/${name}/ to ${placeholder})`);
    expect(scaffold.stdout).toContain(`in CODEOWNERS, replace ${placeholder} with your team's GitHub handle`);
  });

  it('refuses a bad name, an existing one and an unknown partner in one line with exit 2, and prints its usage on --help', async () => {
    const attempt = (...args: string[]) => run(copy, 'npm', ['run', '--silent', 'subgraph:new', '--', ...args], 60_000);
    const [badName, existing, unknownPartner, noPartner, help] = await Promise.all([
      attempt('Scaffold_Example', '--partner', partner),
      attempt(name, '--partner', partner),
      attempt('scaffold-other', '--partner', 'nobody'),
      attempt('scaffold-other'),
      attempt('--help'),
    ]);
    for (const refused of [badName, existing, unknownPartner, noPartner]) {
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/^subgraph:new: /);
      expect(refused.stdout).toBe('');
    }
    expect(badName.stderr).toContain('"Scaffold_Example" is not a subgraph name');
    expect(existing.stderr).toContain(`subgraphs/${name}/ already exists`);
    expect(unknownPartner.stderr).toContain('unknown partner nobody');
    expect(noPartner.stderr).toContain('give at least one --partner');
    expect(existsSync(join(copy, 'subgraphs', 'scaffold-other'))).toBe(false);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run subgraph:new -- <name> --partner <code>/);
  }, 120_000);

  it('passes its own test and the tests that read the registry: composition, docker-compose, migrations (on MySQL when TEST_MYSQL_URL is set), every element described, CODEOWNERS', async () => {
    // Outside the copy: the copy is checked afterwards as the partner's repository would be.
    const report = join(mkdtempSync(join(tmpdir(), 'plancrack-scaffold-report-')), 'vitest-report.json');
    // Only the new subgraph's migrations: the others' use the same MySQL databases as this suite's own migration test.
    const only = `^(composition|docker-compose\\.yml|MySQL migrations ${name}:|${name} subgraph|the API schema that clients see describes|CODEOWNERS|each partner's tests)`;
    const files = [
      `subgraphs/${name}/test/subgraph.test.ts`,
      'test/composition.test.ts',
      'test/docker-compose.test.ts',
      'test/migrations.test.ts',
      'test/schema-descriptions.test.ts',
      'test/codeowners.test.ts',
    ];
    const vitest = await run(copy, 'npx', ['vitest', 'run', ...files, '-t', only, '--reporter=json', `--outputFile=${report}`], 300_000);
    expect(vitest.code, vitest.stdout + vitest.stderr).toBe(0);
    const results = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
    };
    const passed = (file: string) =>
      results.testResults
        .filter((result) => result.name.endsWith(file))
        .flatMap((result) => result.assertionResults.filter((test) => test.status === 'passed').map((test) => test.fullName));
    // The new subgraph's test on every engine (SQLite, and MySQL when configured), and every registry test for it.
    expect(passed(`${name}/test/subgraph.test.ts`).length).toBeGreaterThanOrEqual(4);
    expect(passed('composition.test.ts').length).toBeGreaterThanOrEqual(1);
    expect(passed('docker-compose.test.ts').filter((test) => test.includes(name)).length).toBeGreaterThanOrEqual(1);
    expect(passed('migrations.test.ts').filter((test) => test.includes(name))).toHaveLength(process.env.TEST_MYSQL_URL ? 1 : 0);
    // The scaffolded SDL describes everything it adds, so the new fields show in the IDE's docs.
    expect(passed('schema-descriptions.test.ts')).toEqual([
      'the API schema that clients see describes every type, field, argument, enum value and input field',
    ]);
    // Its CODEOWNERS line and its test folder, checked against the registry that now has it.
    expect(passed('codeowners.test.ts')).toHaveLength(4);
  }, 360_000);

  it('typechecks', async () => {
    const tsc = await run(copy, 'npx', ['tsc', '-p', '.'], 300_000);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
  }, 360_000);

  it('is written as `npm run format` lays it out, its resolver types are fresh, and its folder passes the lint', async () => {
    const format = await run(copy, 'npm', ['run', '--silent', 'format:check'], 120_000);
    expect(format.code, format.stdout + format.stderr).toBe(0);
    const codegen = await run(copy, 'npm', ['run', '--silent', 'codegen:check'], 120_000);
    expect(codegen.code, codegen.stdout + codegen.stderr).toBe(0);
    const lint = await run(copy, 'npx', ['eslint', '--max-warnings', '0', `subgraphs/${name}/`, 'subgraphs/registry.ts'], 300_000);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
  }, 600_000);

  it("serves the new root field and the sector's new field through the gateway under npm start", async () => {
    const runDir = mkdtempSync(join(copy, 'run-'));
    const env: NodeJS.ProcessEnv = { DATA_DIR: join(runDir, 'data'), DEV_KEYS_DIR: join(runDir, 'keys'), PORT: '0' };
    // Port 0: each server takes a free port, and npm start wires the gateway to them.
    for (const subgraph of [...subgraphNames, name]) env[subgraphPortVariable(subgraph)] = '0';
    service = startService('npm start (copy)', ['npm', '--prefix', copy, 'start'], env);
    const [, url] = await service.waitFor(/plan-wide graph ready at (http:\/\/[^\s"]+)/, 120_000);
    expect(service.output()).toMatch(new RegExp(`subgraph ${name}\\s+http://\\S+\\s+\\(\\S+${name}\\.sqlite, seeded`));

    const token = await run(copy, 'npm', ['run', '--silent', 'token', '--', '--partner', partner, '--scopes', `${name}:read`], 60_000, {
      DEV_KEYS_DIR: env.DEV_KEYS_DIR,
    });
    expect(token.code, token.stderr).toBe(0);
    const query =
      '{ scaffoldExampleNotes { id sector { code } } sector(code: "stalingrad") { name scaffoldExampleNotes { id title recordedOn } } }';
    const { data, errors } = await postGraphQL(url!, query, undefined, { authorization: `Bearer ${token.stdout.trim()}` });
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      scaffoldExampleNotes: seededIds.map((id) => ({ id, sector: { code: id.replace(/-1$/, '') } })),
      sector: {
        name: 'Stalingrad',
        scaffoldExampleNotes: [{ id: 'stalingrad-1', title: 'Scaffold example note in stalingrad', recordedOn: '2024-01-06' }],
      },
    });

    // Its access rule holds at the gateway too: anonymous, the sector is served without the new field.
    const anonymous = await postGraphQL(url!, '{ sector(code: "stalingrad") { name scaffoldExampleNotes { id } } }');
    expect(anonymous.data).toEqual({ sector: { name: 'Stalingrad', scaffoldExampleNotes: null } });
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  }, 240_000);
});
