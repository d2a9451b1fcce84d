/**
 * `npm run abuse [-- --url http://127.0.0.1:4000/]`: replays what an anonymous attacker sent (the
 * table of the abuse issue) and prints, for each kind, the status, the time to the refusal, the
 * answer's size, the time an ordinary request sent meanwhile by someone else took, the circuits,
 * and the heap the gateway keeps afterwards (after a full collection). A benchmark, not a test.
 *
 * By default the gateway runs in this process as docker-compose runs it (`NODE_ENV=production`,
 * a 192 MB heap: the npm script starts node with `--max-old-space-size=192 --expose-gc`), over the
 * five subgraphs in their own processes on fresh SQLite files. With `--url`, it replays against a
 * running graph (`npm start`) and leaves out the heap, which it cannot see from outside.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { gatewayConfigFromEnv, subgraphUrlVariable } from '../../gateway/config.js';
import { buildGateway, listenGateway } from '../../gateway/server.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { operatorScope } from '../../platform/identity.js';
import { developmentAudience, developmentIssuer, ensureDevelopmentKeys, readPrivateKey } from '../../platform/keys.js';
import { subgraphNames } from '../../subgraphs/registry.js';
import { startService, type Service } from '../../test/support/processes.js';

const usage = 'usage: npm run abuse [-- --url <gateway URL> [--keys <dir of the development keys, default .dev-keys>]]';
let options: { url?: string; keys?: string; help?: boolean };
try {
  ({ values: options } = parseArgs({ options: { url: { type: 'string' }, keys: { type: 'string' }, help: { type: 'boolean' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const collect = (globalThis as { gc?: () => void }).gc;
const MiB = 2 ** 20;

interface Graph {
  readonly url: string;
  readonly operatorToken: string;
  readonly stop: () => Promise<void>;
}

/** Production keys, as an operator makes them: no development marker. */
function productionKeys(dir: string) {
  const pair = (name: string) => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, `${name}.key.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, `${name}.pub.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
    return { privateFile: join(dir, `${name}.key.pem`), publicFile: join(dir, `${name}.pub.pem`) };
  };
  return { token: pair('token'), proof: pair('proof') };
}

async function startOwnGraph(): Promise<Graph> {
  const work = mkdtempSync(join(tmpdir(), 'plancrack-abuse-'));
  const keys = productionKeys(work);
  const subgraphs: Service[] = [];
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    AUTH_PUBLIC_KEY_FILE: keys.token.publicFile,
    AUTH_ISSUER: 'https://idp.plan-crack.example',
    AUTH_AUDIENCE: developmentAudience,
    GATEWAY_PROOF_KEY_FILE: keys.proof.privateFile,
  };
  for (const name of subgraphNames) {
    const service = startService(name, [process.execPath, '--import', 'tsx', `subgraphs/${name}/index.ts`], {
      NODE_ENV: 'production',
      DATA_DIR: work,
      SEED_IF_EMPTY: 'true',
      PORT: '0',
      GATEWAY_PROOF_PUBLIC_KEY_FILE: keys.proof.publicFile,
    });
    subgraphs.push(service);
    const [, port] = await service.waitFor(/ready at http:\/\/127\.0\.0\.1:(\d+)\//, 120_000);
    if (port === undefined) throw new Error(`subgraph ${name}: no port in its ready line`);
    env[subgraphUrlVariable(name)] = `http://127.0.0.1:${port}/`;
  }
  const gateway = await listenGateway(buildGateway(gatewayConfigFromEnv(env)), 0, '127.0.0.1');
  const operatorToken = await signAgentToken(readPrivateKey(keys.token.privateFile, 'token key', true), {
    agent: 'graph-operator',
    partner: 'pref-idf',
    scopes: [operatorScope],
    issuer: 'https://idp.plan-crack.example',
    audience: developmentAudience,
    expiresAt: '2h',
  });
  return {
    url: gateway.url,
    operatorToken,
    stop: async () => {
      await gateway.stop();
      await Promise.all(subgraphs.map((service) => service.stop()));
    },
  };
}

