import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { developmentAudience, developmentIssuer, ensureDevelopmentKeys, type DevelopmentKeys } from '../../platform/keys.js';
import { subgraphNames, type SubgraphName } from '../../subgraphs/registry.js';
import { startService, type Service } from './processes.js';
import { freePort, startRedis, type RunningRedis } from './redis.js';

/** How often HAProxy checks each replica's /health/ready, and after how many failures it takes one out (or back). */
export const healthCheck = { interMs: 500, fall: 2, rise: 2 } as const;

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly metricsUrl: string;
  /** The running process; a new one after `restart`. */
  readonly service: () => Service;
  /** SIGKILL: a crash, no draining. */
  readonly kill: () => Promise<void>;
  /** Starts it again on the same ports, as an orchestrator restarts a container. */
  readonly restart: () => Promise<void>;
}

export interface Cluster {
  /** The load balancer's URL: what clients call. */
  readonly url: string;
  /** HAProxy's statistics as CSV (`;csv`): each replica's status as HAProxy sees it. */
  readonly statsUrl: string;
  readonly redis: RunningRedis;
  readonly replicas: readonly Replica[];
  /** The subgraphs' processes. */
  readonly subgraphs: readonly Service[];
  readonly keys: DevelopmentKeys;
  /** Each replica's status in HAProxy: UP, DOWN, or a transition (`UP 1/2`…). */
  readonly backendStatus: () => Promise<Record<string, string>>;
  readonly stop: () => Promise<void>;
}

export interface ClusterOptions {
  readonly replicas?: number;
  /** Gateway variables beside what the cluster sets (REDIS_URL, TRUST_PROXY, keys, subgraph URLs). */
  readonly gatewayEnv?: NodeJS.ProcessEnv;
  /**
   * Run the compiled code (`npm run build` first) as docker-compose does, the gateway under its
   * 192 MB heap; else the sources under tsx.
   */
  readonly compiled?: boolean;
}

/** HAProxy in front of the replicas: round robin, each health-checked on /health/ready, and the client's address in X-Forwarded-For. */
function haproxyConfig(port: number, statsPort: number, replicas: readonly { name: string; port: number }[]): string {
  return `global
  maxconn 2000

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  # A check answered later counts as failed; apart from inter, so that a replica slowed by load is not taken out.
  timeout check 2s
  # A request whose connection to a replica failed goes to another (a replica just killed refuses connections).
  option redispatch
  retries 2
  retry-on conn-failure empty-response

frontend graph
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend gateways

backend gateways
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
${replicas.map(({ name, port: replicaPort }) => `  server ${name} 127.0.0.1:${replicaPort} check inter ${healthCheck.interMs}ms fall ${healthCheck.fall} rise ${healthCheck.rise}`).join('\n')}

frontend stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats
`;
}

/**
 * The deployment of docker-compose as processes on this machine: a Redis of its own, the five
 * subgraphs (SQLite, each in its own process), N gateway replicas sharing that Redis, and Debian's
 * HAProxy in front of them (/usr/sbin/haproxy), all on free ports.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.replicas ?? 2;
  const node = (source: string) =>
    options.compiled ? [process.execPath, `dist/${source.replace(/\.ts$/, '.js')}`] : [process.execPath, '--import', 'tsx', source];
  // docker-compose's heap for the gateway (NODE_OPTIONS), which keeps its RSS near 200 MB.
  const heap: NodeJS.ProcessEnv = options.compiled ? { NODE_OPTIONS: '--max-old-space-size=192' } : {};
  const work = mkdtempSync(join(tmpdir(), 'plancrack-cluster-'));
  const keys = ensureDevelopmentKeys(join(work, 'keys'));
  const processes: Service[] = [];
  let redis: RunningRedis | null = null;
  const stopAll = async () => {
    await Promise.all(processes.map((service) => service.stop()));
    await redis?.stop();
  };
  try {
    redis = await startRedis();
    const ports = new Map<SubgraphName, number>();
    const portOf = (name: SubgraphName): number => {
      const port = ports.get(name);
      if (port === undefined) throw new Error(`subgraph ${name} has no port: it did not start`);
      return port;
    };
    const subgraphs: Service[] = [];
    for (const name of subgraphNames) {
      const service = startService(name, node(`subgraphs/${name}/index.ts`), {
        DATA_DIR: work,
        PORT: '0',
        GATEWAY_PROOF_PUBLIC_KEY_FILE: keys.proofPublicKeyFile,
      });
      processes.push(service);
      subgraphs.push(service);
      const [, port] = await service.waitFor(/ready at http:\/\/127\.0\.0\.1:(\d+)\//, 120_000);
      ports.set(name, Number(port));
    }
    const gatewayEnv: NodeJS.ProcessEnv = {
      AUTH_PUBLIC_KEY_FILE: keys.tokenPublicKeyFile,
      AUTH_ISSUER: developmentIssuer,
      AUTH_AUDIENCE: developmentAudience,
      GATEWAY_PROOF_KEY_FILE: keys.proofPrivateKeyFile,
      REDIS_URL: redis.url,
      TRUST_PROXY: 'true',
      ...Object.fromEntries(subgraphNames.map((name) => [subgraphUrlVariable(name), `http://127.0.0.1:${portOf(name)}/`])),
      ...heap,
      ...options.gatewayEnv,
    };
    const replicas: Replica[] = [];
    for (let index = 1; index <= count; index++) {
      const name = `gateway-${index}`;
      const port = await freePort();
      const metricsPort = await freePort();
      const start = async () => {
        const service = startService(name, node('gateway/index.ts'), {
          ...gatewayEnv,
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
        });
        processes.push(service);
        await service.waitFor(/plan-wide graph ready at/, 120_000);
        return service;
      };
      let service = await start();
      replicas.push({
        name,
        port,
        url: `http://127.0.0.1:${port}/`,
        metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
        service: () => service,
        kill: async () => {
          service.signal('SIGKILL');
          await service.exited;
        },
        restart: async () => {
          service = await start();
        },
      });
    }
    const lbPort = await freePort();
    const statsPort = await freePort();
    const configFile = join(work, 'haproxy.cfg');
    writeFileSync(configFile, haproxyConfig(lbPort, statsPort, replicas));
    const haproxy = startService('haproxy', ['/usr/sbin/haproxy', '-db', '-f', configFile], {});
    processes.push(haproxy);
    const url = `http://127.0.0.1:${lbPort}/`;
    const statsUrl = `http://127.0.0.1:${statsPort}/stats;csv`;
    const backendStatus = async (): Promise<Record<string, string>> => {
      const csv = await (await fetch(statsUrl)).text();
      const [header = '', ...rows] = csv.replace(/^# /, '').trim().split('\n');
      const columns = header.split(',');
      const [proxy, server, status] = ['pxname', 'svname', 'status'].map((column) => columns.indexOf(column)) as [number, number, number];
      const servers = rows
        .map((row) => row.split(','))
        .filter((cells) => cells[proxy] === 'gateways' && cells[server]?.startsWith('gateway-'));
      return Object.fromEntries(servers.map((cells) => [cells[server]!, cells[status]!]));
    };
    // Ready once HAProxy has seen every replica pass its check.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const statuses = await backendStatus().catch(() => ({}));
      if (Object.keys(statuses).length === count && Object.values(statuses).every((status) => status === 'UP')) break;
      if (Date.now() > deadline) throw new Error(`HAProxy did not see every replica UP: ${JSON.stringify(statuses)}\n${haproxy.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { url, statsUrl, redis, replicas, subgraphs, keys, backendStatus, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
