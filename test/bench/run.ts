/**
 * `npm run bench -- [--rows 1000000] [--duration 20] [--connections 10] [--warmup 5] [--timeout 10] [--profile]
 *   [--reload] [--data-only] [--mysql mysql://root@127.0.0.1:3306] [--queries a,b] [--gateways plan-wide,apollo-default,hive] [--hive-no-dedupe]`
 *
 * The same five subgraphs, on the same data in MariaDB/MySQL, behind three gateways in turn:
 * (a) this project's gateway as production runs it, (b) a default @apollo/gateway on @apollo/server,
 * (c) Hive Gateway, all serving schema/supergraph.graphql. Each named query is checked to get the
 * same answer from each, then driven with autocannon; the figures are printed and written under
 * test/bench/results/. A script that measures, not a test.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { parse as parseYaml } from 'yaml';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { signGatewayProof } from '../../platform/gateway-proof.js';
import { knownScopes, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { databaseUrlVariable } from '../../subgraphs/shared/database.js';
import { projectDir, startService, type Service } from '../support/processes.js';
import { cpuPerRequest, cpuSnapshot, databaseServerPids, waitUntilIdle } from './cpu.js';
import { benchDatabaseUrl, benchServerUrl, expectedRows, prepareBenchData, scaleForRows, type SubgraphData } from './data.js';
import { firstDifference, loadTest, median, queryOnce, sequentialLatencies, type LoadResult } from './measure.js';
import { profileIn, summarizeProfile, type ProfileSummary } from './profile.js';
import { selectQueries, type NamedQuery } from './queries/index.js';
import { busyLoadAverage, renderReport, type BenchReport, type GatewayRun, type QueryRun } from './report.js';

const benchDir = join(projectDir, 'test/bench');
/**
 * Hive Gateway's own package, installed only by the bench. Not test/bench itself: Node would then
 * resolve every bench file's imports (graphql, jose, …) from Hive's copies instead of the project's.
 */
const hiveDir = join(benchDir, 'hive');
const supergraphFile = join(projectDir, 'schema/supergraph.graphql');
/** Requests sent one at a time per query and gateway, for the unloaded latency. */
const sequentialCount = 20;

/** What a user got wrong (a flag, a value, an unreachable server): printed without a stack. */
class BenchInputError extends Error {}

