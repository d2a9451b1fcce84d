import { createServer } from 'node:net';
import { startService, type Service } from './processes.js';

/** A port free now (the system's pick), for a process that takes its port on the command line. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface RunningRedis {
  readonly url: string;
  readonly service: Service;
  readonly stop: () => Promise<void>;
}

/**
 * A Redis of the test's own (Debian's redis-server) on a free port, nothing persisted: no state
 * shared with other tests or with the Redis a machine runs on 6379, and one the test may kill.
 */
export async function startRedis(port?: number): Promise<RunningRedis> {
  const chosen = port ?? (await freePort());
  const service = startService(
    'redis',
    ['redis-server', '--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
  );
  await service.waitFor(/Ready to accept connections/, 10_000);
  return {
    url: `redis://127.0.0.1:${chosen}`,
    service,
    stop: async () => {
      await service.stop();
    },
  };
}

/** A Prometheus counter's value in a scrape, summed over the series matching every label given. */
export function counterValue(scrape: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of scrape.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
