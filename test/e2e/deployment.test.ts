import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { registeredOperation } from '../../operations/index.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { gatewayProofHeader, signGatewayProof } from '../../platform/gateway-proof.js';
import { anonymousIdentity } from '../../platform/identity.js';
import { catalogue, isSubgraphName, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { databaseUrlVariable } from '../../subgraphs/shared/database.js';
import { testMysqlUrl } from '../support/databases.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { projectDir, startService, type Service } from '../support/processes.js';
import { startRedis, type RunningRedis } from '../support/redis.js';
import { postGraphQL } from '../support/subgraphs.js';

/** The variables an operator sets before `docker compose up` (the identity provider's issuer). */
const operatorEnv: Record<string, string> = { AUTH_ISSUER: 'https://idp.plan-crack.test' };

/** Compose's own `${NAME:?message}` and `${NAME:-default}` interpolation. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const set = operatorEnv[name];
    if (set !== undefined) return set;
    if (kind === '?') throw new Error(`compose needs ${name}: ${String(rest)}`);
    return rest ?? '';
  });
}

/** Production keys, made here as an operator would with openssl: no development marker. */
function writeKeyPair(dir: string, privateFile: string, publicFile: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, privateFile), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, publicFile), publicKey.export({ type: 'spki', format: 'pem' }));
  return privateKey;
}

interface ComposeService {
  command: string[];
  environment: Record<string, string>;
  healthcheck?: { test: string[] };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
}

/** `npm run build`, as the Dockerfile runs it before the compose services start from dist/. */
async function build(): Promise<void> {
  const building = startService('npm run build', ['npm', 'run', 'build'], {});
  const code = await building.exited;
  if (code !== 0) throw new Error(`npm run build exited with ${String(code)}:\n${building.output()}`);
}

/** One POST whose body arrives in two halves, `betweenHalves` running in the pause: the answer's status and text. */
function postInTwoHalves(
  url: string,
  headers: Record<string, string>,
  body: string,
  betweenHalves: () => Promise<void>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const sending = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, text });
        });
        response.on('error', reject);
      },
    );
    sending.on('error', reject);
    const half = Math.floor(bytes.length / 2);
    sending.write(bytes.subarray(0, half));
    sending.flushHeaders();
    void betweenHalves().then(() => sending.end(bytes.subarray(half)), reject);
  });
}

/**
 * docker-compose.yml run without Docker: the same commands and variables, MySQL replaced by the
 * test server (its init script run with a prefix on the database names), each service a process.
 * The code is built first, as the Dockerfile does; the gateway reaches ratp through a proxy that
 * can delay it, so that a request is in flight when the gateway is told to stop.
 */