/** The command line; a flag it does not know, or a value of the wrong kind, ends the bench with what was wrong. */
function readFlags() {
  try {
    return parseArgs({
      options: {
        rows: { type: 'string', default: '1000000' },
        duration: { type: 'string', default: '20' },
        connections: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '5' },
        timeout: { type: 'string', default: '10' },
        mysql: { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306' },
        reload: { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        queries: { type: 'string' },
        gateways: { type: 'string' },
        'hive-no-dedupe': { type: 'boolean', default: false },
        'data-only': { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(2);
  }
}

const values = readFlags();

function wholeNumber(flag: string, text: string | undefined, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new BenchInputError(`--${flag} must be a whole number of at least ${minimum}, got "${text}"`);
  return value;
}

// ---- the gateways ----------------------------------------------------------------------------

type GatewayId = 'plan-wide' | 'apollo-default' | 'hive';

interface GatewaySetup {
  readonly port: number;
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  readonly keys: BenchKeys;
  /** Each subgraph's static proof, for the gateways that do not sign their own. */
  readonly proofs: Readonly<Record<SubgraphName, string>>;
  /** Extra node options, e.g. --cpu-prof. */
  readonly nodeOptions: readonly string[];
}

interface GatewaySpec {
  readonly id: GatewayId;
  readonly label: string;
  readonly what: string;
  readonly version: () => string;
  readonly start: (setup: GatewaySetup) => Service;
  readonly url: (port: number) => string;
}

const packageVersion = (file: string): string => {
  try {
    return (JSON.parse(readFileSync(join(projectDir, file), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
};

const hiveBin = join(hiveDir, 'node_modules/@graphql-hive/gateway/dist/bin.js');
const benchSubgraphsEnv = (setup: GatewaySetup): string =>
  JSON.stringify(Object.fromEntries(subgraphNames.map((name) => [name, { url: setup.subgraphUrls[name], proof: setup.proofs[name] }])));

/** The gateway's Node options in docker-compose.yml (its heap cap): (a) runs as production does. */
const productionNodeOptions = (
  parseYaml(readFileSync(join(projectDir, 'docker-compose.yml'), 'utf8')) as { services: { gateway: { environment: Record<string, string> } } }
).services.gateway.environment.NODE_OPTIONS ?? '';

const gatewaySpecs: readonly GatewaySpec[] = [
  {
    id: 'plan-wide',
    label: '(a) plan-wide',
    what: 'this project’s gateway as production runs it (node --import tsx gateway/index.ts, NODE_ENV=production, docker-compose’s NODE_OPTIONS)',
    version: () => `@apollo/gateway ${packageVersion('node_modules/@apollo/gateway/package.json')}`,
    start: (setup) =>
      startService('gateway (a) plan-wide', [process.execPath, ...setup.nodeOptions, '--import', 'tsx', 'gateway/index.ts'], {
        NODE_ENV: 'production',
        NODE_OPTIONS: productionNodeOptions,
        PORT: String(setup.port),
        HOST: '127.0.0.1',
        SUPERGRAPH_FILE: supergraphFile,
        AUTH_PUBLIC_KEY_FILE: setup.keys.tokenPublicKeyFile,
        AUTH_ISSUER: benchIssuer,
        AUTH_AUDIENCE: benchAudience,
        GATEWAY_PROOF_KEY_FILE: setup.keys.proofPrivateKeyFile,
        ...Object.fromEntries(subgraphNames.map((name) => [subgraphUrlVariable(name), setup.subgraphUrls[name]])),
      }),
    url: (port) => `http://127.0.0.1:${port}/`,
  },
  {
    id: 'apollo-default',
    label: '(b) apollo-default',
    what: '@apollo/gateway on @apollo/server with startStandaloneServer, no tuning (test/bench/gateways/apollo-default.ts)',
    version: () => `@apollo/gateway ${packageVersion('node_modules/@apollo/gateway/package.json')}, @apollo/server ${packageVersion('node_modules/@apollo/server/package.json')}`,
    start: (setup) =>
      startService('gateway (b) apollo-default', [process.execPath, ...setup.nodeOptions, '--import', 'tsx', 'test/bench/gateways/apollo-default.ts'], {
        NODE_ENV: 'production',
        PORT: String(setup.port),
        BENCH_SUPERGRAPH_FILE: supergraphFile,
        BENCH_SUBGRAPHS: benchSubgraphsEnv(setup),
      }),
    url: (port) => `http://127.0.0.1:${port}/`,
  },
  {
    id: 'hive',
    label: '(c) hive',
    what: `Hive Gateway’s CLI, \`hive-gateway supergraph schema/supergraph.graphql\`, ${values['hive-no-dedupe'] ? 'with its deduplication of identical subgraph calls in flight turned OFF (--hive-no-dedupe)' : 'no tuning'} (test/bench/hive/gateway.config.mjs)`,
    version: () => `@graphql-hive/gateway ${packageVersion('test/bench/hive/node_modules/@graphql-hive/gateway/package.json')}`,
    start: (setup) =>
      startService(
        'gateway (c) hive',
        [process.execPath, ...setup.nodeOptions, hiveBin, 'supergraph', supergraphFile, '--host', '127.0.0.1', '--port', String(setup.port), '--config-path', join(hiveDir, 'gateway.config.mjs')],
        { NODE_ENV: 'production', BENCH_SUBGRAPHS: benchSubgraphsEnv(setup), BENCH_HIVE_DEDUPLICATE: values['hive-no-dedupe'] ? 'false' : 'true' },
      ),
    url: (port) => `http://127.0.0.1:${port}/graphql`,
  },
];

function selectGateways(names: string | undefined): GatewaySpec[] {
  if (names === undefined || names === '') return [...gatewaySpecs];
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !gatewaySpecs.some((spec) => spec.id === name));
  if (unknown.length > 0) throw new BenchInputError(`--gateways: unknown ${unknown.join(', ')}; the gateways are ${gatewaySpecs.map((spec) => spec.id).join(', ')}`);
  return gatewaySpecs.filter((spec) => wanted.includes(spec.id));
}

// ---- keys, tokens and proofs -----------------------------------------------------------------

interface BenchKeys {
  readonly tokenPrivateKey: KeyObject;
  readonly tokenPublicKeyFile: string;
  readonly proofPrivateKey: KeyObject;
  readonly proofPrivateKeyFile: string;
  readonly proofPublicKeyFile: string;
}

const benchIssuer = 'plan-crack-bench';
const benchAudience = 'plan-wide-graph';

/** Ed25519 pairs for this run only, without the development marker, so every process runs with NODE_ENV=production. */
function makeBenchKeys(dir: string): BenchKeys {
  const pair = (name: string) => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, `${name}.key.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(join(dir, `${name}.pub.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
    return { privateKey, privateKeyFile: join(dir, `${name}.key.pem`), publicKeyFile: join(dir, `${name}.pub.pem`) };
  };
  const token = pair('token-signing');
  const proof = pair('gateway-proof');
  return {
    tokenPrivateKey: token.privateKey,
    tokenPublicKeyFile: token.publicKeyFile,
    proofPrivateKey: proof.privateKey,
    proofPrivateKeyFile: proof.privateKeyFile,
    proofPublicKeyFile: proof.publicKeyFile,
  };
}

/** The reader every request is sent as: an ARS agent with every read scope. */
const reader = { agent: 'bench-reader', partner: 'ars-idf', scopes: knownScopes.filter((scope) => scope.endsWith(':read')) };
const lifetime = '2h';

const readerToken = (keys: BenchKeys): Promise<string> =>
  signAgentToken(keys.tokenPrivateKey, { ...reader, issuer: benchIssuer, audience: benchAudience, expiresAt: lifetime });

/** What gateway (a) would send `subgraph` for the reader, but valid for the whole run. */
const readerProof = (keys: BenchKeys, subgraph: SubgraphName): Promise<string> =>
  signGatewayProof(keys.proofPrivateKey, { ...reader, scopes: new Set(reader.scopes) }, subgraph, null, lifetime);

// ---- processes -------------------------------------------------------------------------------

const running = new Set<Service>();
/** The subgraphs' processes, whose CPU time is counted during each load. */
const subgraphPids: number[] = [];

async function stopService(service: Service): Promise<void> {
  await service.stop();
  running.delete(service);
}

/** Ctrl-C: the services run in their own process groups, so they must be stopped here. */
process.once('SIGINT', () => {
  console.error('\ninterrupted: stopping the gateways and subgraphs');
  void Promise.all([...running].map((service) => service.stop())).then(() => process.exit(130));
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Waits until the gateway answers a GraphQL request with 200; fails at once if its process exits. */
async function waitForGateway(service: Service, url: string, token: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => {
    exited = true;
  });
  let last = '';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${service.name} exited before it answered; output:\n${service.output()}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} did not answer at ${url} within ${timeoutMs} ms (last: ${last}); output:\n${service.output()}`);
}

/** Peak resident memory (VmHWM) of a process, in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) / 1024);
}

// ---- the run ---------------------------------------------------------------------------------

async function main(): Promise<void> {
  const rows = wholeNumber('rows', values.rows, 1);
  const durationSeconds = wholeNumber('duration', values.duration, 1);
  const connections = wholeNumber('connections', values.connections, 1);
  const warmupSeconds = wholeNumber('warmup', values.warmup, 0);
  const timeoutSeconds = wholeNumber('timeout', values.timeout, 1);
  const serverUrl = benchServerUrl(values.mysql);
  const queries = selectQueries(values.queries);
  const gateways = selectGateways(values.gateways);
  const scale = scaleForRows(rows);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');

  if (gateways.some((spec) => spec.id === 'hive') && !existsSync(hiveBin)) {
    console.log('installing Hive Gateway for the bench only: npm ci --prefix test/bench/hive');
    const install = spawnSync('npm', ['ci', '--prefix', hiveDir, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: projectDir });
    if (install.status !== 0) throw new Error(`npm ci --prefix test/bench/hive failed (exit ${install.status}); run it by hand to see why`);
  }

  const loadAverageAtStart = loadavg()[0] ?? 0;
  if (loadAverageAtStart > busyLoadAverage) {
    console.warn(`warning: the machine is already busy (load average ${loadAverageAtStart.toFixed(2)}): other processes will share the cores, and the figures will be low and noisy`);
  }
  const mariadbVersion = await serverVersion(serverUrl);
  console.log(
    `bench: ${rows.toLocaleString('en')} detail rows asked → seed scale ${scale}, about ${expectedRows(scale).toLocaleString('en')} detail rows` +
      `${rows < expectedRows(1) ? ' (scale 1 is the smallest data set the seeds make)' : ''}; the counts below are of every table, rollups included`,
  );
  console.log(`data on ${serverUrl} (${mariadbVersion}):`);
  const loadStarted = performance.now();
  const data = await prepareBenchData({ serverUrl, scale, reload: values.reload, log: (line) => console.log(line) });
  const loadSeconds = data.some((subgraph) => !subgraph.reused) ? Math.round((performance.now() - loadStarted) / 100) / 10 : null;
  const totalRows = data.reduce((sum, subgraph) => sum + subgraph.rows, 0);
  console.log(`  ${'all'.padEnd(14)} ${totalRows.toLocaleString('en')} rows${loadSeconds === null ? '' : `, loaded in ${loadSeconds} s`}`);
  if (values['data-only']) return;

  const work = mkdtempSync(join(tmpdir(), 'plancrack-bench-'));
  const keys = makeBenchKeys(work);
  const token = await readerToken(keys);
  const proofs = Object.fromEntries(await Promise.all(subgraphNames.map(async (name) => [name, await readerProof(keys, name)] as const))) as Record<SubgraphName, string>;

  try {
    const subgraphUrls = await startSubgraphs(serverUrl, keys);
    const runs: GatewayRun[] = [];
    const reference = new Map<string, { readonly gateway: string; readonly answer: unknown }>();
    for (const spec of gateways) {
      runs.push(await measureGateway(spec, { subgraphUrls, keys, proofs, token, queries, reference, durationSeconds, connections, warmupSeconds, timeoutSeconds }));
    }
    const profiles = values.profile ? await profileGateway({ subgraphUrls, keys, proofs, token, queries, durationSeconds, connections, warmupSeconds, timeoutSeconds, stamp }) : [];
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      machine: { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', database: mariadbVersion, loadAverageAtStart },
      options: { rowsAsked: rows, scale, durationSeconds, connections, warmupSeconds, timeoutSeconds, sequentialCount },
      data: { subgraphs: data, totalRows, loadSeconds },
      gateways: gateways.map((spec) => ({ id: spec.id, label: spec.label, what: spec.what, version: spec.version() })),
      runs,
      profiles,
    };
    const markdown = renderReport(report);
    console.log(`\n${markdown}`);
    const resultsDir = join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `${stamp}.md`), markdown);
    writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written: test/bench/results/${stamp}.md and .json`);
    const failures = runs.flatMap((run) => run.queries.filter((query) => query.load.non2xx + query.load.errors + query.load.graphqlErrors > 0).map((query) => `${run.gateway} ${query.query}`));
    if (failures.length > 0) {
      console.error(`\nerrors under load (see the table): ${failures.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await Promise.all([...running].map((service) => stopService(service)));
    // The run's keys are of no use afterwards, and a private key should not linger in /tmp.
    rmSync(work, { recursive: true, force: true });
  }
}

async function serverVersion(serverUrl: string): Promise<string> {
  const connection = await createConnection(serverUrl).catch((error: Error) => {
    throw new BenchInputError(`cannot reach MariaDB/MySQL at ${serverUrl} (${error.message}): start it, or name another server with --mysql or BENCH_MYSQL_URL`);
  });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return String((rows as { version: string }[])[0]?.version ?? 'unknown');
  } finally {
    await connection.end();
  }
}

/** The five subgraphs, once, each in its own process on its bench database; their URLs. */
async function startSubgraphs(serverUrl: string, keys: BenchKeys): Promise<Record<SubgraphName, string>> {
  const urls = {} as Record<SubgraphName, string>;
  const services = subgraphNames.map((name) => {
    const service = startService(`subgraph ${name}`, [process.execPath, '--import', 'tsx', `subgraphs/${name}/index.ts`], {
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_IF_EMPTY: 'false',
      [databaseUrlVariable(name)]: benchDatabaseUrl(serverUrl, name),
      GATEWAY_PROOF_PUBLIC_KEY_FILE: keys.proofPublicKeyFile,
    });
    running.add(service);
    subgraphPids.push(service.pid ?? 0);
    return [name, service] as const;
  });
  for (const [name, service] of services) {
    const [, url = ''] = await service.waitFor(/ready at (http:\/\/[^\s"]+)/, 120_000);
    urls[name] = url;
  }
  console.log(`subgraphs: ${subgraphNames.map((name) => `${name} ${urls[name]}`).join(', ')}`);
  return urls;
}

interface MeasureContext {
  readonly subgraphUrls: Record<SubgraphName, string>;
  readonly keys: BenchKeys;
  readonly proofs: Record<SubgraphName, string>;
  readonly token: string;
  readonly queries: readonly NamedQuery[];
  readonly durationSeconds: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly timeoutSeconds: number;
}

async function startGateway(spec: GatewaySpec, context: MeasureContext, nodeOptions: readonly string[] = []): Promise<{ service: Service; url: string }> {
  const port = await freePort();
  const service = spec.start({ port, subgraphUrls: context.subgraphUrls, keys: context.keys, proofs: context.proofs, nodeOptions });
  running.add(service);
  const url = spec.url(port);
  await waitForGateway(service, url, context.token);
  return { service, url };
}

const warmUp = async (url: string, query: NamedQuery, context: MeasureContext): Promise<void> => {
  if (context.warmupSeconds > 0) await loadTest({ url, query, token: context.token, durationSeconds: context.warmupSeconds, connections: context.connections, timeoutSeconds: context.timeoutSeconds });
};

/** Lets the work a load left in flight finish (see waitUntilIdle) before the next measurement starts. */
async function settle(gatewayPid: number): Promise<void> {
  const { idle, waitedMs } = await waitUntilIdle([gatewayPid, ...subgraphPids, ...databaseServerPids()], 120_000);
  if (!idle) console.warn(`  warning: the gateway, subgraphs and database were still busy after ${Math.round(waitedMs / 1000)} s; measuring anyway (is something else using the database?)`);
}

/** One gateway: started, its answers checked against the first gateway's, then each query warmed up and measured. */
async function measureGateway(
  spec: GatewaySpec,
  context: MeasureContext & { readonly reference: Map<string, { readonly gateway: string; readonly answer: unknown }> },
): Promise<GatewayRun> {
  console.log(`\n${spec.label}: ${spec.what}`);
  const { service, url } = await startGateway(spec, context);
  const pid = service.pid ?? 0;
  try {
    for (const query of context.queries) {
      const answer = await queryOnce(url, query, context.token);
      const errors = (answer as { errors?: unknown[] }).errors;
      if (errors !== undefined) throw new Error(`${spec.label} answered ${query.name} with errors: ${JSON.stringify(errors).slice(0, 600)}`);
      const expected = context.reference.get(query.name);
      if (expected === undefined) {
        context.reference.set(query.name, { gateway: spec.label, answer });
        continue;
      }
      const difference = firstDifference(expected.answer, answer);
      if (difference !== '') throw new Error(`${spec.label} does not give ${query.name} the same answer as ${expected.gateway}: at ${difference}`);
    }
    const referenceGateway = context.reference.get(context.queries[0]?.name ?? '')?.gateway;
    console.log(referenceGateway === spec.label ? '  answers recorded: the other gateways must give the same' : `  same answers as ${referenceGateway} for ${context.queries.map((query) => query.name).join(', ')}`);
    const results: QueryRun[] = [];
    for (const query of context.queries) {
      await settle(pid);
      await warmUp(url, query, context);
      await settle(pid);
      const sequential = await sequentialLatencies(url, query, context.token, sequentialCount);
      const processes = { gateway: pid, subgraphs: subgraphPids, database: databaseServerPids() };
      const before = cpuSnapshot(processes);
      const load: LoadResult = await loadTest({ url, query, token: context.token, durationSeconds: context.durationSeconds, connections: context.connections, timeoutSeconds: context.timeoutSeconds });
      const cpu = cpuPerRequest(before, cpuSnapshot(processes), load.responses);
      const run: QueryRun = { query: query.name, load, sequentialMedianMs: median(sequential), peakRssMb: peakRssMb(pid), cpuMsPerRequest: cpu };
      results.push(run);
      const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');
      console.log(
        `  ${query.name.padEnd(14)} ${load.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${ms(load.latency.p50)}  p95 ${ms(load.latency.p95)}  p99 ${ms(load.latency.p99)}  ` +
          `errors ${load.non2xx}/${load.errors}/${load.graphqlErrors}  peak RSS ${run.peakRssMb} MB  one at a time ${ms(run.sequentialMedianMs)}` +
          (load.firstGraphqlError ? `\n    first GraphQL error: ${load.firstGraphqlError}` : ''),
      );
    }
    return { gateway: spec.id, queries: results };
  } finally {
    await stopService(service);
  }
}

/** Gateway (a) under `--cpu-prof`, one process per query, so that each profile holds one query's load. */
async function profileGateway(context: MeasureContext & { readonly stamp: string }): Promise<{ query: string; summary: ProfileSummary }[]> {
  const spec = gatewaySpecs.find((candidate) => candidate.id === 'plan-wide');
  if (spec === undefined) return [];
  console.log(`\nprofiling ${spec.label}: a separate pass, so the profiler's cost stays out of the table`);
  const profiles: { query: string; summary: ProfileSummary }[] = [];
  for (const query of context.queries) {
    const dir = join(benchDir, 'results/profiles', context.stamp, query.name);
    mkdirSync(dir, { recursive: true });
    const { service, url } = await startGateway(spec, context, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    try {
      await settle(service.pid ?? 0);
      await warmUp(url, query, context);
      await settle(service.pid ?? 0);
      const from = Number(process.hrtime.bigint() / 1000n);
      await loadTest({ url, query, token: context.token, durationSeconds: context.durationSeconds, connections: context.connections, timeoutSeconds: context.timeoutSeconds });
      const to = Number(process.hrtime.bigint() / 1000n);
      await stopService(service);
      const summary = summarizeProfile(profileIn(dir), from, to);
      profiles.push({ query: query.name, summary });
      console.log(`  ${query.name}: ${summary.file.slice(projectDir.length)} (${summary.busyMs} ms busy, ${summary.idleMs} ms idle in the ${summary.window})`);
      for (const entry of summary.top) console.log(`    ${entry.percent.toFixed(1).padStart(5)} %  ${String(entry.ms).padStart(6)} ms  ${entry.name}`);
    } finally {
      if (running.has(service)) await stopService(service);
    }
  }
  return profiles;
}

try {
  await main();
} catch (error) {
  // Bad input is told in one line; anything else with its stack, to be fixed.
  const isInput = error instanceof BenchInputError || error instanceof RangeError;
  console.error(`bench: ${isInput ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = isInput ? 2 : 1;
}
// Keep-alive sockets of fetch and autocannon would hold the process a few seconds more.
process.exit();
