/**
 * `npm run bench -- [--rows 1000000] [--duration 20] [--connections 10] [--warmup 5] [--timeout 10] [--rounds 1]
 *   [--modes fixed,varied] [--profile] [--reload] [--data-only] [--mysql mysql://root@127.0.0.1:3306] [--queries a,b]
 *   [--gateways plan-wide,apollo-default,hive,hive-rust] [--hive-no-dedupe]`
 *
 * The same five subgraphs, on the same data in MariaDB/MySQL, behind four gateways running side by
 * side: (a) this project's gateway as production runs it, (b) a default @apollo/gateway on
 * @apollo/server, (c) Hive Gateway and (d) Hive Gateway with its Rust query planner, all serving
 * schema/supergraph.graphql. Each named query is checked to get the same answer from each, then
 * driven with autocannon, once with its one fixed body and once with varied bodies (what many
 * dashboards send: no cache answers them), the gateways taken in turn in each round; the figures
 * are printed and written under bench/gateways/results/. A script that measures, not a test.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { parse as parseYaml } from 'yaml';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { signGatewayProof } from '../../platform/gateway-proof.js';
import { readString } from '../../platform/env.js';
import { knownScopes, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { databaseUrlVariable } from '../../subgraphs/shared/database.js';
import { readCommandLine } from '../../scripts/cli.js';
import { projectDir, startService, type Service } from '../../test/support/processes.js';
import { cpuPerRequest, cpuSnapshot, databaseServerPids, waitUntilIdle } from './cpu.js';
import { benchDatabaseUrl, benchServerUrl, expectedRows, prepareBenchData, scaleForRows } from './data.js';
import {
  bodyModes,
  firstDifference,
  loadTest,
  median,
  queryOnce,
  requestBody,
  sequentialLatencies,
  variedBodies,
  type BodyMode,
  type BodySource,
  type LoadResult,
} from './measure.js';
import { profileIn, summarizeProfile, type ProfileSummary } from './profile.js';
import { namedQueries, selectQueries, type NamedQuery } from './queries/index.js';
import {
  busyLoadAverage,
  renderReport,
  type BenchReport,
  type GatewayRun,
  type QueryRun,
  type SubgraphCalls,
  type SubgraphCost,
} from './report.js';

const benchDir = join(projectDir, 'bench/gateways');
/**
 * Hive Gateway's own package, installed only by the bench. Not bench/gateways itself: Node would then
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
  return readCommandLine({
    name: 'bench',
    usage: `usage: npm run bench -- [--rows 1000000] [--duration 20] [--connections 10] [--warmup 5] [--timeout 10] [--rounds 1]
  [--modes fixed,varied] [--profile] [--reload] [--data-only] [--mysql mysql://root@127.0.0.1:3306] [--queries a,b]
  [--gateways plan-wide,apollo-default,hive,hive-rust] [--hive-no-dedupe]

This project's gateway against a default @apollo/gateway and Hive Gateway (with its JavaScript and
its Rust query planner), over the same subgraphs on MariaDB/MySQL (bench/README.md); results
under bench/gateways/results/.

  --rows            data size (default 1,000,000); the databases are kept for the next run
  --duration        seconds of load per query, mode and gateway (default 20), after --warmup (5)
  --rounds          how many times to measure everything, the gateways in turn (default 1; the median round is kept)
  --modes           fixed (one body), varied (a new set of variables each request), or both (default)
  --connections     concurrent connections (default 10); --timeout: seconds before a request is an error (10)
  --profile         one more pass of (a) under node --cpu-prof, on varied bodies when measured
  --reload          load the data again; --data-only: load it and stop
  --mysql           the server (default BENCH_MYSQL_URL or mysql://root@127.0.0.1:3306)
  --queries         some of: ${namedQueries.map((query) => query.name).join(', ')}
  --gateways        some of: plan-wide, apollo-default, hive, hive-rust
  --hive-no-dedupe  Hive Gateway without its deduplication of identical subgraph calls`,
    config: {
      options: {
        rows: { type: 'string', default: '1000000' },
        duration: { type: 'string', default: '20' },
        connections: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '5' },
        timeout: { type: 'string', default: '10' },
        mysql: { type: 'string', default: readString(process.env, 'BENCH_MYSQL_URL', 'mysql://root@127.0.0.1:3306') },
        reload: { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        queries: { type: 'string' },
        gateways: { type: 'string' },
        'hive-no-dedupe': { type: 'boolean', default: false },
        modes: { type: 'string', default: 'fixed,varied' },
        rounds: { type: 'string', default: '1' },
        'data-only': { type: 'boolean', default: false },
      },
    },
  }).values;
}

const values = readFlags();

function wholeNumber(flag: string, text: string | undefined, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum)
    throw new BenchInputError(`--${flag} must be a whole number of at least ${minimum}, got "${String(text)}"`);
  return value;
}

// ---- the gateways ----------------------------------------------------------------------------

type GatewayId = 'plan-wide' | 'apollo-default' | 'hive' | 'hive-rust';

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
  /** Throws when the started gateway's output shows it is not the gateway it claims to be. */
  readonly checkStarted?: (output: string) => void;
}