describe.skipIf(!testMysqlUrl)('the docker-compose deployment, as processes on MySQL', () => {
  const compose = parse(readFileSync(`${projectDir}/docker-compose.yml`, 'utf8'), { merge: true }) as ComposeFile;
  const secretsDir = mkdtempSync(join(tmpdir(), 'plancrack-secrets-'));
  writeKeyPair(secretsDir, 'gateway-proof.key.pem', 'gateway-proof.pub.pem');
  const identityProviderKey = writeKeyPair(secretsDir, 'token-verification.key.pem', 'token-verification.pub.pem');
  const server = new URL(testMysqlUrl ?? 'mysql://localhost');
  const rename = (text: string) => text.replaceAll('plancrack_', 'plancrack_e2e_');
  const services: Service[] = [];
  const ports = {} as Record<SubgraphName, number>;
  let gatewayUrl = '';
  let gatewayMetricsUrl = '';
  let ratpProxy: FaultyProxy | undefined;
  let redis: RunningRedis | undefined;
  const serviceNamed = (name: string): Service => services.find((service) => service.name === name)!;

  /** A service's variables with the compose network's hosts replaced by this machine's. */
  function localEnv(environment: Record<string, string>): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, localise(interpolate(value))]));
  }
  function localise(value: string): string {
    const secret = /^\/run\/secrets\/(.+)$/.exec(value)?.[1];
    if (secret !== undefined) return join(secretsDir, basename(compose.secrets[secret]!.file));
    // The compose network's Redis: one of the test's own.
    if (value.startsWith('redis://')) return redis!.url;
    if (!/^(mysql|http):\/\//.test(value)) return value;
    const url = new URL(value);
    if (url.protocol === 'mysql:') {
      url.hostname = server.hostname;
      url.port = server.port || '3306';
      url.pathname = rename(url.pathname);
      return url.toString();
    }
    return isSubgraphName(url.hostname) ? `http://127.0.0.1:${ports[url.hostname]}/` : value;
  }

  beforeAll(async () => {
    const building = build();
    const admin = await createConnection({ uri: testMysqlUrl, multipleStatements: true });
    try {
      for (const name of subgraphNames) await admin.query(`DROP DATABASE IF EXISTS plancrack_e2e_${name.replace(/-/g, '_')}`);
      await admin.query(rename(readFileSync(`${projectDir}/docker/mysql-init.sql`, 'utf8')));
    } finally {
      await admin.end();
    }
    await building;
    // PORT=0: each subgraph takes a free port and prints it; the gateway is then pointed at them.
    await Promise.all(
      subgraphNames.map(async (name) => {
        const service = compose.services[name]!;
        const started = startService(name, service.command, { ...localEnv(service.environment), PORT: '0' });
        services.push(started);
        const [, port] = await started.waitFor(/ready at http:\/\/127\.0\.0\.1:(\d+)\//, 120_000);
        ports[name] = Number(port);
      }),
    );
    ratpProxy = await startFaultyProxy(`http://127.0.0.1:${ports.ratp}/`);
    redis = await startRedis();
    const gateway = compose.services.gateway!;
    const started = startService('gateway', gateway.command, {
      ...localEnv(gateway.environment),
      PORT: '0',
      METRICS_PORT: '0',
      [subgraphUrlVariable('ratp')]: ratpProxy.url,
    });
    services.push(started);
    [, gatewayUrl = ''] = await started.waitFor(/ready at (http:\/\/[^\s"]+)/);
    [, gatewayMetricsUrl = ''] = await started.waitFor(/metrics at (http:\/\/[^\s"]+)/);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await ratpProxy?.close();
    await redis?.stop();
  });

  it('passes every service’s own healthcheck', async () => {
    for (const service of services) {
      const check = compose.services[service.name]!.healthcheck!.test.slice(1);
      const port = service.name === 'gateway' ? new URL(gatewayUrl).port : String(ports[service.name as SubgraphName]);
      const probe = startService(`${service.name} healthcheck`, check, { PORT: port });
      expect(await probe.exited, `${service.name}: ${probe.output()}`).toBe(0);
    }
  });

  it('builds each database with its migrations and seeds it, under its own MySQL user', async () => {
    for (const name of subgraphNames) {
      const url = new URL(localEnv(compose.services[name]!.environment)[databaseUrlVariable(name)]!);
      const connection = await createConnection(url.toString());
      try {
        const [migrations] = await connection.query('SELECT name FROM migrations ORDER BY id');
        expect((migrations as { name: string }[]).map((row) => row.name)).toEqual(
          catalogue[name].migrations.map((migration) => migration.name),
        );
        // Another partner's database is out of reach of this partner's user.
        const other = subgraphNames.find((candidate) => candidate !== name)!;
        await expect(connection.query(`SELECT 1 FROM plancrack_e2e_${other.replace(/-/g, '_')}.migrations`)).rejects.toThrow(/denied/);
      } finally {
        await connection.end();
      }
    }
  });

  /** A token of the identity provider; `graph:explore` lets its agent send operations nobody registered. */
  const providerToken = (scopes: string[]) =>
    signAgentToken(identityProviderKey, {
      agent: 'officer-1',
      partner: 'pref-police',
      scopes,
      issuer: operatorEnv.AUTH_ISSUER!,
      audience: 'plan-wide-graph',
      expiresAt: '5m',
    });

  it('serves registered operations only (TRUSTED_OPERATIONS=enforce), by text or id, and others to an explorer', async () => {
    const registered = registeredOperation('readme', 'SectorName');
    const byId = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(registered.body).digest('hex') } },
      }),
    });
    expect(await byId.json()).toEqual({ data: { sector: { name: 'Stalingrad' } } });
    const free = 'query Unregistered { sector(code: "stalingrad") { name } }';
    const refused = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: free }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'OPERATION_NOT_REGISTERED',
    );
    const explored = await postGraphQL(gatewayUrl, free, undefined, { authorization: `Bearer ${await providerToken(['graph:explore'])}` });
    expect(explored).toEqual({ data: { sector: { name: 'Stalingrad' } } });
  });

  it('serves a sector with data from all five subgraphs through the gateway, to an agent with a token of the identity provider', async () => {
    const token = await signAgentToken(identityProviderKey, {
      agent: 'officer-1',
      partner: 'pref-police',
      // An operation of its own: graph:explore under TRUSTED_OPERATIONS=enforce.
      scopes: ['police-justice:read', 'graph:explore'],
      issuer: operatorEnv.AUTH_ISSUER!,
      audience: 'plan-wide-graph',
      expiresAt: '5m',
    });
    const { data, errors } = await postGraphQL(
      gatewayUrl,
      `{ sector(code: "rosa-parks") { name policeDeployments(from: "2023-10-01", to: "2023-10-31") { daysWithBothShifts }
         careFacilities { kind } publicMeetings { date } stations { code } } year(year: 2023) { policeJustice { deportations { value } } } }`,
      undefined,
      { authorization: `Bearer ${token}` },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      sector: {
        name: 'Rosa Parks',
        policeDeployments: { daysWithBothShifts: 31 },
        careFacilities: expect.any(Array),
        publicMeetings: expect.arrayContaining([{ date: '2023-10-18' }]),
        stations: [{ code: 'corentin-cariou' }, { code: 'rosa-parks' }],
      },
      year: { policeJustice: { deportations: { value: 25 } } },
    });
  });

  it('refuses a direct call to a subgraph, without the gateway’s proof', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.health}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ healthFigures { assorePlaces { years { value } } } }' }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/answers only the plan-wide gateway/);
  });

  it('names the variables the gateway reads for every subgraph, and its keys', () => {
    expect(Object.keys(compose.services.gateway!.environment).sort()).toEqual(
      [
        ...[
          'PORT',
          'METRICS_PORT',
          'NODE_ENV',
          'NODE_OPTIONS',
          'AUTH_ISSUER',
          'AUTH_AUDIENCE',
          'AUTH_PUBLIC_KEY_FILE',
          'GATEWAY_PROOF_KEY_FILE',
          'CORS_ORIGINS',
          'TRUSTED_OPERATIONS',
        ],
        ...['REDIS_URL', 'RATE_LIMITS', 'TRUST_PROXY'],
        ...subgraphNames.map(subgraphUrlVariable),
      ].sort(),
    );
  });

  it('runs compiled code, one node process per service', () => {
    for (const service of services) expect(compose.services[service.name]!.command[0], service.name).toBe('node');
  });

  it('shows Prometheus metrics on the gateway’s metrics port and on each subgraph, SQL statements on MySQL included', async () => {
    const gatewayMetrics = await (await fetch(gatewayMetricsUrl)).text();
    expect(gatewayMetrics).toMatch(/^http_client_request_duration_seconds_count\{subgraph="ratp",outcome="success"\} [1-9]/m);
    expect(gatewayMetrics).toMatch(/^gateway_subgraph_circuit_state\{subgraph="plan",state="closed"\} 1$/m);
    const ratpMetrics = await (await fetch(`http://127.0.0.1:${ports.ratp}/metrics`)).text();
    expect(ratpMetrics).toMatch(
      /^db_client_operation_duration_seconds_count\{subgraph="ratp",db_system_name="mysql",db_operation_name="SELECT",outcome="success"\} [1-9]/m,
    );
    expect(ratpMetrics).toMatch(/^http_server_request_duration_seconds_count\{.*outcome="success"\} [1-9]/m);
  });

  // Last: these stop the gateway and the plan subgraph.
  it('drains a request in flight and exits 0 when SIGTERM reaches the compiled gateway’s own process', async () => {
    const gateway = serviceNamed('gateway');
    ratpProxy!.fault = { kind: 'slow', ms: 1_500 };
    const callsBefore = ratpProxy!.calls();
    const answer = postGraphQL(gatewayUrl, '{ sector(code: "rosa-parks") { name stations { code } } }', undefined, {
      authorization: `Bearer ${await providerToken(['graph:explore'])}`,
    });
    while (ratpProxy!.calls() === callsBefore) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gateway.signal('SIGTERM')).toBe(true);
    const { data, errors } = await answer;
    expect(errors).toBeUndefined();
    expect(data).toEqual({ sector: { name: 'Rosa Parks', stations: [{ code: 'corentin-cariou' }, { code: 'rosa-parks' }] } });
    expect(await gateway.exited, gateway.output()).toBe(0);
  });

  it('drains a request in flight and exits 0 when SIGTERM reaches a compiled subgraph’s own process', async () => {
    const plan = serviceNamed('plan');
    const proofKey = createPrivateKey(readFileSync(join(secretsDir, 'gateway-proof.key.pem')));
    const proof = await signGatewayProof(proofKey, anonymousIdentity, 'plan', 'SectorName');
    const body = JSON.stringify({ query: 'query SectorName { sector(code: "rosa-parks") { name } }', operationName: 'SectorName' });
    // Half the body sent, the process told to stop, then the rest: the request is in flight throughout.
    const { status, text } = await postInTwoHalves(`http://127.0.0.1:${ports.plan}/`, { [gatewayProofHeader]: proof }, body, async () => {
      // Time for the subgraph to read the headers: a connection with no request begun counts as idle and is closed at once.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(plan.signal('SIGTERM')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(status, text).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { sector: { name: 'Rosa Parks' } } });
    expect(await plan.exited, plan.output()).toBe(0);
  });
});