async function remoteGraph(url: string, keysDir: string | undefined): Promise<Graph> {
  const keys = ensureDevelopmentKeys(keysDir);
  const operatorToken = await signAgentToken(readPrivateKey(keys.tokenPrivateKeyFile, 'development token key', false), {
    agent: 'graph-operator',
    partner: 'pref-idf',
    scopes: [operatorScope],
    issuer: developmentIssuer,
    audience: developmentAudience,
    expiresAt: '2h',
  });
  return { url, operatorToken, stop: async () => undefined };
}

const graph = options.url ? await remoteGraph(options.url, options.keys) : await startOwnGraph();

/** What is kept of an answer: not its text, which 2,000 answers of 50 KB would make this process's own memory the subject. */
interface Sent {
  readonly status: number;
  readonly ms: number;
  readonly bytes: number;
}

async function send(body: string, init: { method?: string; path?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  const { text, ...sent } = await sendForText(body, init);
  return sent;
}

async function sendForText(
  body: string,
  init: { method?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<Sent & { readonly text: string }> {
  const started = performance.now();
  const response = await fetch(new URL(init.path ?? '/', graph.url), {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.method === 'GET' ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, bytes: Buffer.byteLength(text), text };
}

const ordinaryBody = JSON.stringify({ query: '{ sectors { code name } }' });
const median = (values: number[]): number => {
  const middle = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  if (middle === undefined) throw new Error('the median of no values');
  return middle;
};
const usual: number[] = [];
for (let i = 0; i < 21; i += 1) usual.push((await send(ordinaryBody)).ms);
const usualMs = median(usual);

function retainedHeap(): string {
  if (options.url || !collect) return '—';
  collect();
  collect();
  return `${(getHeapStatistics().used_heap_size / MiB).toFixed(1)} MiB`;
}

async function circuits(): Promise<string> {
  const response = await fetch(new URL('/health/ready', graph.url), { headers: { authorization: `Bearer ${graph.operatorToken}` } });
  const { subgraphs } = (await response.json()) as { subgraphs?: { circuit: string }[] };
  if (!subgraphs) return '?';
  const open = subgraphs.filter((subgraph) => subgraph.circuit !== 'closed').length;
  return open === 0 ? 'all closed' : `${open} not closed`;
}

interface Row {
  readonly kind: string;
  readonly statuses: string;
  readonly ms: number;
  readonly bytes: number;
  readonly ordinaryMs: number;
  /** The longest the event loop was held (this process: the gateway, and the client sending the abuse). */
  readonly stallMs: number;
  readonly circuits: string;
  readonly heap: string;
}

const rows: Row[] = [];
/** Sends one kind of abuse (`times` requests, `parallel` at once) while an ordinary request goes alongside the first. */
async function replay(kind: string, bodies: () => string, times = 1, init: Parameters<typeof send>[1] = {}): Promise<Sent[]> {
  const answers: Sent[] = [];
  let ordinaryMs = 0;
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const started = performance.now();
  for (let i = 0; i < times; i += 4) {
    const batch = Array.from({ length: Math.min(4, times - i) }, () => send(bodies(), init));
    if (i === 0) {
      const ordinary = await Promise.all([send(ordinaryBody), ...batch]);
      ordinaryMs = ordinary[0].ms;
      answers.push(...ordinary.slice(1));
    } else answers.push(...(await Promise.all(batch)));
  }
  stalls.disable();
  const statuses = [...new Set(answers.map((answer) => answer.status))].sort().join(', ');
  console.log(`  ${kind}: ${statuses}`);
  rows.push({
    kind,
    statuses,
    ms: (performance.now() - started) / times,
    bytes: Math.max(...answers.map((answer) => answer.bytes)),
    ordinaryMs,
    stallMs: options.url ? Number.NaN : stalls.max / 1e6,
    circuits: await circuits(),
    heap: retainedHeap(),
  });
  return answers;
}

const heapAtStart = retainedHeap();
const mobileTeams = 'query ($r: [HospitalStaffRole!]) { healthMobileTeams(withRoles: $r) { id } }';
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
let unique = 0;
const next = () => (unique += 1);

await replay('100,000 integers for an enum list (200 KB)', () =>
  JSON.stringify({ query: mobileTeams, variables: { r: Array.from({ length: 100_000 }, (_, i) => i) } }),
);
await replay('10,000 integers for an enum list (20 KB)', () =>
  JSON.stringify({ query: mobileTeams, variables: { r: Array.from({ length: 10_000 }, (_, i) => i) } }),
);
await replay('1,000 integers for an enum list (errors capped)', () =>
  JSON.stringify({ query: mobileTeams, variables: { r: Array.from({ length: 1000 }, (_, i) => i) } }),
);
await replay('a variable 5,000 deep, unused', () => `{"query":"{ __typename }","variables":{"v":${nested(5000)}}}`);
await replay(
  'a variable 5,000 deep, in an argument',
  () => `{"query":"query ($c: ID!) { sector(code: $c) { name } }","variables":{"c":${nested(5000)}}}`,
);
await replay('an unknown operationName', () => JSON.stringify({ query: 'query A { sectors { code } }', operationName: 'B' }));
await replay('two operations, no operationName', () =>
  JSON.stringify({ query: 'query A { sectors { code } } query B { sectors { name } }' }),
);
await replay('a subscription', () => JSON.stringify({ query: 'subscription { sectors { code } }' }));
await replay('12 operation names of 12 KB', () => JSON.stringify({ query: `query ${'L'.repeat(12_000)} { sectors { code } }` }), 12);
await replay(
  '40 unique operation names of 900 KB',
  () => JSON.stringify({ query: `query L${next()}${'L'.repeat(900_000)} { sectors { code } }` }),
  40,
);
const stationsAliases = () => {
  const n = next();
  return JSON.stringify({
    query: `{ ${Array.from({ length: 28 }, (_, i) => `q${n}_${i}: ratpStations { code name lines { code name } }`).join(' ')} }`,
  });
};
const filled = await replay('2,000 distinct cacheable queries, ~50 KB answers', stationsAliases, 2000);
await replay('a misspelled field (production: no suggestion)', () => JSON.stringify({ query: '{ sectorz { code } }' }));
const misspelled = (await sendForText(JSON.stringify({ query: '{ sectorz { code } }' }))).text;
const health = await sendForText('', { method: 'GET', path: '/health/ready' });

console.log(`\nabuse replayed against ${options.url ?? 'the gateway in this process, NODE_ENV=production, --max-old-space-size=192'}`);
console.log(`an ordinary request alone: ${usualMs.toFixed(1)} ms (median of 21); retained heap at start: ${heapAtStart}\n`);
console.log(
  '| what was sent, anonymously | status | ms per request | largest answer | ordinary request meanwhile | longest event-loop stall | circuits after | retained heap after |',
);
console.log('|---|---|---:|---:|---:|---:|---|---:|');
for (const row of rows) {
  const stall = Number.isNaN(row.stallMs) ? '—' : `${row.stallMs.toFixed(0)} ms`;
  console.log(
    `| ${row.kind} | ${row.statuses} | ${row.ms.toFixed(1)} | ${row.bytes} B | ${row.ordinaryMs.toFixed(1)} ms | ${stall} | ${row.circuits} | ${row.heap} |`,
  );
}
console.log(`\ncacheable answers: ${filled.filter((answer) => answer.status === 200).length} of 2000 served`);
console.log(`a misspelled field answers: ${misspelled}`);
console.log(`GET /health/ready, anonymous: ${health.status} ${health.text}`);
await graph.stop();
