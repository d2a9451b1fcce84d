import type { IncomingMessage } from 'node:http';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { variableFormOf, type PartnerRateLimits, type RateLimitConfig } from './config.js';
import type { CostEstimates } from './limits.js';
import type { GatewayMetrics } from './metrics.js';
import type { SharedRedis } from './redis.js';
import type { GatewayContext } from './subgraphs.js';

/** Which limit a request reached, as the error's `extensions.limit` and the metric's label name it. */
export type RateLimitName = 'agent_requests' | 'agent_cost' | 'partner_requests' | 'partner_cost' | 'anonymous_requests' | 'anonymous_cost';

/** The setting behind each limit, named in the refusal (a partner's own: `<PARTNER>_` before it). */
const settingOf: Record<RateLimitName, string> = {
  agent_requests: 'RATE_LIMIT_AGENT_REQUESTS',
  agent_cost: 'RATE_LIMIT_AGENT_COST',
  partner_requests: 'RATE_LIMIT_PARTNER_REQUESTS',
  partner_cost: 'RATE_LIMIT_PARTNER_COST',
  anonymous_requests: 'RATE_LIMIT_ANONYMOUS_REQUESTS',
  anonymous_cost: 'RATE_LIMIT_ANONYMOUS_COST',
};

/** One count a request adds to: whose, under which limit, how many points (1 request, or its estimated cost). */
interface Charge {
  readonly limit: RateLimitName;
  readonly key: string;
  readonly points: number;
  readonly allowed: number;
  /** Who, in the refusal's words. */
  readonly who: string;
  /** The variable that sets `allowed`. */
  readonly setting: string;
}

export interface RateLimitRefusal {
  readonly limit: RateLimitName;
  readonly allowed: number;
  readonly retryAfterSeconds: number;
  readonly message: string;
}

/**
 * The client's address: the connection's peer, or, behind a load balancer the gateway is told to
 * trust (TRUST_PROXY), the last address of `X-Forwarded-For`, the one that proxy added (any earlier
 * one the client may have written itself).
 */
