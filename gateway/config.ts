import { resolve } from 'node:path';
import {
  ConfigError,
  isProduction,
  readChoice,
  readCount,
  readFlag,
  readList,
  readOptional,
  readPercent,
  readPort,
  readPositiveCount,
  readRequired,
  readString,
  variablesMatching,
} from '../platform/env.js';
import type { JsonShapeLimit, JsonShapeLimits } from '../platform/json-shape.js';
import { defaultQueryLimits, defaultVariableLimits, type QueryLimits } from './limits.js';
import { cacheBudgets, heapLimitBytes, type CacheBudgets, type CacheName } from './memory.js';
import { partnerCodes } from '../platform/identity.js';
import { projectRoot } from '../platform/project.js';

/** Where the keys that verify agents' bearer tokens come from. */
export type TokenKeySource = { readonly kind: 'jwks'; readonly url: string } | { readonly kind: 'file'; readonly file: string };

export interface AuthConfig {
  /** The issuers (iss) an agent's token may carry: AUTH_ISSUER, comma-separated (npm start: the token command's and its OpenID provider's). */
  readonly issuers: readonly string[];
  readonly audience: string;
  readonly keys: TokenKeySource;
}

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** The composed supergraph the gateway serves (committed in schema/). */
  readonly supergraphFile: string;
  /**
   * Where subgraphs answer, overriding the URL the supergraph gives (`join__graph`), by subgraph
   * name or by its variable's form (`POLICE_JUSTICE` for `police-justice`); see `subgraphSetting`.
   */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** NODE_ENV=production: development keys are refused. */
  readonly production: boolean;
  readonly auth: AuthConfig;
  /** The gateway's private key (PEM), signing the proofs its subgraphs check. */
  readonly gatewayProofKeyFile: string;
  readonly introspection: boolean;
  /** Browser origins allowed to call the graph. */
  readonly corsOrigins: readonly string[];
  readonly maxRequestBytes: number;
  /** What one operation may ask: depth, aliases, directives, tokens, estimated cost, name length (gateway/limits.ts). */
  readonly queryLimits: QueryLimits;
  /** What a request's variables may hold, checked on its bytes before they are parsed. */
  readonly variableLimits: JsonShapeLimits;
  /** Largest answer, to the client and from each subgraph, in bytes. */
  readonly maxResponseBytes: number;
  /** What each cache may hold, in bytes as V8 keeps them (gateway/memory.ts). */
  readonly caches: CacheBudgets;
  /** New work is turned away (503) while the heap kept after collections is above this share of its limit. */
  readonly memoryShedShare: number;
  /** How often the supergraph file is checked for a new composition (ms); 0: never. */
  readonly supergraphPollMs: number;
  /** How long a subgraph call may take (ms), unless `subgraphTimeoutsMs` says otherwise for it. */
  readonly subgraphTimeoutMs: number;
  /** One subgraph's timeout (ms), by name or variable form, as `subgraphUrls`. */
  readonly subgraphTimeoutsMs: Readonly<Record<string, number>>;
  readonly circuit: { readonly failurePercent: number; readonly minimumCalls: number; readonly openMs: number };
  /**
   * The calls one request makes to a subgraph in one step of its plan go as one batched HTTP request
   * (a subgraph that refuses batches is then called one operation at a time).
   */
  readonly subgraphBatching: boolean;
  /** How long a shutdown waits for requests in flight (ms). */
  readonly shutdownGraceMs: number;
  /** Answers repeated queries from memory for as long as the subgraphs' cache hints allow (gateway/cache.ts). */
  readonly responseCache: ResponseCacheConfig;
  /**
   * The port of `GET /metrics` (Prometheus), apart from the graph's own port so that it is never
   * published with it and a scrape needs no token; unset: no metrics listener.
   */
  readonly metricsPort?: number;
  /** Serve the GraphQL IDE on GET of the gateway's URL to a browser (gateway/ide.ts); GRAPHQL_IDE, on outside production. */
  readonly ide: boolean;
  /** Which operations are served (gateway/trusted-operations.ts). */
  readonly trustedOperations: TrustedOperationsConfig;
  /** The Redis that replicas share (response cache, its invalidation, rate limits); null: each replica keeps its own in memory. */
  readonly redis: RedisConfig | null;
  /** Requests and estimated cost per window, per agent, partner and anonymous client address (gateway/rate-limits.ts). */
  readonly rateLimits: RateLimitConfig;
  /**
   * Behind a load balancer: the client's address is the last one of `X-Forwarded-For` (the one the
   * proxy added), not the proxy's. Off by default, since any client can send that header.
   */
  readonly trustProxy: boolean;
  /** Where the report page (/reports) signs agents in; null: it shows the published figures only, without a sign-in. */
  readonly signIn: SignInConfig | null;
}

