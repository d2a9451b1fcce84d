/**
 * `npm run load -- [--duration 180] [--connections 8] [--subgraph health] [--prometheus-targets file]
 * [--log-dir dir] [--replicas N]`: a sustained mixed load on the plan-wide graph, each subgraph and the gateway in
 * its own process as deployed, while one subgraph is stopped a third of the way in and restarted at
 * two thirds. Prints the requests served, the errors by kind, and the gateway's memory at start and
 * end. `--prometheus-targets` writes the gateway's metrics port and the subgraphs' as a Prometheus
 * file_sd file (jobs plan-graph-gateway and plan-graph-subgraphs), for a Prometheus to scrape the
 * run; `--replicas N` (see replicas.ts) sends the load to HAProxy over N gateway replicas sharing Redis
 * and kills one replica instead of a subgraph; `--log-dir` keeps each service's output (its JSON log lines, at info: the script reads the
 * services' "ready at" lines). OTEL_* variables reach the services. A script, not a test: it measures.
 */
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { developmentAudience, developmentIssuer, ensureDevelopmentKeys } from '../../platform/keys.js';
import { isSubgraphName, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { readCommandLine, refuse } from '../../scripts/cli.js';
import { startService, type Service } from '../../test/support/processes.js';
import { atTime, loadOperations, memoryOf, signLoadToken } from './mix.js';
import { loadReplicas } from './replicas.js';

const { values } = readCommandLine({
  name: 'load',
  usage: `usage: npm run load -- [--duration 180] [--connections 8] [--subgraph health] [--prometheus-targets file] [--log-dir dir] [--replicas N]

A sustained mixed load on the graph (each subgraph and the gateway in its own process) while one
subgraph is stopped a third of the way in and restarted at two thirds; prints the requests served,
the errors by kind and the gateway's memory.

  --duration     seconds, at least 9 (default 180)
  --connections  concurrent connections (default 8)
  --subgraph     the one stopped: ${subgraphNames.join(', ')} (default health)
  --prometheus-targets  write the services' metrics ports as a Prometheus file_sd file
  --log-dir      keep each service's output (its JSON log lines) in this folder
  --replicas     N gateway replicas (2 or more) sharing Redis behind Debian's HAProxy: the last one is
                 killed a third of the way in and restarted at two thirds (no subgraph is stopped);
                 prints requests served and failed per 5 s, the cache hit ratio, Redis round trips
                 per request and each replica's memory
  --compiled     with --replicas: run dist/ (npm run build first) as docker-compose does, the
                 gateway under its 192 MB heap`,
  config: {
    options: {
      duration: { type: 'string', default: '180' },
      connections: { type: 'string', default: '8' },
      subgraph: { type: 'string', default: 'health' },
      'prometheus-targets': { type: 'string' },
      'log-dir': { type: 'string' },
      replicas: { type: 'string' },
      compiled: { type: 'boolean', default: false },
    },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const victim = values.subgraph;
if (!Number.isInteger(duration) || duration < 9)
  refuse('load', `--duration must be a whole number of seconds, at least 9; got "${values.duration}"`);
if (!Number.isInteger(connections) || connections < 1)
  refuse('load', `--connections must be a whole number, at least 1; got "${values.connections}"`);
if (!isSubgraphName(victim)) refuse('load', `--subgraph must be one of ${subgraphNames.join(', ')}; got "${victim}"`);
if (values.replicas !== undefined) {
  const replicas = Number(values.replicas);
  if (!Number.isInteger(replicas) || replicas < 2)
    refuse('load', `--replicas must be a whole number, at least 2; got "${values.replicas}"`);
  if (values.compiled && !existsSync('dist/gateway/index.js')) refuse('load', '--compiled runs dist/: run npm run build first');
  await loadReplicas({ duration, connections, replicas, compiled: values.compiled });
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'plancrack-load-'));
const keys = ensureDevelopmentKeys(join(work, 'keys'));
const node = (file: string) => [process.execPath, '--import', 'tsx', file];

/** Every subgraph process started, the restarted one included. */
const everyProcess: Service[] = [];
function startSubgraph(name: SubgraphName, port: number): Service {
  const service = startService(name, node(`subgraphs/${name}/index.ts`), {
    DATA_DIR: work,
    PORT: String(port),
    GATEWAY_PROOF_PUBLIC_KEY_FILE: keys.proofPublicKeyFile,
  });
  everyProcess.push(service);
  return service;
}

const subgraphs = new Map<SubgraphName, Service>();
const ports = new Map<SubgraphName, number>();
const portOf = (name: SubgraphName): number => {
  const port = ports.get(name);
  if (port === undefined) throw new Error(`subgraph ${name} has no port: it did not start`);
  return port;
};
for (const name of subgraphNames) {
  const service = startSubgraph(name, 0);
  const [, port] = await service.waitFor(/ready at http:\/\/127\.0\.0\.1:(\d+)\//, 120_000);
  subgraphs.set(name, service);
  ports.set(name, Number(port));
}
const gateway = startService('gateway', node('gateway/index.ts'), {
  PORT: '0',
  AUTH_PUBLIC_KEY_FILE: keys.tokenPublicKeyFile,
  AUTH_ISSUER: developmentIssuer,
  AUTH_AUDIENCE: developmentAudience,
  GATEWAY_PROOF_KEY_FILE: keys.proofPrivateKeyFile,
  METRICS_PORT: '0',
  ...Object.fromEntries(subgraphNames.map((name) => [subgraphUrlVariable(name), `http://127.0.0.1:${portOf(name)}/`])),
});
const [, url = ''] = await gateway.waitFor(/ready at (http:\/\/[^\s"]+)/);
const [, metricsUrl = ''] = await gateway.waitFor(/metrics at (http:\/\/[^\s"]+)/);
console.log(`gateway ${url}, metrics ${metricsUrl}; subgraphs ${subgraphNames.map((name) => `${name} :${portOf(name)}`).join(', ')}`);
if (values['prometheus-targets']) {
  const targets = [
    { targets: [new URL(metricsUrl).host], labels: { job: 'plan-graph-gateway' } },
    { targets: subgraphNames.map((name) => `127.0.0.1:${portOf(name)}`), labels: { job: 'plan-graph-subgraphs' } },
  ];
  writeFileSync(values['prometheus-targets'], JSON.stringify(targets, null, 2));
}

const token = await signLoadToken(keys.tokenPrivateKeyFile);
const operations = loadOperations;

const outcomes = new Map<string, number>();
const count = (kind: string): void => {
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
};
/** Per 15 s window: responses fully served, responses with errors, and the gateway's RSS at the window's end. */
const windowMs = 15_000;
const timeline: { ok: number; withErrors: number; rss: number }[] = [];
const loadStarted = Date.now();
function record(ok: boolean): void {
  const index = Math.floor((Date.now() - loadStarted) / windowMs);
  while (timeline.length <= index) timeline.push({ ok: 0, withErrors: 0, rss: 0 });
  const window = timeline[index];
  if (window) window[ok ? 'ok' : 'withErrors'] += 1;
}
const sampler = setInterval(() => {
  const index = Math.floor((Date.now() - loadStarted - 1) / windowMs);
  if (timeline[index]) timeline[index].rss = memoryOf(gateway.pid).rss;
}, windowMs);

function classify(status: number, body: string): void {
  record(status === 200 && !body.includes('"errors"'));
  if (status !== 200) {
    count(`HTTP ${status}`);
    return;
  }
  const { errors } = JSON.parse(body) as { errors?: { extensions?: { code?: string; subgraph?: string; reason?: string } }[] };
  if (!errors?.length) {
    count('ok');
    return;
  }
  // One entry per error: a response can carry several (one per failed fetch of the query plan).
  for (const { extensions } of errors) count([extensions?.code, extensions?.subgraph, extensions?.reason].filter(Boolean).join(' '));
}

const memoryAtStart = memoryOf(gateway.pid);
console.log(
  `load: ${duration} s, ${connections} connections, ${Object.keys(operations).length} operations in turn; ${victim} stopped at ${Math.round(duration / 3)} s, restarted at ${Math.round((2 * duration) / 3)} s`,
);
const stopAt = atTime((duration * 1000) / 3, async () => {
  console.log(`  ${victim} stopped`);
  const service = subgraphs.get(victim);
  if (service === undefined) throw new Error(`subgraph ${victim} is not running`);
  await service.stop();
});
const restartAt = atTime((duration * 2000) / 3, async () => {
  const service = startSubgraph(victim, portOf(victim));
  subgraphs.set(victim, service);
  await service.waitFor(/ready at/, 60_000);
  console.log(`  ${victim} restarted`);
});

const result = await autocannon({
  url,
  connections,
  duration,
  requests: Object.values(operations).map(({ query, variables }) => ({
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    onResponse: classify,
  })),
});
clearTimeout(stopAt);
clearTimeout(restartAt);
clearInterval(sampler);
const memoryAtEnd = memoryOf(gateway.pid);

console.log(
  `\nrequests answered: ${result.requests.total} (${Math.round(result.requests.average)}/s), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
);
console.log(`connection errors: ${result.errors}, timeouts: ${result.timeouts}`);
console.log('responses fully served, and responses with errors, per 15 s (gateway RSS at the end of each window):');
timeline.forEach(({ ok, withErrors, rss }, index) => {
  console.log(
    `  ${String(index * 15).padStart(4)}–${String((index + 1) * 15).padEnd(4)} s  ${String(ok).padStart(6)} served  ${String(withErrors).padStart(6)} with errors  ${rss ? `${rss} MB` : ''}`,
  );
});
console.log('outcomes (responses served; errors, one entry per error):');
for (const [kind, times] of [...outcomes].sort((a, b) => b[1] - a[1])) console.log(`  ${String(times).padStart(8)}  ${kind}`);
console.log(`gateway memory: RSS ${memoryAtStart.rss} MB at start, ${memoryAtEnd.rss} MB at end, peak ${memoryAtEnd.peak} MB`);

await gateway.stop();
await Promise.all([...subgraphs.values()].map((service) => service.stop()));
const logDir = values['log-dir'];
if (logDir) {
  mkdirSync(logDir, { recursive: true });
  // The stopped subgraph's two processes in one file, one after the other.
  const outputs = new Map<string, string>();
  for (const service of [gateway, ...everyProcess]) outputs.set(service.name, (outputs.get(service.name) ?? '') + service.output());
  for (const [name, output] of outputs) writeFileSync(join(logDir, `${name}.log`), output);
  console.log(`logs in ${logDir}`);
}
