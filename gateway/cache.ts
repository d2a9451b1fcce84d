import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { lruStringsBytes } from '../platform/heap-size.js';
import type { Identity } from '../platform/identity.js';
import type { ResponseCacheConfig } from './config.js';
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
 * Apollo's response cache (@apollo/server-plugin-response-cache): a repeated query is answered from
 * memory, without calling any subgraph, for as long as the subgraphs' `cache-control` headers allow
 * (the shortest wins; an answer with errors, a mutation or anything unhinted is never cached).
 * Bounded by an LRU of `maxBytes` as V8 keeps them (keys included). Since the figures follow every write, a write through this gateway
 * clears the cache, and an answer computed while a write was being made is not kept; so does a new
 * supergraph, which may answer the same query otherwise.
 */
export function responseCachePlugins(config: ResponseCacheConfig, maxBytes: number): ApolloServerPlugin<GatewayContext>[] {
  if (!config.enabled) return [];
  // Sized as V8 holds the strings: the French texts ("Métro 7 — La Courneuve ↔ …") take two bytes a
  // character, keys too; plus the LRU's own entry. InMemoryLRUCache counts characters of the value only.
  const cache = new InMemoryLRUCache<string>({ maxSize: maxBytes, sizeCalculation: (value, key) => lruStringsBytes(key, value) });
  let writesAnswered = 0;
  const writesBefore = new WeakMap<GatewayContext, number>();
  const clearing: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      return { schemaDidLoadOrUpdate: () => cache.clear() };
    },
    async requestDidStart({ contextValue }) {
      writesBefore.set(contextValue, writesAnswered);
      return {
        async willSendResponse({ operation, response }) {
          // A refused write (say, an anonymous one) clears nothing: it cannot be used to empty the cache.
          if (operation?.operation !== 'mutation' || !wroteSomething(response)) return;
          writesAnswered += 1;
          cache.clear();
        },
      };
    },
  };
  return [
    clearing,
    ApolloServerPluginResponseCache<GatewayContext>({
      cache,
      // Answers marked PRIVATE (per-sector figures, under report:read) are kept per grants; never for an anonymous request.
      sessionId: async ({ contextValue }) => (contextValue.identity.agent === null ? null : grantsKey(contextValue.identity)),
      extraCacheKeyData: async ({ contextValue }) => grantsKey(contextValue.identity),
      // Not kept when a write was answered meanwhile: it may have been computed from the data before the write.
      shouldWriteToCache: async ({ contextValue }) => writesBefore.get(contextValue) === writesAnswered,
    }),
  ];
}