export interface RedisConfig {
  readonly url: string;
  /** Every key the gateway writes starts with it, so that several graphs can share one Redis. */
  readonly keyPrefix: string;
  /** A command not answered within it fails (and counts as a miss, or falls back to memory). */
  readonly timeoutMs: number;
}

/** What one agent, or one partner's agents together, may send per window. */
export interface RequestAllowance {
  readonly requests: number;
  /** Estimated cost (gateway/limits.ts), summed over the window's requests. */
  readonly cost: number;
}

export interface PartnerRateLimits {
  readonly agent: RequestAllowance;
  readonly partner: RequestAllowance;
}

export interface RateLimitConfig {
  readonly enabled: boolean;
  readonly windowSeconds: number;
  /** For any partner without limits of its own. */
  readonly defaults: PartnerRateLimits;
  /** Limits of one partner, by partner code (`<PARTNER>_RATE_LIMIT_…`). */
  readonly partners: Readonly<Record<string, PartnerRateLimits>>;
  /** Per client address. */
  readonly anonymous: RequestAllowance;
}

/** The OpenID provider the report page signs agents in with (authorization code with PKCE, in the browser). */
export interface SignInConfig {
  /** OIDC_ISSUER: the provider's issuer URL; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** OIDC_CLIENT_ID: the report page's client at the provider (public: no secret). */
  readonly clientId: string;
}

export const trustedOperationsModes = ['off', 'log', 'enforce'] as const;

/** `off`: every operation served; `log`: served, and logged with its hash when not registered; `enforce`: only registered ones (and any to `graph:explore`). */
export type TrustedOperationsMode = (typeof trustedOperationsModes)[number];

export interface TrustedOperationsConfig {
  readonly mode: TrustedOperationsMode;
  /** The persisted-query manifest of the registered operations (operations/manifest.json). */
  readonly manifestFile: string;
}

export interface ResponseCacheConfig {
  readonly enabled: boolean;
}

/** The setting behind each bound on variables, named in refusals. */
export const variableLimitVariables: Readonly<Record<JsonShapeLimit, string>> = {
  maxDepth: 'VARIABLES_MAX_DEPTH',
  maxListLength: 'VARIABLES_MAX_LIST_LENGTH',
  maxValues: 'VARIABLES_MAX_VALUES',
};

/** How a subgraph's name appears in a variable: `POLICE_JUSTICE` for `police-justice`. */
export const variableFormOf = (subgraph: string): string => subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** `<SUBGRAPH>_SUBGRAPH_TIMEOUT_MS`, e.g. `HEALTH_SUBGRAPH_TIMEOUT_MS`: one subgraph's timeout, over SUBGRAPH_TIMEOUT_MS. */
export const subgraphTimeoutVariable = (subgraph: string): string => `${variableFormOf(subgraph)}_SUBGRAPH_TIMEOUT_MS`;

/** `<SUBGRAPH>_SUBGRAPH_URL`, e.g. `POLICE_JUSTICE_SUBGRAPH_URL` for `police-justice`. */
export const subgraphUrlVariable = (subgraph: string): string => `${variableFormOf(subgraph)}_SUBGRAPH_URL`;

export { ConfigError as GatewayConfigError };

