/**
 * `npm run load -- --replicas 2`: the load of run.ts sent to HAProxy in front of N gateway replicas
 * sharing one Redis (test/support/cluster.ts), the last replica SIGKILLed a third of the way in and
 * restarted at two thirds. Prints requests served and failed per 5 s window, the response cache's hit
 * ratio, Redis round trips per request (the gateways' own count, and Redis' INFO commandstats) and
 * each replica's memory.
 */
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startCluster, type Replica } from '../../test/support/cluster.js';
import { counterValue } from '../../test/support/redis.js';
import { processCpuMs } from '../gateways/cpu.js';
import { atTime, loadOperations, memoryOf, signLoadToken } from './mix.js';

export interface ReplicaLoadOptions {
  readonly duration: number;
  readonly connections: number;
  readonly replicas: number;
  /** The compiled code (dist/, `npm run build` first), as docker-compose runs it. */
  readonly compiled: boolean;
}

/** CPU seconds a process has used so far (Linux /proc, as the gateways' bench reads it). */
const cpuSecondsOf = (pid: number | undefined): number => processCpuMs(pid ?? 0) / 1000;

/** What a replica's /metrics says of its cache and its round trips to Redis. */
async function replicaFigures(replica: Replica) {
  const text = await (await fetch(replica.metricsUrl)).text();
  return {
    hits: counterValue(text, 'gateway_response_cache_requests_total', { result: 'hit' }),
    misses: counterValue(text, 'gateway_response_cache_requests_total', { result: 'miss' }),
    redis: counterValue(text, 'gateway_redis_commands_total'),
    redisFailures: counterValue(text, 'gateway_redis_commands_total', { outcome: 'failure' }),
    requests: counterValue(text, 'http_server_request_duration_seconds_count'),
  };
}
type Figures = Awaited<ReturnType<typeof replicaFigures>>;
const add = (a: Figures, b: Figures): Figures => ({
  hits: a.hits + b.hits,
  misses: a.misses + b.misses,
  redis: a.redis + b.redis,
  redisFailures: a.redisFailures + b.redisFailures,
  requests: a.requests + b.requests,
});

/** Redis' own count of the commands it ran since `CONFIG RESETSTAT`, by command. */
async function commandStats(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  return Object.fromEntries(
    [...info.matchAll(/^cmdstat_(\w+(?:\|\w+)?):calls=(\d+)/gm)].flatMap(([, command, calls]) =>
      command === undefined ? [] : [[command, Number(calls)]],
    ),
  );
}

