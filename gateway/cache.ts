import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { OperationTypeNode } from 'graphql';
import { lruStringsBytes } from '../platform/heap-size.js';
import type { Identity } from '../platform/identity.js';
import type { ResponseCacheConfig } from './config.js';
import type { SharedRedis } from './redis.js';
import type { GatewayContext } from './subgraphs.js';

/** The authenticator hands back the same identity for a token it has verified: its key is made once. */
const grantsKeys = new WeakMap<Identity, string>();

/**
 * What an answer may depend on besides the operation: whether the agent is known, its partner and
 * its scopes — not its name. Agents with the same grants share cached answers; no agent is ever
 * served an answer computed for other grants. (Individual-level fields, whose reads are audited
 * per agent, carry no cache hint and are never cached.)
 */
function grantsKey(identity: Identity): string {
  let key = grantsKeys.get(identity);
  if (key === undefined) {
    key = JSON.stringify({ authenticated: identity.agent !== null, partner: identity.partner, scopes: [...identity.scopes].sort() });
    grantsKeys.set(identity, key);
  }
  return key;
}

/** Whether a mutation's answer has a root field that is not null: something was written (or replayed). */
function wroteSomething(response: GraphQLResponse): boolean {
  if (response.body.kind !== 'single') return true;
  return Object.values(response.body.singleResult.data ?? {}).some((value) => value !== null);
}

/**
 * The generation of the cached answers: part of every cache key, so that moving to the next one
 * leaves every answer kept before out of reach at once. A write moves it before its answer leaves;
 * an answer computed from the data before a write is kept under the generation it started with,
 * which no later request reads.
 */
interface CacheGeneration {
  /** The generation now; null when it cannot be known (Redis failing): the request neither reads nor keeps an answer. */
  current(): Promise<string | null>;
  /** Moves to the next generation. */
  next(): Promise<void>;
}

/** One replica alone: a counter in memory; the LRU is emptied too, since nothing can reach its answers any more. */
class MemoryGeneration implements CacheGeneration {
  private generation = 0;
  constructor(private readonly cache: InMemoryLRUCache) {}
  async current(): Promise<string> {
    return String(this.generation);
  }
  async next(): Promise<void> {
    this.generation += 1;
    this.cache.clear();
  }
}

/**
 * Replicas sharing Redis: the generation is a counter there, read by every query (one round trip,
 * the cost of seeing every replica's writes at once) and incremented by every write before its
 * answer leaves. Chosen over a pub/sub message, which arrives at each replica some time after the
 * write's answer (a read through another replica meanwhile is served the old figure) and is lost
 * for good by a replica whose connection blinked; over deleting the keys, which cannot be done at
 * once for every key, nor for an answer being stored while it runs.
 */
class RedisGeneration implements CacheGeneration {
  private readonly key: string;
  /** A write whose increment failed: owed to the others, paid at the next round trip that works. */
  private owed = false;

  constructor(private readonly redis: SharedRedis) {
    this.key = `${redis.config.keyPrefix}response-cache:generation`;
  }

  async current(): Promise<string | null> {
    try {
      if (this.owed) await this.increment();
      const generation = await this.redis.run('cache_generation', (client) => client.get(this.key));
      if (generation !== null) return generation;
      // A Redis that lost the counter (restarted without persistence) starts it anew at a value no
      // earlier counter could have reached, so that no answer kept by a replica in between is read.
      await this.redis.run('cache_generation', (client) => client.set(this.key, String(Date.now()), 'NX'));
      return await this.redis.run('cache_generation', (client) => client.get(this.key));
    } catch {
      return null;
    }
  }

  async next(): Promise<void> {
    try {
      await this.increment();
    } catch {
      this.owed = true;
    }
  }

  private async increment(): Promise<void> {
    const generation = await this.redis.run('cache_generation', (client) => client.incr(this.key));
    // 1: the counter was lost (as in current()): restarted past any value it had.
    if (generation === 1) await this.redis.run('cache_generation', (client) => client.set(this.key, String(Date.now())));
    this.owed = false;
  }
}