/** A per-subgraph setting, given by the subgraph's name or by its variable form; whatever the subgraph is called. */
export function subgraphSetting<T>(settings: Readonly<Record<string, T>>, subgraph: string): T | undefined {
  return settings[subgraph] ?? settings[variableFormOf(subgraph)];
}

/** Every `<SUBGRAPH><suffix>` variable set, by the subgraph's variable form: the gateway learns the names from the supergraph, not from a list. */
function perSubgraphVariables<T>(env: NodeJS.ProcessEnv, suffix: string, read: (variable: string) => T): Record<string, T> {
  const settings: Record<string, T> = {};
  for (const variable of variablesMatching(env, new RegExp(`${suffix}$`))) settings[variable.slice(0, -suffix.length)] = read(variable);
  return settings;
}

// The file `npm run compose` writes, also when the gateway runs compiled from dist/, so that its hot reload sees a new composition.
const defaultSupergraphFile = resolve(projectRoot, 'schema/supergraph.graphql');

// The registered operations, also in the production image (Dockerfile).
const defaultManifestFile = resolve(projectRoot, 'operations/manifest.json');

/** The cache sizes set in MiB: RESPONSE_CACHE_MAX_MB, and QUERY_CACHE_MAX_MB for parsed queries and plans each. */
function configuredCaches(env: NodeJS.ProcessEnv): Partial<Record<CacheName, { bytes: number; variable: string }>> {
  const mebibytes = (variable: string) =>
    readOptional(env, variable) === undefined ? undefined : { bytes: readPositiveCount(env, variable, 1) * 2 ** 20, variable };
  const response = mebibytes('RESPONSE_CACHE_MAX_MB');
  const queries = mebibytes('QUERY_CACHE_MAX_MB');
  return { ...(response && { responseCache: response }), ...(queries && { documents: queries, plans: queries }) };
}

