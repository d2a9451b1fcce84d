/**
 * Trusted operations: the operations of the persisted-query manifest (operations/manifest.json,
 * `id` = SHA-256 of `body`) may be sent by their id, as Apollo clients send a persisted query
 * (`extensions.persistedQuery.sha256Hash`); TRUSTED_OPERATIONS decides what happens to any other.
 *
 * Apollo Server already computes the SHA-256 of every operation's text (`queryHash`), whether the
 * text came in the request, from its automatic persisted queries (APQ) or from the manifest by id,
 * so the check is one Map lookup. A text registered through APQ is still judged by its own hash: it
 * cannot make an unregistered operation trusted, and under `enforce` it is refused before Apollo
 * stores it (Apollo stores a registration only after `didResolveOperation`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ConfigError } from '../platform/env.js';
import { explorerScope, type Identity } from '../platform/identity.js';
import type { TrustedOperationsConfig, TrustedOperationsMode } from './config.js';

export interface TrustedOperation {
  readonly id: string;
  readonly name: string;
  readonly body: string;
}

/** The registered operations by id. */
export type TrustedOperationsById = ReadonlyMap<string, TrustedOperation>;

const manifestProblem = (file: string, problem: string) =>
  new ConfigError(
    `${file} is not a persisted-query manifest the gateway can serve: ${problem} (npm run operations:manifest writes it; TRUSTED_OPERATIONS_MANIFEST names another)`,
  );

/**
 * Reads the manifest; every id must be the SHA-256 of its body, the hash Apollo computes of what a
 * client sends. Absent: no registered operation, which only `off` accepts.
 */