/** Answers kept in Redis, each with the TTL of its cache policy; a failed command is a miss, or a store skipped. */
class RedisAnswers implements KeyValueCache {
  private readonly prefix: string;
  constructor(private readonly redis: SharedRedis) {
    this.prefix = `${redis.config.keyPrefix}response-cache:`;
  }
  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.run('response_cache', (client) => client.get(this.prefix + key))) ?? undefined;
    } catch {
      return undefined;
    }
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    // Only answers with a max-age are kept (the plugin's policy); one without would never leave Redis.
    if (typeof ttl !== 'number' || ttl <= 0) return;
    await this.redis.run('response_cache', (client) => client.set(this.prefix + key, value, 'EX', Math.ceil(ttl))).catch(() => undefined);
  }
  async delete(key: string): Promise<void> {
    await this.redis.run('response_cache', (client) => client.del(this.prefix + key)).catch(() => undefined);
  }
}

/** The request's generation, read once, before its cache key is made. */
const generationOf = new WeakMap<GatewayContext, string | null>();

/**
 * Apollo's response cache (@apollo/server-plugin-response-cache): a repeated query is answered
 * without calling any subgraph, for as long as the subgraphs' `cache-control` headers allow (the
 * shortest wins; an answer with errors, a mutation or anything unhinted is never cached). In memory
 * (an LRU of `maxBytes` as V8 keeps them, keys included), or in Redis shared by every replica when
 * one is given. Since the figures follow every write, a write through any replica moves the cache's
 * generation (see `CacheGeneration`) before its answer leaves. A new supergraph, which may answer
 * the same query otherwise, is part of the key: replicas serving different supergraphs never share
 * an answer.
 */
export function responseCachePlugins(
  config: ResponseCacheConfig,
  maxBytes: number,
  redis: SharedRedis | null,
  supergraphHash: () => string | null,
): ApolloServerPlugin<GatewayContext>[] {
  if (!config.enabled) return [];
  let cache: KeyValueCache;
  let generation: CacheGeneration;
  if (redis === null) {
    // Sized as V8 holds the strings: the French texts ("Métro 7 — La Courneuve ↔ …") take two bytes a
    // character, keys too; plus the LRU's own entry. InMemoryLRUCache counts characters of the value only.
    const memory = new InMemoryLRUCache<string>({ maxSize: maxBytes, sizeCalculation: (value, key) => lruStringsBytes(key, value) });
    cache = memory;
    generation = new MemoryGeneration(memory);
  } else {
    cache = new RedisAnswers(redis);
    generation = new RedisGeneration(redis);
  }
  const invalidation: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      // In memory, the old supergraph's answers only take room; in Redis, other replicas may still serve it.
      return { schemaDidLoadOrUpdate: () => (redis === null ? void generation.next() : undefined) };
    },
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response }) {
          // A refused write (say, an anonymous one) moves nothing: it cannot be used to empty the cache.
          if (operation?.operation !== OperationTypeNode.MUTATION || !wroteSomething(response)) return;
          await generation.next();
        },
      };
    },
  };
  return [
    invalidation,
    ApolloServerPluginResponseCache<GatewayContext>({
      cache,
      // Answers marked PRIVATE (per-sector figures, under report:read) are kept per grants; never for an anonymous request.
      sessionId: async ({ contextValue }) => (contextValue.identity.agent === null ? null : grantsKey(contextValue.identity)),
      extraCacheKeyData: async ({ contextValue }) => {
        const current = await generation.current();
        generationOf.set(contextValue, current);
        return { grants: grantsKey(contextValue.identity), generation: current, supergraph: supergraphHash() };
      },
      // Without a generation (Redis failing), the answer is computed and not kept.
      shouldReadFromCache: async ({ contextValue }) => generationOf.get(contextValue) !== null,
      shouldWriteToCache: async ({ contextValue }) => generationOf.has(contextValue) && generationOf.get(contextValue) !== null,
    }),
  ];
}