function tokenKeySource(env: NodeJS.ProcessEnv): TokenKeySource {
  const url = readOptional(env, 'AUTH_JWKS_URL');
  const file = readOptional(env, 'AUTH_PUBLIC_KEY_FILE');
  if (url && file) throw new ConfigError('set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE, not both');
  if (url) {
    if (!/^https?:\/\//.test(url)) throw new ConfigError(`AUTH_JWKS_URL must be an http(s) URL, got "${url}"`);
    if (isProduction(env) && !url.startsWith('https://')) throw new ConfigError(`AUTH_JWKS_URL must be https in production, got "${url}"`);
    return { kind: 'jwks', url };
  }
  if (file) return { kind: 'file', file: resolve(file) };
  throw new ConfigError('AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE is required: the keys that verify agents’ bearer tokens');
}

/** The settings of a rate limit, each `RATE_LIMIT_<WHO>_<WHAT>`; a partner's own as `<PARTNER>_RATE_LIMIT_<WHO>_<WHAT>`. */
const rateLimitSettings = {
  agentRequests: 'AGENT_REQUESTS',
  agentCost: 'AGENT_COST',
  partnerRequests: 'PARTNER_REQUESTS',
  partnerCost: 'PARTNER_COST',
} as const;

export const defaultRateLimits = {
  windowSeconds: 60,
  // A dashboard polls a few pages a minute; an agent scripting reports, a few hundred requests.
  defaults: { agent: { requests: 600, cost: 1_000_000 }, partner: { requests: 6000, cost: 10_000_000 } },
  anonymous: { requests: 300, cost: 300_000 },
} as const;

function readPartnerRateLimits(env: NodeJS.ProcessEnv, prefix: string, fallback: PartnerRateLimits): PartnerRateLimits {
  const read = (setting: string, value: number) => readPositiveCount(env, `${prefix}RATE_LIMIT_${setting}`, value);
  return {
    agent: {
      requests: read(rateLimitSettings.agentRequests, fallback.agent.requests),
      cost: read(rateLimitSettings.agentCost, fallback.agent.cost),
    },
    partner: {
      requests: read(rateLimitSettings.partnerRequests, fallback.partner.requests),
      cost: read(rateLimitSettings.partnerCost, fallback.partner.cost),
    },
  };
}

function readRateLimits(env: NodeJS.ProcessEnv): RateLimitConfig {
  const defaults = readPartnerRateLimits(env, '', defaultRateLimits.defaults);
  const partners: Record<string, PartnerRateLimits> = {};
  const ownSetting = new RegExp(`^([A-Z0-9_]+?)_RATE_LIMIT_(${Object.values(rateLimitSettings).join('|')})$`);
  for (const variable of variablesMatching(env, ownSetting)) {
    const prefix = ownSetting.exec(variable)?.[1] ?? '';
    const partner = partnerCodes.find((code) => variableFormOf(code) === prefix);
    if (partner === undefined) {
      throw new ConfigError(`${variable} names no partner: ${prefix} is not one of ${partnerCodes.map(variableFormOf).join(', ')}`);
    }
    partners[partner] ??= readPartnerRateLimits(env, `${prefix}_`, defaults);
  }
  return {
    enabled: readFlag(env, 'RATE_LIMITS', false),
    windowSeconds: readPositiveCount(env, 'RATE_LIMIT_WINDOW_SECONDS', defaultRateLimits.windowSeconds),
    defaults,
    partners,
    anonymous: {
      requests: readPositiveCount(env, 'RATE_LIMIT_ANONYMOUS_REQUESTS', defaultRateLimits.anonymous.requests),
      cost: readPositiveCount(env, 'RATE_LIMIT_ANONYMOUS_COST', defaultRateLimits.anonymous.cost),
    },
  };
}

function readRedis(env: NodeJS.ProcessEnv): RedisConfig | null {
  const url = readOptional(env, 'REDIS_URL');
  if (url === undefined) return null;
  if (!/^rediss?:\/\/[^/]/.test(url))
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://redis:6379, got "${url}"`);
  return {
    url,
    keyPrefix: readString(env, 'REDIS_KEY_PREFIX', 'plan-gateway:'),
    timeoutMs: readPositiveCount(env, 'REDIS_TIMEOUT_MS', 250),
  };
}

/** Reads the gateway's configuration from the environment; each subgraph answers at the URL its supergraph gives unless `<SUBGRAPH>_SUBGRAPH_URL` says otherwise. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urls = perSubgraphVariables(env, '_SUBGRAPH_URL', (variable) => {
    const url = readOptional(env, variable) ?? '';
    if (!/^https?:\/\//.test(url)) throw new ConfigError(`${variable} must be an http(s) URL, got "${url}"`);
    return url;
  });
  return {
    port: readPort(env, 'PORT', 4000),
    host: readString(env, 'HOST', '127.0.0.1'),
    supergraphFile: resolve(readString(env, 'SUPERGRAPH_FILE', defaultSupergraphFile)),
    subgraphUrls: urls,
    production: isProduction(env),
    auth: {
      issuers: readRequired(env, 'AUTH_ISSUER', 'the issuer (iss) that agents’ tokens must carry')
        .split(',')
        .map((issuer) => issuer.trim())
        .filter((issuer) => issuer !== ''),
      audience: readRequired(env, 'AUTH_AUDIENCE', 'the audience (aud) that agents’ tokens must carry'),
      keys: tokenKeySource(env),
    },
    gatewayProofKeyFile: resolve(
      readRequired(env, 'GATEWAY_PROOF_KEY_FILE', 'the private key (PEM) that signs the gateway’s proofs to the subgraphs'),
    ),
    introspection: readFlag(env, 'INTROSPECTION', false),
    corsOrigins: readList(env, 'CORS_ORIGINS'),
    maxRequestBytes: readCount(env, 'MAX_REQUEST_BYTES', 1024 * 1024),
    queryLimits: {
      maxDepth: readPositiveCount(env, 'QUERY_MAX_DEPTH', defaultQueryLimits.maxDepth),
      maxAliases: readPositiveCount(env, 'QUERY_MAX_ALIASES', defaultQueryLimits.maxAliases),
      maxDirectives: readPositiveCount(env, 'QUERY_MAX_DIRECTIVES', defaultQueryLimits.maxDirectives),
      maxTokens: readPositiveCount(env, 'QUERY_MAX_TOKENS', defaultQueryLimits.maxTokens),
      maxCost: readPositiveCount(env, 'QUERY_MAX_COST', defaultQueryLimits.maxCost),
      maxNameLength: readPositiveCount(env, 'QUERY_MAX_NAME_LENGTH', defaultQueryLimits.maxNameLength),
    },
    variableLimits: {
      maxDepth: readPositiveCount(env, variableLimitVariables.maxDepth, defaultVariableLimits.maxDepth),
      maxListLength: readPositiveCount(env, variableLimitVariables.maxListLength, defaultVariableLimits.maxListLength),
      maxValues: readPositiveCount(env, variableLimitVariables.maxValues, defaultVariableLimits.maxValues),
    },
    maxResponseBytes: readPositiveCount(env, 'MAX_RESPONSE_BYTES', 4 * 1024 * 1024),
    caches: cacheBudgets(heapLimitBytes(), configuredCaches(env)),
    supergraphPollMs: readCount(env, 'SUPERGRAPH_POLL_MS', 1000),
    subgraphTimeoutMs: readPositiveCount(env, 'SUBGRAPH_TIMEOUT_MS', 10_000),
    subgraphTimeoutsMs: perSubgraphVariables(env, '_SUBGRAPH_TIMEOUT_MS', (variable) => readPositiveCount(env, variable, 10_000)),
    circuit: {
      failurePercent: readCount(env, 'SUBGRAPH_CIRCUIT_FAILURE_PERCENT', 50),
      minimumCalls: readCount(env, 'SUBGRAPH_CIRCUIT_MINIMUM_CALLS', 5),
      openMs: readCount(env, 'SUBGRAPH_CIRCUIT_OPEN_MS', 5000),
    },
    subgraphBatching: readFlag(env, 'SUBGRAPH_BATCHING', true),
    shutdownGraceMs: readCount(env, 'SHUTDOWN_GRACE_MS', 10_000),
    responseCache: { enabled: readFlag(env, 'RESPONSE_CACHE', true) },
    memoryShedShare: readPercent(env, 'MEMORY_SHED_PERCENT', 75) / 100,
    ...(readOptional(env, 'METRICS_PORT') === undefined ? {} : { metricsPort: readPort(env, 'METRICS_PORT', 0) }),
    ide: readFlag(env, 'GRAPHQL_IDE', !isProduction(env)),
    trustedOperations: {
      mode: readChoice(env, 'TRUSTED_OPERATIONS', trustedOperationsModes, 'off'),
      manifestFile: resolve(readString(env, 'TRUSTED_OPERATIONS_MANIFEST', defaultManifestFile)),
    },
    redis: readRedis(env),
    rateLimits: readRateLimits(env),
    trustProxy: readFlag(env, 'TRUST_PROXY', false),
    signIn: readSignIn(env),
  };
}

/** A host that is this machine: where `npm start` runs its development OpenID provider. */
const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * OIDC_ISSUER and OIDC_CLIENT_ID. Production signs agents in with the partners' provider: an https
 * issuer that is not this machine, so that `npm start`'s development provider (http on loopback,
 * no password) can never let an agent in.
 */
function readSignIn(env: NodeJS.ProcessEnv): SignInConfig | null {
  const issuer = readOptional(env, 'OIDC_ISSUER');
  if (issuer === undefined) return null;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError(`OIDC_ISSUER must be the OpenID provider's issuer URL, got "${issuer}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`OIDC_ISSUER must be an http(s) URL, got "${issuer}"`);
  if (isProduction(env) && (url.protocol !== 'https:' || loopbackHost.test(url.hostname))) {
    throw new ConfigError(
      `OIDC_ISSUER is "${issuer}", a development OpenID provider (npm start's runs on http on this machine): in production it must be the partners' provider, over https`,
    );
  }
  return { issuer: issuer.replace(/\/$/, ''), clientId: readString(env, 'OIDC_CLIENT_ID', 'plan-crack-reports') };
}