export function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && forwarded !== undefined) {
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').at(-1)?.trim();
    if (last) return last;
  }
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * Requests and estimated cost per window (rate-limiter-flexible's fixed windows), counted per agent
 * (the token's `sub`), per partner (all its agents together), and per client address for anonymous
 * requests; each partner's limits its own or the default. With Redis, the counts are shared by every
 * replica (one round trip per count, all sent at once); without it, or while Redis fails, each
 * replica counts in its memory (logged once, and counted by `gateway_rate_limit_memory_fallbacks_total`).
 */
export class RateLimits {
  private readonly shared = new Map<string, RateLimiterAbstract>();
  private readonly local = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly redis: SharedRedis | null,
    private readonly metrics: GatewayMetrics,
  ) {}

  private limitsOf(partner: string): PartnerRateLimits {
    return this.config.partners[partner] ?? this.config.defaults;
  }

  private charges(context: GatewayContext, cost: number): Charge[] {
    const { agent, partner } = context.identity;
    if (agent === null || partner === null) {
      const address = context.clientAddress ?? 'unknown';
      const { requests, cost: costAllowed } = this.config.anonymous;
      const who = `anonymous requests from ${address}`;
      return [
        { limit: 'anonymous_requests', key: address, points: 1, allowed: requests, who, setting: settingOf.anonymous_requests },
        { limit: 'anonymous_cost', key: address, points: cost, allowed: costAllowed, who, setting: settingOf.anonymous_cost },
      ];
    }
    const limits = this.limitsOf(partner);
    // A partner with limits of its own: its own variables (which fall back to the defaults one by one).
    const prefix = this.config.partners[partner] === undefined ? '' : `${variableFormOf(partner)}_`;
    const charge = (limit: RateLimitName, key: string, points: number, allowed: number, who: string): Charge => ({
      limit,
      key,
      points,
      allowed,
      who,
      setting: prefix + settingOf[limit],
    });
    return [
      charge('agent_requests', agent, 1, limits.agent.requests, `agent ${agent}`),
      charge('agent_cost', agent, cost, limits.agent.cost, `agent ${agent}`),
      charge('partner_requests', partner, 1, limits.partner.requests, `partner ${partner}’s agents together`),
      charge('partner_cost', partner, cost, limits.partner.cost, `partner ${partner}’s agents together`),
    ];
  }

  /** The limiter of a limit and an allowance; the counts of one limit share their keys whatever the allowance. */
  private limiter(store: 'shared' | 'local', limit: RateLimitName, allowed: number): RateLimiterAbstract {
    const limiters = store === 'shared' ? this.shared : this.local;
    const name = `${limit}:${allowed}`;
    let limiter = limiters.get(name);
    if (limiter === undefined) {
      const options = {
        points: allowed,
        duration: this.config.windowSeconds,
        keyPrefix: `${this.redis?.config.keyPrefix ?? ''}rate-limit:${limit}`,
      };
      limiter =
        store === 'shared' && this.redis !== null
          ? new RateLimiterRedis({ ...options, storeClient: this.redis.client, rejectIfRedisNotReady: true })
          : new RateLimiterMemory(options);
      limiters.set(name, limiter);
    }
    return limiter;
  }

  /** Adds the charge to its count: null when within the limit, else how long until the window ends. */
  private async charge({ limit, key, points, allowed }: Charge): Promise<number | null> {
    const within = (consumed: Promise<RateLimiterRes>) =>
      consumed.then(
        () => null,
        (refusal: unknown) => {
          if (refusal instanceof RateLimiterRes) return refusal.msBeforeNext;
          throw refusal;
        },
      );
    if (this.redis !== null) {
      try {
        const result = await within(this.limiter('shared', limit, allowed).consume(key, points));
        this.redis.record('rate_limit', 'success');
        return result;
      } catch (error) {
        this.redis.record('rate_limit', 'failure', error);
        this.metrics.countRateLimitFallback();
      }
    }
    return within(this.limiter('local', limit, allowed).consume(key, points));
  }

  /** Counts the request and its cost; the first limit it is over (in the order agent, partner), or null. */
  async check(context: GatewayContext, cost: number): Promise<RateLimitRefusal | null> {
    const charges = this.charges(context, cost);
    const waits = await Promise.all(charges.map((charge) => this.charge(charge)));
    const index = waits.findIndex((wait) => wait !== null);
    const charge = charges[index];
    const wait = waits[index];
    if (charge === undefined || wait === undefined || wait === null) return null;
    const { limit, allowed, who, setting } = charge;
    const retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000));
    const what = limit.endsWith('_cost') ? `an estimated cost of more than ${allowed}` : `more than ${allowed} requests`;
    this.metrics.countRateLimited(limit);
    return {
      limit,
      allowed,
      retryAfterSeconds,
      message: `Rate limit reached: ${who} sent ${what} in ${this.config.windowSeconds} s (${limit}, ${setting}); retry in ${retryAfterSeconds} s.`,
    };
  }
}

/**
 * Counts every operation that reaches execution — a cached answer included, since it is the
 * request that is limited — before the response cache is read; over a limit, 429 with `Retry-After`
 * and a `RATE_LIMITED` error naming the limit. Placed after the request limits (gateway/limits.ts),
 * whose refusals come first, so that the estimate it reads is already made. Health, metrics and the
 * IDE are routes beside GraphQL: never counted.
 */
export function rateLimitPlugin(limits: RateLimits, estimates: CostEstimates): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ schema, document, queryHash, request, operationName, contextValue }) {
          // Known by now (Apollo hashes every query it parses); without it, the request counts as cost 1.
          const estimate =
            queryHash === undefined
              ? null
              : estimates.get(schema, document, queryHash, request.variables ?? {}, operationName ?? undefined);
          const cost = estimate !== null && 'cost' in estimate ? estimate.cost : 1;
          const refusal = await limits.check(contextValue, Math.max(1, cost));
          if (refusal === null) return null;
          const headers = new HeaderMap([['retry-after', String(refusal.retryAfterSeconds)]]);
          const error = {
            message: refusal.message,
            extensions: {
              code: 'RATE_LIMITED',
              limit: refusal.limit,
              maximum: refusal.allowed,
              retryAfterSeconds: refusal.retryAfterSeconds,
            },
          };
          return { http: { status: 429, headers }, body: { kind: 'single', singleResult: { errors: [error] } } };
        },
      };
    },
  };
}
