import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import CircuitBreaker from 'opossum';
import { gatewayProofHeader, isAnonymousProof, type GatewayProofSigner } from '../platform/gateway-proof.js';
import { requestIdHeader } from '../platform/http.js';
import { anonymousIdentity, type Identity } from '../platform/identity.js';
import { injectTraceContext, traceSubgraphCall } from '../platform/tracing.js';
import type { SubgraphCallOutcome } from './metrics.js';

/** One subgraph call of a request, for its log line. */
export interface SubgraphCall {
  readonly subgraph: string;
  readonly outcome: SubgraphCallOutcome;
  readonly durationMs: number;
}

/** What the gateway knows of a request: the identity its bearer token proved. */
export interface GatewayContext {
  readonly identity: Identity;
  /** Sent on to the subgraphs, so that their log lines name the same request; absent while request lines are off. */
  readonly requestId?: string;
  /** The request's subgraph calls, gathered for its log line while request lines are on. */
  readonly subgraphCalls?: SubgraphCall[];
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;

export interface ResilienceConfig {
  /** A subgraph call that takes longer is abandoned (its socket closed). */
  readonly timeoutMs: number;
  /** The circuit opens when at least this share of calls failed in the last 10 s… */
  readonly failurePercent: number;
  /** …over at least this many calls. */
  readonly minimumCalls: number;
  /** While open, calls fail at once; the subgraph's /health is probed this often, and one call is let through after it. */
  readonly openMs: number;
  /** A larger answer is abandoned as it arrives: the request asked too much (not counted as the subgraph failing). */
  readonly maxResponseBytes: number;
}

interface SubgraphAnswer {
  readonly status: number;
  readonly headers: [string, string][];
  readonly text: string;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface SubgraphState {
  readonly name: string;
  readonly url: string;
  readonly circuit: CircuitState;
  /** The last failure, while the circuit is not closed. */
  readonly lastFailure: string | null;
}

const unavailable = (subgraph: string, reason: string, detail: string) =>
  new GraphQLError(`subgraph ${subgraph} failed: ${detail}; the other partners' fields are served`, {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph, reason },
  });

const refusedRequest = (subgraph: string, reason: string, detail: string) =>
  new GraphQLError(`subgraph ${subgraph} refused this request: ${detail}; the other partners' fields are served`, {
    extensions: { code: 'SUBGRAPH_REFUSED_REQUEST', subgraph, reason },
  });

/** An answer over the size limit, abandoned while it arrived. */
class AnswerTooLarge extends Error {
  constructor(readonly maximum: number) {
    super(`its answer exceeds ${maximum} bytes (MAX_RESPONSE_BYTES): ask for fewer fields, fewer items (first) or a narrower range`);
  }
}

/** The HTTP status of a subgraph's non-2xx answer, as @apollo/gateway reports it (`errorFromResponse`). */
function httpStatusOf(error: unknown): number | null {
  if (!(error instanceof GraphQLError)) return null;
  const response = error.extensions.response as { status?: unknown } | undefined;
  return typeof response?.status === 'number' ? response.status : null;
}

/**
 * A failure that the request caused, not the subgraph: an answer too large, or a 4xx (its headers or
 * body over the subgraph's limits, a proof refused…). It answers that request with an error and does
 * not count towards opening the circuit for everyone. 408 and 429 say the subgraph is overwhelmed: they count.
 */
function isRequestsOwnFault(error: unknown): boolean {
  if (error instanceof AnswerTooLarge) return true;
  const status = httpStatusOf(error);
  return status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Sends each subgraph its share of the plan with a proof of the caller's identity that only the
 * gateway can sign, under a timeout and a circuit breaker (opossum): a subgraph that keeps failing
 * is not called again until a probe of its /health answers, and its fields fail at once meanwhile.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly breaker: CircuitBreaker<[GraphQLDataSourceProcessOptions<GatewayContext>], GatewayGraphQLResponse>;
  private lastFailure: string | null = null;
  private readonly inFlight = new Map<string, Promise<SubgraphAnswer>>();
  private probe: NodeJS.Timeout | null = null;

  constructor(
    readonly subgraph: string,
    url: string,
    private readonly signer: GatewayProofSigner,
    private readonly resilience: ResilienceConfig,
    /** Told how each call ended and how long it took (gateway/metrics.ts). */
    private readonly observeCall: (outcome: SubgraphCallOutcome, seconds: number) => void = () => undefined,
  ) {
    super({ url });
    // Node's own fetch (undici): pooled keep-alive connections, and a signal that really aborts.
    this.fetcher = async (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      const headers = (init?.headers ?? {}) as Record<string, string>;
      // Identical anonymous queries in flight (same subgraph, same text and variables) share one
      // subgraph call: public dashboards poll the same pages at once. Never a mutation, and never an
      // agent's request: the subgraph audits each request that reads individual-level data, so each
      // must reach it (two requests of one agent would otherwise leave one audit row).
      const proof = headers[gatewayProofHeader] ?? '';
      const shareable = (body.startsWith('{"query":"query') || body.startsWith('{"query":"{')) && isAnonymousProof(proof);
      const key = shareable ? `${proof}\n${body}` : null;
      const pending = key === null ? undefined : this.inFlight.get(key);
      const answer = pending ?? this.call(input, init);
      if (key !== null && pending === undefined) {
        this.inFlight.set(key, answer);
        void answer.finally(() => this.inFlight.delete(key)).catch(() => undefined);
      }
      const { status, headers: answerHeaders, text } = await answer;
      return new Response(text, { status, headers: answerHeaders });
    };
    this.breaker = new CircuitBreaker((options) => super.process(options), {
      timeout: false,
      errorThresholdPercentage: resilience.failurePercent,
      volumeThreshold: resilience.minimumCalls,
      resetTimeout: resilience.openMs,
      rollingCountTimeout: 10_000,
      errorFilter: isRequestsOwnFault,
    });
    this.breaker.on('failure', (error: Error) => {
      this.lastFailure = describeFailure(error, resilience.timeoutMs);
    });
    this.breaker.on('open', () => this.startProbing());
    this.breaker.on('close', () => {
      this.lastFailure = null;
      this.stopProbing();
    });
  }

  /** One subgraph call, read whole so that several waiters can each get their own Response. */
  private async call(input: string, init: RequestInit | undefined): Promise<SubgraphAnswer> {
    const signal = AbortSignal.timeout(this.resilience.timeoutMs);
    const response = await fetch(input, { ...init, signal });
    const contentType = response.headers.get('content-type') ?? '';
    const text = await readBounded(response, this.resilience.maxResponseBytes);
    // Kept whole: the gateway reads the subgraph's cache-control from them.
    const headers = [...response.headers];
    // A subgraph refuses a bad request (say, a malformed Date) with 400 and GraphQL errors: pass them
    // on as its answer, so the client reads the subgraph's own message and the circuit does not
    // count a client's mistake as the subgraph failing.
    const status = response.status === 400 && contentType.includes('json') ? 200 : response.status;
    return { status, headers, text };
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Health checks and schema loads have no incoming request: they go as anonymous.
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : null;
    const identity = incoming?.context.identity ?? anonymousIdentity;
    const proof = await this.signer.sign(identity, this.subgraph, incoming?.operationName ?? null);
    const headers = options.request.http?.headers;
    headers?.set(gatewayProofHeader, proof);
    const requestId = incoming?.context.requestId;
    if (requestId !== undefined) headers?.set(requestIdHeader, requestId);
    // The subgraph continues the trace under this call's span (a no-op while tracing is off).
    injectTraceContext(headers);
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return traceSubgraphCall(this.subgraph, () => this.processTimed(options));
  }

  private async processTimed(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    const calls = 'incomingRequestContext' in options ? options.incomingRequestContext.context.subgraphCalls : undefined;
    const observe = (outcome: SubgraphCallOutcome) => {
      const milliseconds = performance.now() - started;
      this.observeCall(outcome, milliseconds / 1000);
      calls?.push({ subgraph: this.subgraph, outcome, durationMs: Math.round(milliseconds * 10) / 10 });
    };
    try {
      const response = await this.breaker.fire(options);
      observe(response.errors?.length ? 'graphql_error' : 'success');
      return response;
    } catch (error) {
      if (isOpenCircuit(error)) {
        observe('circuit_open');
        throw unavailable(this.subgraph, 'CIRCUIT_OPEN', `not called while it keeps failing (${this.lastFailure ?? 'unknown'})`);
      }
      if (error instanceof AnswerTooLarge) {
        observe('refused');
        throw refusedRequest(this.subgraph, 'RESPONSE_TOO_LARGE', error.message);
      }
      const status = httpStatusOf(error);
      if (status !== null && isRequestsOwnFault(error)) {
        observe('refused');
        throw refusedRequest(this.subgraph, 'HTTP_ERROR', `it answered HTTP ${status}${statusMeanings[status] ? ` (${statusMeanings[status]})` : ''}`);
      }
      const reason = reasonOf(error);
      observe(failureOutcomes[reason]);
      throw unavailable(this.subgraph, reason, describeFailure(error as Error, this.resilience.timeoutMs));
    }
  }

  state(): SubgraphState {
    const circuit: CircuitState = this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed';
    return { name: this.subgraph, url: this.url, circuit, lastFailure: circuit === 'closed' ? null : this.lastFailure };
  }

  /** Probes GET /health while the circuit is open, and closes it as soon as the subgraph answers. */
  private startProbing(): void {
    this.stopProbing();
    this.probe = setInterval(async () => {
      try {
        const response = await fetch(new URL('/health', this.url), { signal: AbortSignal.timeout(this.resilience.timeoutMs) });
        const body: unknown = response.ok ? await response.json() : null;
        if (typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok') this.breaker.close();
      } catch {
        // Still down: the next probe tries again.
      }
    }, this.resilience.openMs);
    this.probe.unref();
  }

  private stopProbing(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  shutdown(): void {
    this.stopProbing();
    this.breaker.shutdown();
  }
}

/** opossum's refusal while the circuit is open: nothing was sent. */
const isOpenCircuit = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'EOPENBREAKER';

/** Why a subgraph refused a request, in words a client can act on. */
const statusMeanings: Readonly<Record<number, string>> = {
  400: 'the request is malformed for it',
  401: 'it refused the gateway proof',
  403: 'it forbids this request',
  413: 'the request is too large for it',
  414: 'the request URL is too long for it',
  431: 'the request headers are too large for it',
};

/** Reads an answer's body, abandoning it (and its connection) past `maxBytes`. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel();
    throw new AnswerTooLarge(maxBytes);
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Leaving the loop cancels the stream, and undici closes the connection.
    if (size > maxBytes) break;
    chunks.push(chunk);
  }
  if (size > maxBytes) throw new AnswerTooLarge(maxBytes);
  return Buffer.concat(chunks, size).toString('utf8');
}

type FailureReason = 'TIMEOUT' | 'INVALID_RESPONSE' | 'HTTP_ERROR' | 'UNREACHABLE';

const failureOutcomes: Readonly<Record<FailureReason, SubgraphCallOutcome>> = {
  TIMEOUT: 'timeout',
  INVALID_RESPONSE: 'invalid_response',
  HTTP_ERROR: 'http_error',
  UNREACHABLE: 'unreachable',
};

function reasonOf(error: unknown): FailureReason {
  const name = error instanceof Error ? (error.cause instanceof Error ? error.cause.name : error.name) : '';
  if (name === 'TimeoutError') return 'TIMEOUT';
  if (error instanceof Error && /Expected JSON|Unexpected token|is not valid JSON/.test(error.message)) return 'INVALID_RESPONSE';
  if (httpStatusOf(error) !== null) return 'HTTP_ERROR';
  return 'UNREACHABLE';
}

function describeFailure(error: Error, timeoutMs: number): string {
  switch (reasonOf(error)) {
    case 'TIMEOUT':
      return `no answer within ${timeoutMs} ms`;
    case 'INVALID_RESPONSE':
      return 'its answer is not a GraphQL response';
    case 'HTTP_ERROR':
      return `it answered HTTP ${httpStatusOf(error)}`;
    default:
      return 'it cannot be reached';
  }
}