export function readTrustedOperations({ mode, manifestFile }: TrustedOperationsConfig): TrustedOperationsById {
  let text: string;
  try {
    text = readFileSync(manifestFile, 'utf8');
  } catch (error) {
    if (mode === 'off' && (error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw manifestProblem(
      manifestFile,
      `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}), and TRUSTED_OPERATIONS=${mode} needs it`,
    );
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw manifestProblem(manifestFile, `it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const operations = (manifest as { format?: unknown; operations?: unknown }).operations;
  if ((manifest as { format?: unknown }).format !== 'apollo-persisted-query-manifest' || !Array.isArray(operations)) {
    throw manifestProblem(manifestFile, 'it needs "format": "apollo-persisted-query-manifest" and an "operations" array');
  }
  const byId = new Map<string, TrustedOperation>();
  for (const [index, entry] of operations.entries()) {
    const { id, name, body } = (entry ?? {}) as { id?: unknown; name?: unknown; body?: unknown };
    if (typeof id !== 'string' || typeof name !== 'string' || typeof body !== 'string')
      throw manifestProblem(manifestFile, `operations[${index}] needs a string id, name and body`);
    const hash = createHash('sha256').update(body).digest('hex');
    if (hash !== id) throw manifestProblem(manifestFile, `the id of ${name} is ${id}, but its body's SHA-256 is ${hash}`);
    byId.set(id, { id, name, body });
  }
  return byId;
}

/** How Apollo Server prefixes the keys of its persisted-query cache. */
const apqKeyPrefix = 'apq:';

/**
 * Apollo's persisted-query cache with the manifest in front: a registered id is always found,
 * whatever was evicted; other ids are those clients registered through APQ, kept in a bounded LRU.
 */
export class PersistedQueryStore implements KeyValueCache {
  constructor(
    private readonly trusted: TrustedOperationsById,
    private readonly registrations: KeyValueCache = new InMemoryLRUCache<string>({
      maxSize: 8 * 2 ** 20,
      sizeCalculation: (text: string) => 2 * text.length,
    }),
  ) {}

  async get(key: string): Promise<string | undefined> {
    const registered = key.startsWith(apqKeyPrefix) ? this.trusted.get(key.slice(apqKeyPrefix.length)) : undefined;
    return registered?.body ?? this.registrations.get(key);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (key.startsWith(apqKeyPrefix) && this.trusted.has(key.slice(apqKeyPrefix.length))) return;
    await this.registrations.set(key, value, options);
  }

  delete(key: string): ReturnType<KeyValueCache['delete']> {
    return this.registrations.delete(key);
  }
}

export const notRegisteredCode = 'OPERATION_NOT_REGISTERED';

const registerHint =
  'send a registered operation (its text, or its id as extensions.persistedQuery.sha256Hash: see operations/manifest.json), register this one (operations/<application>/<Name>.graphql, then npm run operations:manifest), or use a token that grants graph:explore';

/** A client-chosen name, quoted and cut, for messages and logs. */
const shownName = (name: string | null | undefined): string =>
  name ? JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name) : '(unnamed)';

/** The refusal of an operation that is not registered, under `enforce`. */
export const notRegistered = (operationName: string | null | undefined, hash: string): GraphQLError =>
  new GraphQLError(
    `Operation ${shownName(operationName)} (sha256 ${hash}) is not registered, and this gateway serves registered operations only (TRUSTED_OPERATIONS=enforce): ${registerHint}.`,
    { extensions: { code: notRegisteredCode, sha256Hash: hash, http: { status: 400 } } },
  );

/** The answer to an id that is neither registered nor sent before with its text, under `enforce`. */
export const unknownId = (hash: string | undefined) =>
  `No registered operation has the id ${hash ?? '(none)'}, and this gateway serves registered operations only (TRUSTED_OPERATIONS=enforce): ${registerHint}.`;

/** One JSON line on stdout per operation not registered, the first time the process sees its hash. */
function logUnregistered(mode: TrustedOperationsMode, hash: string, operationName: string | null | undefined, identity: Identity): void {
  console.log(
    JSON.stringify({
      level: 'warn',
      time: new Date().toISOString(),
      service: 'gateway',
      event: 'unregistered-operation',
      trustedOperations: mode,
      sha256Hash: hash,
      operationName: operationName ? shownName(operationName).slice(1, -1) : null,
      agent: identity.agent,
      partner: identity.partner,
      explorer: identity.scopes.has(explorerScope),
    }),
  );
}

/**
 * Decides, before any subgraph is called, whether an operation is served: registered ones always;
 * others under `log` (logged with their hash, once per process and hash), and under `enforce` only
 * to an explorer (`graph:explore`, logged too), else 400. Not installed under `off`.
 */
export function trustedOperationsPlugin<TContext extends { readonly identity: Identity }>(
  mode: Exclude<TrustedOperationsMode, 'off'>,
  trusted: TrustedOperationsById,
): ApolloServerPlugin<TContext> {
  // Bounded: hashes are the clients' choice.
  const logged = new LRUCache<string, true>({ max: 10_000 });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash, operationName, contextValue }) {
          if (trusted.has(queryHash)) return;
          const explorer = contextValue.identity.scopes.has(explorerScope);
          if (!logged.has(queryHash)) {
            logged.set(queryHash, true);
            logUnregistered(mode, queryHash, operationName, contextValue.identity);
          }
          if (mode === 'enforce' && !explorer) throw notRegistered(operationName, queryHash);
        },
        async willSendResponse({ response, request, contextValue }) {
          // Apollo's "PersistedQueryNotFound" (HTTP 200) asks an APQ client to send the text: under
          // enforce that only helps an explorer; anyone else is told why, with 400.
          if (mode !== 'enforce' || response.body.kind !== 'single' || contextValue.identity.scopes.has(explorerScope)) return;
          const errors = response.body.singleResult.errors;
          if (errors?.length !== 1 || errors[0]?.extensions?.code !== 'PERSISTED_QUERY_NOT_FOUND') return;
          const persistedQuery = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
          const hash = typeof persistedQuery?.sha256Hash === 'string' ? persistedQuery.sha256Hash.slice(0, 128) : undefined;
          response.body.singleResult.errors = [{ message: unknownId(hash), extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }];
          response.http.status = 400;
        },
      };
    },
  };
}