export async function loadReplicas({ duration, connections, replicas: count, compiled }: ReplicaLoadOptions): Promise<void> {
  // Limits on, as docker-compose runs them, high enough that the load measures the graph, not them.
  const cluster = await startCluster({
    replicas: count,
    compiled,
    gatewayEnv: {
      RATE_LIMITS: 'true',
      RATE_LIMIT_AGENT_REQUESTS: '100000000',
      RATE_LIMIT_AGENT_COST: '1000000000',
      RATE_LIMIT_PARTNER_REQUESTS: '100000000',
      RATE_LIMIT_PARTNER_COST: '1000000000',
    },
  });
  const redis = new Redis(cluster.redis.url);
  try {
    const survivor = cluster.replicas[0];
    const victim = cluster.replicas.at(-1);
    if (survivor === undefined || victim === undefined || survivor === victim)
      throw new Error(`the load needs at least 2 replicas, got ${cluster.replicas.length}`);
    console.log(
      `HAProxy ${cluster.url} over ${cluster.replicas.map((replica) => `${replica.name} ${replica.url}`).join(', ')}; Redis ${cluster.redis.url}`,
    );
    const token = await signLoadToken(cluster.keys.tokenPrivateKeyFile);
    const operations = Object.values(loadOperations);

    const windowMs = 5000;
    const timeline: { served: number; failed: number }[] = [];
    const started = Date.now();
    const record = (served: boolean) => {
      const index = Math.floor((Date.now() - started) / windowMs);
      while (timeline.length <= index) timeline.push({ served: 0, failed: 0 });
      const window = timeline[index];
      if (window) window[served ? 'served' : 'failed'] += 1;
    };
    const failures = new Map<string, number>();
    const fail = (kind: string) => {
      record(false);
      failures.set(kind, (failures.get(kind) ?? 0) + 1);
    };

    await redis.config('RESETSTAT');
    const cpuBefore = {
      survivor: cpuSecondsOf(survivor.service().pid),
      redis: cpuSecondsOf(cluster.redis.service.pid),
      subgraphs: cluster.subgraphs.reduce((sum, service) => sum + cpuSecondsOf(service.pid), 0),
    };
    const survivorRequestsBefore = (await replicaFigures(survivor)).requests;
    // An object, not a let: TypeScript does not see the timed step's write and would take it for always null.
    const victimBeforeKill: { figures: Figures | null } = { figures: null };
    const killAt = atTime((duration * 1000) / 3, async () => {
      victimBeforeKill.figures = await replicaFigures(victim);
      await victim.kill();
      console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${victim.name} killed (SIGKILL)`);
    });
    const restartAt = atTime((duration * 2000) / 3, async () => {
      await victim.restart();
      console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${victim.name} restarted`);
    });
    console.log(
      `load: ${duration} s, ${connections} connections through HAProxy; ${victim.name} killed at ${Math.round(duration / 3)} s, restarted at ${Math.round((2 * duration) / 3)} s`,
    );

    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: cluster.url,
          connections,
          duration,
          timeout: 10,
          requests: operations.map(({ query, variables }) => ({
            method: 'POST' as const,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
            onResponse: (status: number, body: string) => {
              if (status !== 200) {
                fail(`HTTP ${status}`);
                return;
              }
              if (body.includes('"errors"')) {
                fail('GraphQL errors');
                return;
              }
              record(true);
            },
          })),
        },
        (error, finished) => {
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else resolve(finished);
        },
      );
      instance.on('reqError', (error: unknown) => {
        fail(`connection: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    clearTimeout(killAt);
    clearTimeout(restartAt);

    const cpu = {
      survivor: cpuSecondsOf(survivor.service().pid) - cpuBefore.survivor,
      redis: cpuSecondsOf(cluster.redis.service.pid) - cpuBefore.redis,
      subgraphs: cluster.subgraphs.reduce((sum, service) => sum + cpuSecondsOf(service.pid), 0) - cpuBefore.subgraphs,
    };
    const survivorRequests = (await replicaFigures(survivor)).requests - survivorRequestsBefore;
    const figures = (await Promise.all(cluster.replicas.map(replicaFigures))).reduce(add);
    const total = victimBeforeKill.figures === null ? figures : add(figures, victimBeforeKill.figures);
    const stats = await commandStats(redis);
    const redisCommands = Object.entries(stats)
      .filter(([command]) => !['info', 'config|resetstat', 'config'].includes(command))
      .reduce((sum, [, calls]) => sum + calls, 0);
    const served = timeline.reduce((sum, window) => sum + window.served, 0);
    const failed = timeline.reduce((sum, window) => sum + window.failed, 0);

    console.log(
      `\nrequests: ${served} served, ${failed} failed (${Math.round(result.requests.average)}/s through HAProxy), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    );
    console.log('per 5 s window:');
    timeline.forEach(({ served: ok, failed: bad }, index) => {
      console.log(
        `  ${String(index * 5).padStart(4)}–${String((index + 1) * 5).padEnd(4)} s  ${String(ok).padStart(6)} served  ${String(bad).padStart(5)} failed`,
      );
    });
    if (failures.size > 0) console.log(`failures: ${[...failures].map(([kind, times]) => `${times} ${kind}`).join(', ')}`);
    const queries = total.hits + total.misses;
    console.log(`response cache: ${total.hits} hits of ${queries} queries (${((100 * total.hits) / Math.max(queries, 1)).toFixed(1)} %)`);
    console.log(
      `Redis round trips: ${total.redis} counted by the gateways (${total.redisFailures} failed), ${(total.redis / Math.max(total.requests, 1)).toFixed(2)} per request; ` +
        `Redis ran ${redisCommands} commands, ${(redisCommands / Math.max(served + failed, 1)).toFixed(2)} per request (${Object.entries(
          stats,
        )
          .filter(([command]) => !command.startsWith('config') && command !== 'info')
          .map(([command, calls]) => `${command} ${calls}`)
          .join(', ')})`,
    );
    const perRequest = (seconds: number, requests: number) => `${((1000 * seconds) / Math.max(requests, 1)).toFixed(2)} ms`;
    console.log(
      `CPU per request: ${survivor.name} ${perRequest(cpu.survivor, survivorRequests)} (${survivorRequests} requests, ${cpu.survivor.toFixed(1)} s), ` +
        `Redis ${perRequest(cpu.redis, served + failed)}, the five subgraphs ${perRequest(cpu.subgraphs, served + failed)}`,
    );
    for (const replica of cluster.replicas) {
      const { rss, peak } = memoryOf(replica.service().pid);
      console.log(`${replica.name}: RSS ${rss} MB at the end, peak ${peak} MB${replica === victim ? ' (since its restart)' : ''}`);
    }
  } finally {
    redis.disconnect();
    await cluster.stop();
  }
}
