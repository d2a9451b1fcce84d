import { readFileSync } from 'node:fs';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { catalogue, subgraphNames } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { testGatewayEnv } from '../support/identity.js';
import { startService, type Service } from '../support/processes.js';
import { startSubgraph, type RunningSubgraph } from '../support/subgraphs.js';
import { gatewayHeapMb } from './checks.js';

export interface GatewayMemory {
  /** Resident set size now, and its peak so far (VmHWM), in MB. */
  readonly rssMb: number;
  readonly peakMb: number;
}

/** One gateway process: a restart makes another, with another port. */
export interface GatewayProcess {
  readonly service: Service;
  /** Its GraphQL endpoint, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** When it exited (ms since the epoch), or null while it runs. */
  readonly exitedAt: number | null;
}

export interface FuzzGraph {
  /** The current gateway process. */
  readonly gateway: GatewayProcess;
  /** How many times the gateway was restarted after exiting. */
  readonly gatewayRestarts: number;
  /** Starts a new gateway process in place of one that exited, so a run can go on and report the rest. */
  readonly restartGateway: () => Promise<void>;
  /** The current gateway process's memory, read from /proc (Linux); NaN once it has exited. */
  readonly gatewayMemory: () => GatewayMemory;
  /** The status of the current gateway's GET /health/live, or null when nothing answers within 5 s. */
  readonly liveStatus: () => Promise<number | null>;
  readonly stop: () => Promise<void>;
}

interface RunningGateway extends GatewayProcess {
  exitedAt: number | null;
}

/** The gateway as docker-compose runs it: 192 MB heap, no NODE_ENV=test; PORT=0 is a port to its config (0–65535), it takes a free one and prints it. */
async function startGatewayProcess(subgraphUrls: Record<string, string>): Promise<RunningGateway> {
  const service = startService(
    'gateway',
    [process.execPath, `--max-old-space-size=${gatewayHeapMb}`, '--import', 'tsx', 'gateway/index.ts'],
    {
      ...testGatewayEnv,
      ...subgraphUrls,
      PORT: '0',
      INTROSPECTION: 'false',
      // Unset, as in docker-compose (vitest sets NODE_ENV=test); spawn leaves out undefined values.
      NODE_ENV: undefined,
      NODE_OPTIONS: undefined,
    },
  );
  try {
    const [, url = ''] = await service.waitFor(/ready at (http:\/\/[^\s"]+)/, 60_000);
    const running: RunningGateway = { service, url, exitedAt: null };
    void service.exited.then(() => {
      running.exitedAt = Date.now();
    });
    return running;
  } catch (error) {
    await service.stop();
    throw error;
  }
}

/**
 * The five subgraphs in this process on fresh SQLite databases, and the gateway as a child process,
 * so that a crash, a stall or the memory of the gateway is its own and can be observed from outside.
 */
export async function startFuzzGraph(tag: string): Promise<FuzzGraph> {
  const sqlite = testEngines.find((engine) => engine.kind === 'sqlite');
  if (sqlite === undefined) throw new Error('no SQLite test engine');
  const subgraphs: RunningSubgraph[] = [];
  const urls: Record<string, string> = {};
  const stopSubgraphs = () => Promise.all(subgraphs.map((subgraph) => subgraph.stop()));
  let gateway: RunningGateway;
  try {
    // One at a time: seeding five databases at once only fights over two cores.
    for (const name of subgraphNames) {
      const subgraph = await startSubgraph(catalogue[name], await sqlite.freshDatabase(name, tag));
      subgraphs.push(subgraph);
      urls[subgraphUrlVariable(name)] = subgraph.url;
    }
    gateway = await startGatewayProcess(urls);
  } catch (error) {
    await stopSubgraphs();
    throw error;
  }
  let restarts = 0;
  return {
    get gateway(): GatewayProcess {
      return gateway;
    },
    get gatewayRestarts() {
      return restarts;
    },
    restartGateway: async () => {
      await gateway.service.stop();
      gateway = await startGatewayProcess(urls);
      restarts += 1;
    },
    gatewayMemory: () => {
      // startService spawns node itself (no shell, no npx), so this pid is the gateway's.
      let status = '';
      try {
        status = readFileSync(`/proc/${String(gateway.service.pid)}/status`, 'utf8');
      } catch {
        // The process is gone: NaN below.
      }
      const megabytes = (field: string) => Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024);
      return { rssMb: megabytes('VmRSS'), peakMb: megabytes('VmHWM') };
    },
    liveStatus: async () => {
      try {
        const response = await fetch(new URL('/health/live', gateway.url), { signal: AbortSignal.timeout(5000) });
        await response.arrayBuffer();
        return response.status;
      } catch {
        return null;
      }
    },
    stop: async () => {
      await gateway.service.stop();
      await stopSubgraphs();
    },
  };
}