const packageVersion = (file: string): string => {
  try {
    return (JSON.parse(readFileSync(join(projectDir, file), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
};

const hiveBin = join(hiveDir, 'node_modules/@graphql-hive/gateway/dist/bin.js');
const hiveRouterRuntime = join(hiveDir, 'node_modules/@graphql-hive/router-runtime/package.json');
const benchSubgraphsEnv = (setup: GatewaySetup): string =>
  JSON.stringify(Object.fromEntries(subgraphNames.map((name) => [name, { url: setup.subgraphUrls[name], proof: setup.proofs[name] }])));

/** The gateway's Node options in docker-compose.yml (its heap cap): (a) runs as production does. */
const productionNodeOptions =
  (
    parseYaml(readFileSync(join(projectDir, 'docker-compose.yml'), 'utf8')) as {
      services: { gateway: { environment: Record<string, string> } };
    }
  ).services.gateway.environment.NODE_OPTIONS ?? '';

/** Hive Gateway's CLI over the same supergraph: (c) as it comes, (d) with the Rust query planner. */
function hiveSpec(id: 'hive' | 'hive-rust', label: string, planner: string): GatewaySpec {
  const rust = id === 'hive-rust';
  return {
    id,
    label,
    what: `Hive Gateway’s CLI, \`hive-gateway supergraph schema/supergraph.graphql${rust ? ' --hive-router-runtime' : ''}\`, with ${planner}, ${values['hive-no-dedupe'] ? 'its deduplication of identical subgraph calls in flight turned OFF (--hive-no-dedupe)' : 'no tuning'} (bench/gateways/hive/gateway.config.mjs)`,
    version: () =>
      `@graphql-hive/gateway ${packageVersion('bench/gateways/hive/node_modules/@graphql-hive/gateway/package.json')}` +
      (rust
        ? `, @graphql-hive/router-runtime ${packageVersion('bench/gateways/hive/node_modules/@graphql-hive/router-runtime/package.json')}`
        : ''),
    start: (setup) =>
      startService(
        `gateway ${label}`,
        [
          process.execPath,
          ...setup.nodeOptions,
          hiveBin,
          'supergraph',
          supergraphFile,
          '--host',
          '127.0.0.1',
          '--port',
          String(setup.port),
          '--config-path',
          join(hiveDir, 'gateway.config.mjs'),
          ...(rust ? ['--hive-router-runtime'] : []),
        ],
        {
          NODE_ENV: 'production',
          BENCH_SUBGRAPHS: benchSubgraphsEnv(setup),
          BENCH_HIVE_DEDUPLICATE: values['hive-no-dedupe'] ? 'false' : 'true',
        },
      ),
    url: (port) => `http://127.0.0.1:${port}/graphql`,
    // Hive falls back to its JavaScript planner, with a warning, when the Rust one does not load.
    checkStarted: rust
      ? (output) => {
          if (!output.includes('Using Hive Router Runtime') || output.includes('Could not load the @graphql-hive/router-runtime')) {
            throw new Error(`(d) hive-rust is not running the Rust query planner; its output:\n${output}`);
          }
        }
      : undefined,
  };
}

const gatewaySpecs: readonly GatewaySpec[] = [
  {
    id: 'plan-wide',
    label: '(a) plan-wide',
    what: 'this project’s gateway as production runs it (`npm run build`, then node dist/gateway/index.js, NODE_ENV=production, docker-compose’s NODE_OPTIONS)',
    version: () => `@apollo/gateway ${packageVersion('node_modules/@apollo/gateway/package.json')}`,
    start: (setup) =>
      startService('gateway (a) plan-wide', [process.execPath, ...setup.nodeOptions, 'dist/gateway/index.js'], {
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
    what: '@apollo/gateway on @apollo/server with startStandaloneServer, no tuning (bench/gateways/peers/apollo-default.ts)',
    version: () =>
      `@apollo/gateway ${packageVersion('node_modules/@apollo/gateway/package.json')}, @apollo/server ${packageVersion('node_modules/@apollo/server/package.json')}`,
    start: (setup) =>
      startService(
        'gateway (b) apollo-default',
        [process.execPath, ...setup.nodeOptions, '--import', 'tsx', 'bench/gateways/peers/apollo-default.ts'],
        {
          NODE_ENV: 'production',
          PORT: String(setup.port),
          BENCH_SUPERGRAPH_FILE: supergraphFile,
          BENCH_SUBGRAPHS: benchSubgraphsEnv(setup),
        },
      ),
    url: (port) => `http://127.0.0.1:${port}/`,
  },
  hiveSpec('hive', '(c) hive', 'its JavaScript query planner'),
  hiveSpec(
    'hive-rust',
    '(d) hive-rust',
    'its Rust query planner (@graphql-hive/router-runtime, `--hive-router-runtime`; its log is checked to say so)',
  ),
];

function selectGateways(names: string | undefined): GatewaySpec[] {
  if (names === undefined || names === '') return [...gatewaySpecs];
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !gatewaySpecs.some((spec) => spec.id === name));
  if (unknown.length > 0)
    throw new BenchInputError(
      `--gateways: unknown ${unknown.join(', ')}; the gateways are ${gatewaySpecs.map((spec) => spec.id).join(', ')}`,
    );
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
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Waits until the gateway answers a GraphQL request with 200; fails at once if its process exits. */
async function waitForGateway(service: Service, url: string, token: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // An object, not a let: TypeScript does not see the callback's write and would take it for always false.
  const exit = { seen: false };
  void service.exited.then(() => {
    exit.seen = true;
  });
  let last = '';
  while (Date.now() < deadline) {
    if (exit.seen) throw new Error(`${service.name} exited before it answered; output:\n${service.output()}`);
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
  const modes = selectModes(values.modes);
  const rounds = wholeNumber('rounds', values.rounds, 1);
  const scale = scaleForRows(rows);
  const startedAt = new Date();
  const stamp = startedAt
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');

  if (gateways.some((spec) => spec.id.startsWith('hive')) && !(existsSync(hiveBin) && existsSync(hiveRouterRuntime))) {
    console.log('installing Hive Gateway for the bench only: npm ci --prefix bench/gateways/hive');
    const install = spawnSync('npm', ['ci', '--prefix', hiveDir, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: projectDir });
    if (install.status !== 0)
      throw new Error(`npm ci --prefix bench/gateways/hive failed (exit ${String(install.status)}); run it by hand to see why`);
  }

  if (gateways.some((spec) => spec.id === 'plan-wide')) {
    console.log('building the gateway as production runs it: npm run build');
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: projectDir });
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${String(build.status)})`);
  }

  const loadAverageAtStart = loadavg()[0] ?? 0;
  if (loadAverageAtStart > busyLoadAverage) {
    console.warn(
      `warning: the machine is already busy (load average ${loadAverageAtStart.toFixed(2)}): other processes will share the cores, and the figures will be low and noisy`,
    );
  }
  const mariadbVersion = await serverVersion(serverUrl);
  console.log(
    `bench: ${rows.toLocaleString('en')} detail rows asked → seed scale ${scale}, about ${expectedRows(scale).toLocaleString('en')} detail rows` +
      `${rows < expectedRows(1) ? ' (scale 1 is the smallest data set the seeds make)' : ''}; the counts below are of every table, rollups included`,
  );
  console.log(`data on ${serverUrl} (${mariadbVersion}):`);
  const loadStarted = performance.now();
  const data = await prepareBenchData({
    serverUrl,
    scale,
    reload: values.reload,
    log: (line) => {
      console.log(line);
    },
  });
  const loadSeconds = data.some((subgraph) => !subgraph.reused) ? Math.round((performance.now() - loadStarted) / 100) / 10 : null;
  const totalRows = data.reduce((sum, subgraph) => sum + subgraph.rows, 0);
  console.log(`  ${'all'.padEnd(14)} ${totalRows.toLocaleString('en')} rows${loadSeconds === null ? '' : `, loaded in ${loadSeconds} s`}`);
  if (values['data-only']) return;

  const work = mkdtempSync(join(tmpdir(), 'plancrack-bench-'));
  const keys = makeBenchKeys(work);
  const token = await readerToken(keys);
  const proofs = Object.fromEntries(
    await Promise.all(subgraphNames.map(async (name) => [name, await readerProof(keys, name)] as const)),
  ) as Record<SubgraphName, string>;

  try {
    const subgraphUrls = await startSubgraphs(serverUrl, keys);
    const { runs, calls } = await measureGateways(gateways, modes, rounds, {
      subgraphUrls,
      keys,
      proofs,
      token,
      queries,
      durationSeconds,
      connections,
      warmupSeconds,
      timeoutSeconds,
    });
    const profiles = values.profile
      ? await profileGateway({
          subgraphUrls,
          keys,
          proofs,
          token,
          queries,
          durationSeconds,
          connections,
          warmupSeconds,
          timeoutSeconds,
          stamp,
          mode: modes.includes('varied') ? 'varied' : 'fixed',
        })
      : [];
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      machine: {
        node: process.version,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        database: mariadbVersion,
        loadAverageAtStart,
      },
      options: { rowsAsked: rows, scale, durationSeconds, connections, warmupSeconds, timeoutSeconds, sequentialCount, rounds },
      data: { subgraphs: data, totalRows, loadSeconds },
      gateways: gateways.map((spec) => ({ id: spec.id, label: spec.label, what: spec.what, version: spec.version() })),
      runs,
      subgraphCalls: Object.fromEntries(calls),
      queries: queries.map((query) => ({ name: query.name, what: query.what, pool: query.varied.pool })),
      profiles,
    };
    const markdown = renderReport(report);
    console.log(`\n${markdown}`);
    const resultsDir = join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `${stamp}.md`), markdown);
    writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written: bench/gateways/results/${stamp}.md and .json`);
    const failures = runs.flatMap((run) =>
      run.queries
        .filter((query) => query.load.non2xx + query.load.errors + query.load.graphqlErrors > 0)
        .map((query) => `${run.gateway} ${query.query} ${query.mode}`),
    );
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
  const connection = await createConnection(serverUrl).catch((error: unknown) => {
    throw new BenchInputError(
      `cannot reach MariaDB/MySQL at ${serverUrl} (${error instanceof Error ? error.message : String(error)}): start it, or name another server with --mysql or BENCH_MYSQL_URL`,
    );
  });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return (rows as { version: string }[])[0]?.version ?? 'unknown';
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

async function startGateway(
  spec: GatewaySpec,
  context: MeasureContext,
  nodeOptions: readonly string[] = [],
): Promise<{ service: Service; url: string }> {
  const port = await freePort();
  const service = spec.start({ port, subgraphUrls: context.subgraphUrls, keys: context.keys, proofs: context.proofs, nodeOptions });
  running.add(service);
  const url = spec.url(port);
  await waitForGateway(service, url, context.token);
  spec.checkStarted?.(service.output());
  return { service, url };
}

/** Lets the work a load left in flight finish (see waitUntilIdle) before the next measurement starts. */
async function settle(gatewayPid: number): Promise<void> {
  const { idle, waitedMs } = await waitUntilIdle([gatewayPid, ...subgraphPids, ...databaseServerPids()], 120_000);
  if (!idle)
    console.warn(
      `  warning: the gateway, subgraphs and database were still busy after ${Math.round(waitedMs / 1000)} s; measuring anyway (is something else using the database?)`,
    );
}

/** The modes named by `--modes fixed,varied`. */
function selectModes(names: string | undefined): BodyMode[] {
  const wanted = (names ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = wanted.filter((name) => !bodyModes.includes(name as BodyMode));
  if (unknown.length > 0 || wanted.length === 0)
    throw new BenchInputError(
      `--modes: ${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : 'none given'}; the modes are ${bodyModes.join(', ')}`,
    );
  return bodyModes.filter((mode) => wanted.includes(mode));
}

/** Counts of each subgraph's GraphQL requests and SQL statements, read from its /metrics. */
/** Each subgraph's counters so far, from its /metrics: requests and statements, and the seconds their histograms summed. */
async function subgraphCounters(urls: Record<SubgraphName, string>): Promise<Record<string, SubgraphCost>> {
  const counters: Record<string, SubgraphCost> = {};
  for (const name of subgraphNames) {
    const text = await (await fetch(new URL('/metrics', urls[name]))).text();
    const total = (metric: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    counters[name] = {
      requests: total('http_server_request_duration_seconds_count'),
      statements: total('db_client_operation_duration_seconds_count'),
      serverMs: total('http_server_request_duration_seconds_sum') * 1000,
      sqlMs: total('db_client_operation_duration_seconds_sum') * 1000,
    };
  }
  return counters;
}

/** How many varied bodies are sent one at a time to measure what a request costs the subgraphs. */
const costedRequests = 5;

/** What `count` requests cost each subgraph, per request: the counters' difference, divided. */
function costPerRequest(before: Record<string, SubgraphCost>, after: Record<string, SubgraphCost>, count: number): SubgraphCalls {
  const bySubgraph: Record<string, SubgraphCost> = {};
  const sum = { requests: 0, statements: 0, serverMs: 0, sqlMs: 0 };
  for (const [name, end] of Object.entries(after)) {
    const start = before[name] ?? end;
    const cost = {
      requests: (end.requests - start.requests) / count,
      statements: (end.statements - start.statements) / count,
      serverMs: (end.serverMs - start.serverMs) / count,
      sqlMs: (end.sqlMs - start.sqlMs) / count,
    };
    bySubgraph[name] = cost;
    for (const key of ['requests', 'statements', 'serverMs', 'sqlMs'] as const) sum[key] += cost[key];
  }
  return { ...sum, bySubgraph };
}

interface RunningGateway {
  readonly spec: GatewaySpec;
  readonly service: Service;
  readonly url: string;
  /** Each query's varied bodies, continued from load to load so that none is sent twice. */
  readonly bodies: Map<string, ReturnType<typeof variedBodies>>;
}

const bodiesOf = (gateway: RunningGateway, query: NamedQuery): ReturnType<typeof variedBodies> => {
  let bodies = gateway.bodies.get(query.name);
  if (bodies === undefined) gateway.bodies.set(query.name, (bodies = variedBodies(query)));
  return bodies;
};

/**
 * Every gateway gives the same answers: each query's fixed body and three varied ones, compared with
 * the first gateway's. Then one varied request per query counts the subgraph requests and SQL
 * statements it caused.
 */
async function checkAnswers(gateways: readonly RunningGateway[], context: MeasureContext): Promise<Map<string, SubgraphCalls>> {
  const calls = new Map<string, SubgraphCalls>();
  const [first] = gateways;
  for (const query of context.queries) {
    const bodies = [requestBody(query), ...[0, 1, 2].map((i) => requestBody(query, query.varied.variables(query.varied.pool - 1 - i)))];
    for (const [b, body] of bodies.entries()) {
      let expected: unknown;
      for (const gateway of gateways) {
        const answer = await queryOnce(gateway.url, query, context.token, body);
        const errors = (answer as { errors?: unknown[] }).errors;
        if (errors !== undefined)
          throw new Error(`${gateway.spec.label} answered ${query.name} (body ${b}) with errors: ${JSON.stringify(errors).slice(0, 600)}`);
        if (gateway === first) expected = answer;
        const difference = firstDifference(expected, answer);
        if (difference !== '')
          throw new Error(
            `${gateway.spec.label} does not give ${query.name} (body ${b}) the same answer as ${String(first?.spec.label)}: at ${difference}`,
          );
      }
    }
    for (const gateway of gateways) {
      const before = await subgraphCounters(context.subgraphUrls);
      for (let i = 0; i < costedRequests; i++) await queryOnce(gateway.url, query, context.token, bodiesOf(gateway, query).next());
      calls.set(`${gateway.spec.id} ${query.name}`, costPerRequest(before, await subgraphCounters(context.subgraphUrls), costedRequests));
    }
  }
  console.log(
    `  same answers from ${gateways.map((gateway) => gateway.spec.label).join(', ')} for ${context.queries.map((query) => query.name).join(', ')} (fixed and varied bodies)`,
  );
  return calls;
}

/** One query in one mode through one gateway: warmed up, then sent one at a time, then under load. */
async function measureOne(gateway: RunningGateway, query: NamedQuery, mode: BodyMode, context: MeasureContext): Promise<QueryRun> {
  const pid = gateway.service.pid ?? 0;
  const bodies: BodySource = mode === 'varied' ? { kind: 'varied', next: bodiesOf(gateway, query).next } : { kind: 'fixed' };
  const load = (durationSeconds: number) =>
    loadTest({
      url: gateway.url,
      query,
      bodies,
      token: context.token,
      durationSeconds,
      connections: context.connections,
      timeoutSeconds: context.timeoutSeconds,
    });
  await settle(pid);
  if (context.warmupSeconds > 0) await load(context.warmupSeconds);
  await settle(pid);
  const sequential = await sequentialLatencies(gateway.url, query, context.token, sequentialCount, bodies);
  const processes = { gateway: pid, subgraphs: subgraphPids, database: databaseServerPids() };
  const before = cpuSnapshot(processes);
  const result: LoadResult = await load(context.durationSeconds);
  const cpu = cpuPerRequest(before, cpuSnapshot(processes), result.responses);
  const run: QueryRun = {
    query: query.name,
    mode,
    load: result,
    sequentialMedianMs: median(sequential),
    peakRssMb: peakRssMb(pid),
    cpuMsPerRequest: cpu,
  };
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');
  console.log(
    `  ${query.name.padEnd(15)} ${mode.padEnd(6)} ${gateway.spec.label.padEnd(19)} ${result.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${ms(result.latency.p50)}  p95 ${ms(result.latency.p95)}  p99 ${ms(result.latency.p99)}  ` +
      `errors ${result.non2xx}/${result.errors}/${result.graphqlErrors}  gateway CPU ${ms(cpu.gateway)}/req  one at a time ${ms(run.sequentialMedianMs)}` +
      (result.firstGraphqlError ? `\n    first GraphQL error: ${result.firstGraphqlError}` : ''),
  );
  return run;
}

/**
 * Every gateway runs at once (idle ones cost nothing), and each round measures each query and mode
 * through each gateway in turn: a slow minute on this shared machine then falls on all of them.
 */
async function measureGateways(
  specs: readonly GatewaySpec[],
  modes: readonly BodyMode[],
  rounds: number,
  context: MeasureContext,
): Promise<{ runs: GatewayRun[]; calls: Map<string, SubgraphCalls> }> {
  const gateways: RunningGateway[] = [];
  for (const spec of specs) {
    const { service, url } = await startGateway(spec, context);
    console.log(`${spec.label}: ${spec.what}`);
    gateways.push({ spec, service, url, bodies: new Map() });
  }
  const calls = await checkAnswers(gateways, context);
  // The subgraphs and the database warm up once for every gateway: each query's varied bodies, each
  // through another gateway, before anything is measured (the first one measured paid for it).
  for (const [i, query] of context.queries.entries()) {
    const gateway = gateways[i % gateways.length];
    if (gateway === undefined || context.warmupSeconds === 0) continue;
    const bodies: BodySource = { kind: 'varied', next: bodiesOf(gateway, query).next };
    await loadTest({
      url: gateway.url,
      query,
      bodies,
      token: context.token,
      durationSeconds: context.warmupSeconds,
      connections: context.connections,
      timeoutSeconds: context.timeoutSeconds,
    });
  }
  const measured = new Map<string, QueryRun[]>();
  for (let round = 1; round <= rounds; round++) {
    console.log(`\nround ${round} of ${rounds}`);
    for (const [q, query] of context.queries.entries()) {
      for (const mode of modes) {
        // Each query and round starts with another gateway, so that none is always measured first or last.
        const start = (round - 1 + q) % gateways.length;
        for (const gateway of [...gateways.slice(start), ...gateways.slice(0, start)]) {
          const key = `${gateway.spec.id}\n${query.name}\n${mode}`;
          measured.set(key, [...(measured.get(key) ?? []), await measureOne(gateway, query, mode, context)]);
        }
      }
    }
  }
  for (const gateway of gateways) {
    const overdrawn = context.queries
      .map((query) => ({ query, sent: gateway.bodies.get(query.name)?.sent() ?? 0 }))
      .filter(({ query, sent }) => sent > query.varied.pool);
    for (const { query, sent } of overdrawn)
      console.warn(
        `  note: ${gateway.spec.label} was sent ${sent} varied bodies of ${query.name}, whose pool holds ${query.varied.pool}: some were sent twice`,
      );
    await stopService(gateway.service);
  }
  const runs = gateways.map((gateway) => ({
    gateway: gateway.spec.id,
    queries: context.queries.flatMap((query) =>
      modes.map((mode) => medianRun(measured.get(`${gateway.spec.id}\n${query.name}\n${mode}`) ?? [])),
    ),
  }));
  return { runs, calls };
}

/** The round of median throughput: one real run, not a blend of figures from different rounds. */
function medianRun(runs: readonly QueryRun[]): QueryRun {
  const sorted = [...runs].sort((a, b) => a.load.requestsPerSecond - b.load.requestsPerSecond);
  const run = sorted[Math.floor((sorted.length - 1) / 2)];
  if (run === undefined) throw new Error('no round was measured');
  return { ...run, rounds: runs.map((each) => each.load.requestsPerSecond) };
}

/** Gateway (a) under `--cpu-prof`, one process per query, so that each profile holds one query's load (varied bodies when measured). */
async function profileGateway(
  context: MeasureContext & { readonly stamp: string; readonly mode: BodyMode },
): Promise<{ query: string; summary: ProfileSummary }[]> {
  const spec = gatewaySpecs.find((candidate) => candidate.id === 'plan-wide');
  if (spec === undefined) return [];
  console.log(`\nprofiling ${spec.label} on ${context.mode} bodies: a separate pass, so the profiler's cost stays out of the table`);
  const profiles: { query: string; summary: ProfileSummary }[] = [];
  for (const query of context.queries) {
    const dir = join(benchDir, 'results/profiles', context.stamp, query.name);
    mkdirSync(dir, { recursive: true });
    const { service, url } = await startGateway(spec, context, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const bodies: BodySource = context.mode === 'varied' ? { kind: 'varied', next: variedBodies(query).next } : { kind: 'fixed' };
    const load = (durationSeconds: number) =>
      loadTest({
        url,
        query,
        bodies,
        token: context.token,
        durationSeconds,
        connections: context.connections,
        timeoutSeconds: context.timeoutSeconds,
      });
    try {
      await settle(service.pid ?? 0);
      if (context.warmupSeconds > 0) await load(context.warmupSeconds);
      await settle(service.pid ?? 0);
      const from = Number(process.hrtime.bigint() / 1000n);
      await load(context.durationSeconds);
      const to = Number(process.hrtime.bigint() / 1000n);
      await stopService(service);
      const summary = summarizeProfile(profileIn(dir), from, to);
      profiles.push({ query: query.name, summary });
      console.log(
        `  ${query.name}: ${summary.file.slice(projectDir.length)} (${summary.busyMs} ms busy, ${summary.idleMs} ms idle in the ${summary.window})`,
      );
      for (const entry of summary.top)
        console.log(`    ${entry.percent.toFixed(1).padStart(5)} %  ${String(entry.ms).padStart(6)} ms  ${entry.name}`);
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
  console.error(`bench: ${isInput ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = isInput ? 2 : 1;
}
// Keep-alive sockets of fetch and autocannon would hold the process a few seconds more.
process.exit();
