import { Redis } from 'ioredis';
import { serviceLogger } from '../platform/log.js';
import type { RedisConfig } from './config.js';

const log = serviceLogger('gateway');

/** What the gateway keeps in Redis, as the metrics' `use` label says it. */
export type RedisUse = 'response_cache' | 'cache_generation' | 'rate_limit';

/** Told of every round trip to Redis and how it ended (gateway/metrics.ts counts them). */
export type RedisObserver = (use: RedisUse, outcome: 'success' | 'failure') => void;

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? '';

/**
 * The one Redis connection of a replica (ioredis), shared by the response cache, its generation and
 * the rate limits. Redis is a help, never a dependency of a request: a command fails at once while
 * the connection is down (no offline queue) or after `timeoutMs`, and its caller degrades (a cache
 * miss, limits counted in memory). The connection keeps retrying in the background. A failure is
 * logged once when Redis starts failing, and once when it answers again, not per request.
 */
export class SharedRedis {
  readonly client: Redis;
  private failing = false;

  constructor(
    readonly config: RedisConfig,
    private readonly observe: RedisObserver,
  ) {
    this.client = new Redis(config.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.timeoutMs,
      connectTimeout: Math.max(config.timeoutMs, 1000),
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
      // The gateway starts, and serves, whether Redis answers or not.
      lazyConnect: false,
    });
    // Without a listener, ioredis prints every connection error on stderr.
    this.client.on('error', (error: unknown) => {
      this.failed(error);
    });
    this.client.on('ready', () => {
      this.succeeded();
    });
  }

  /**
   * Resolves once the connection is ready, or after `timeoutMs` whatever it is (the gateway then
   * starts without Redis, and uses it as soon as it answers): whether it is ready.
   */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => {
        done(true);
      };
      const timer = setTimeout(() => {
        done(false);
      }, timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  /** Runs one round trip to Redis, counting it; rethrows its failure for the caller to degrade. */
  async run<T>(use: RedisUse, command: (client: Redis) => Promise<T>): Promise<T> {
    try {
      const result = await command(this.client);
      this.observe(use, 'success');
      this.succeeded();
      return result;
    } catch (error) {
      this.observe(use, 'failure');
      this.failed(error);
      throw error;
    }
  }

  /** Counts a round trip made by a library on this client (the rate limiter), as `run` does. */
  record(use: RedisUse, outcome: 'success' | 'failure', error?: unknown): void {
    this.observe(use, outcome);
    if (outcome === 'success') this.succeeded();
    else this.failed(error);
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    log.warn(
      { redis: this.redactedUrl, reason: reasonOf(error) },
      `Redis at ${this.redactedUrl} is failing (${reasonOf(error)}): no shared cache, rate limits counted by this replica alone, until it answers again`,
    );
  }

  private succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    log.info({ redis: this.redactedUrl }, `Redis at ${this.redactedUrl} answers again: shared cache and rate limits back`);
  }

  /** The URL without its password, for log lines. */
  private get redactedUrl(): string {
    const url = new URL(this.config.url);
    if (url.password !== '') url.password = '***';
    return url.toString();
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
