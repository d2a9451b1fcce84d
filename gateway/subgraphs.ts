import { STATUS_CODES } from 'node:http';
import type { GraphQLRequestContext } from '@apollo/server';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import CircuitBreaker from 'opossum';
import { Pool, type Dispatcher } from 'undici';
import { batchCacheControlExtension, batchHeader } from '../platform/batching.js';
import { gatewayProofHeader, type GatewayProofSigner } from '../platform/gateway-proof.js';
import { requestIdHeader } from '../platform/http.js';
import { anonymousIdentity, type Identity } from '../platform/identity.js';
import { injectTraceContext, traceSubgraphCall } from '../platform/tracing.js';
import type { SubgraphCallOutcome } from './metrics.js';
import type { CallSharing } from './sharing.js';

/** One subgraph call of a request, for its log line. */
export interface SubgraphCall {
  readonly subgraph: string;
  readonly outcome: SubgraphCallOutcome;
  readonly durationMs: number;
}

/** What the gateway knows of a request: the identity its bearer token proved. */
export interface GatewayContext {
  readonly identity: Identity;
  /** The client's address (gateway/rate-limits.ts's clientAddressOf): anonymous requests are limited by it. */
  readonly clientAddress?: string;
  /** Sent on to the subgraphs, so that their log lines name the same request; absent while request lines are off. */
  readonly requestId?: string;
  /** The request's subgraph calls, gathered for its log line while request lines are on. */
  readonly subgraphCalls?: SubgraphCall[];
}

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource<GatewayContext>['process']>>;

export interface SubgraphCallConfig {
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
  /** The calls of one step of a plan go as one batch (gateway/config.ts `subgraphBatching`). */
  readonly batching: boolean;
}

interface SubgraphAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly cacheControl: string | undefined;
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

/** The HTTP status of a subgraph's non-2xx answer (`extensions.response.status`, as @apollo/gateway's own data source reports it). */
function httpStatusOf(error: unknown): number | null {
  if (!(error instanceof GraphQLError)) return null;
  const response = error.extensions.response as { status?: unknown } | undefined;
  return typeof response?.status === 'number' ? response.status : null;
}

/** A non-2xx answer, shaped as @apollo/gateway's RemoteGraphQLDataSource reports it. */
function errorFromAnswer(url: string, answer: SubgraphAnswer): GraphQLError {
  let body: unknown = answer.text;
  if (answer.contentType.includes('json')) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      // Kept as text.
    }
  }
  const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
  const statusText = STATUS_CODES[answer.status] ?? '';
  return new GraphQLError(`${answer.status}: ${statusText}`, {
    extensions: { response: { url, status: answer.status, statusText, body }, ...(code && { code }) },
  });
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

/** The cache hint of a subgraph's `cache-control` header, read as @apollo/gateway reads it. */
function cacheHintOf(header: string | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const directives = new Map(
    (header ?? '').split(',').map((part) => {
      const [name = '', value] = part.trim().split('=');
      return [name.toLowerCase(), value] as const;
    }),
  );
  const maxAge = directives.get('max-age');
  return {
    maxAge: maxAge !== undefined && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(directives.has('private') && { scope: 'PRIVATE' as const }),
    ...(directives.has('public') && { scope: 'PUBLIC' as const }),
  };
}

/**
 * Sends each subgraph its share of the plan with a proof of the caller's identity that only the
 * gateway can sign, under a timeout and a circuit breaker (opossum): a subgraph that keeps failing
 * is not called again until a probe of its /health answers, and its fields fail at once meanwhile.
 *
 * Its own data source rather than @apollo/gateway's RemoteGraphQLDataSource, which costs more than
 * the rest of a miss: it builds a node-fetch Request per call for its error hooks, and with Node's
 * fetch each call goes through web streams, a chunked body written in several syscalls and the JSON
 * decoded twice. Here each call is one undici request on a keep-alive pool, its body one write, its
 * answer parsed once; what the executor receives is the same.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly breaker: CircuitBreaker<[GraphQLDataSourceProcessOptions<GatewayContext>], GatewayGraphQLResponse>;
  private lastFailure: string | null = null;
  private readonly inFlight = new Map<string, Promise<SubgraphAnswer>>();
  private probe: NodeJS.Timeout | null = null;
  /** Keep-alive connections to the subgraph, as many as calls in flight. */
  private readonly pool: Pool;
  private readonly path: string;
  /** Calls gathered per client request until the current step of its plan has issued them all. */
  private readonly batches = new Map<object, PendingBatch>();
  /** False when configured so, or once the subgraph has refused a batch. */
  private batching: boolean;

  constructor(
    readonly subgraph: string,
    readonly url: string,
    private readonly signer: GatewayProofSigner,
    private readonly callConfig: SubgraphCallConfig,
    /** Which identical calls in flight share one subgraph call (gateway/sharing.ts). */
    private readonly sharing: CallSharing,
    /** Told how each call ended and how long it took (gateway/metrics.ts). */
    private readonly observeCall: (outcome: SubgraphCallOutcome, seconds: number) => void = () => undefined,
  ) {
    const target = new URL(url);
    this.pool = new Pool(target.origin);
    this.path = `${target.pathname}${target.search}`;
    this.batching = callConfig.batching;
    this.breaker = new CircuitBreaker((options) => this.send(options), {
      timeout: false,
      errorThresholdPercentage: callConfig.failurePercent,
      volumeThreshold: callConfig.minimumCalls,
      resetTimeout: callConfig.openMs,
      rollingCountTimeout: 10_000,
      errorFilter: isRequestsOwnFault,
    });
    this.breaker.on('failure', (error: Error) => {
      this.lastFailure = describeFailure(error, callConfig.timeoutMs);
    });
    this.breaker.on('open', () => {
      this.startProbing();
    });
    this.breaker.on('close', () => {
      this.lastFailure = null;
      this.stopProbing();
    });
  }

  /** The headers of a call: the proof of who asks, signed for this subgraph alone. */
  async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>, headers: Record<string, string>): Promise<void> {
    // Health checks and schema loads have no incoming request: they go as anonymous.
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : null;
    const identity = incoming?.context.identity ?? anonymousIdentity;
    headers[gatewayProofHeader] = await this.signer.sign(identity, this.subgraph, incoming?.operationName ?? null);
    const requestId = incoming?.context.requestId;
    if (requestId !== undefined) headers[requestIdHeader] = requestId;
    // The subgraph continues the trace under this call's span (a no-op while tracing is off).
    injectTraceContext(recordSetter(headers));
  }

  /** One call of the plan, answered as the executor expects; the subgraph's cache hint restricts the request's. */
  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const body = JSON.stringify({
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
      extensions: request.extensions,
    });
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : null;
    // Health checks and schema loads (no incoming request) are never shared.
    const shareScope = incoming !== null ? this.sharing.scopeOf(request.query, incoming.context.identity) : null;
    const { result, cacheControl } =
      incoming !== null && this.batching
        ? await this.joinBatch(incoming, options, body, shareScope)
        : await this.single(await this.headersFor(options), body, shareScope);
    // @apollo/server-gateway-interface types it any: it is Apollo Server's request's cache policy.
    const cachePolicy = incoming?.overallCachePolicy as GraphQLRequestContext<GatewayContext>['overallCachePolicy'] | undefined;
    if (cachePolicy !== undefined && 'restrict' in cachePolicy) cachePolicy.restrict(cacheHintOf(cacheControl));
    return result;
  }

  private async headersFor(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Record<string, string>> {
    const headers: Record<string, string> = {};
    for (const [name, value] of options.request.http?.headers ?? []) headers[name] = value;
    headers['content-type'] = 'application/json';
    await this.willSendRequest(options, headers);
    return headers;
  }

  /** One operation in one HTTP request. */
  private async single(headers: Record<string, string>, body: string, shareScope: string | null): Promise<PieceAnswer> {
    const answer = await this.shared(headers, body, shareScope);
    const parsed = parseAnswer(this.url, answer);
    if (Array.isArray(parsed)) throw new Error(`Expected JSON response body, but received: ${answer.text.slice(0, 200)}`);
    return { result: parsed, cacheControl: answer.cacheControl };
  }

  /** Identical calls in flight for callers of the same grants share one subgraph call (CallSharing decides which may). */
  private shared(headers: Record<string, string>, body: string, shareScope: string | null, operations = 1): Promise<SubgraphAnswer> {
    const key = shareScope === null ? null : `${shareScope}\n${body}`;
    const pending = key === null ? undefined : this.inFlight.get(key);
    const call = pending ?? this.call(headers, body, operations);
    if (key !== null && pending === undefined) {
      this.inFlight.set(key, call);
      void call.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return call;
  }

  /**
   * Gathers the calls one client request makes to this subgraph while the executor issues a step of
   * its plan (the fetches of a Parallel node start in one synchronous pass), and sends
   * them as one batched HTTP request, an array of operations, as Apollo Router's subgraph batching
   * does. The subgraph runs them with one context, so its DataLoaders batch across them too. A
   * lone call goes as it always did. Gathered before anything asynchronous (the proof is signed once
   * per batch), so that no call of the step can arrive after its batch has left.
   */
  private joinBatch(
    incoming: object,
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    body: string,
    shareScope: string | null,
  ): Promise<PieceAnswer> {
    return new Promise((resolve, reject) => {
      const pending = this.batches.get(incoming);
      if (pending !== undefined) {
        pending.calls.push({ body, shareScope, resolve, reject });
        return;
      }
      this.batches.set(incoming, { options, calls: [{ body, shareScope, resolve, reject }] });
      // The executor starts the fetches of a step in one synchronous pass, and each reaches this
      // point before anything asynchronous: once that pass is over, the step's calls are all here.
      process.nextTick(() => {
        const batch = this.batches.get(incoming);
        this.batches.delete(incoming);
        if (batch !== undefined) void this.flush(batch);
      });
    });
  }

  private async flush({ options, calls }: PendingBatch): Promise<void> {
    try {
      // The calls of one request to one subgraph carry the same identity and operation: one proof.
      const headers = await this.headersFor(options);
      if (calls.length === 1) {
        const [call] = calls as [PendingCall];
        await this.single(headers, call.body, call.shareScope).then(call.resolve, call.reject);
        return;
      }
      // A batch is shared only if each of its calls may be (they are of one request: one scope).
      const shareScope = calls.every((call) => call.shareScope !== null) ? (calls[0]?.shareScope ?? null) : null;
      const answer = await this.shared(
        { ...headers, [batchHeader]: String(calls.length) },
        `[${calls.map((call) => call.body).join(',')}]`,
        shareScope,
        calls.length,
      );
      const parsed = parseAnswer(this.url, answer);
      if (!Array.isArray(parsed) || parsed.length !== calls.length) {
        // A subgraph that does not take batches (say, an external one without Apollo Server's
        // allowBatchedHttpRequests) answered one error for all: it is sent each call alone from now on.
        this.batching = false;
        await Promise.all(calls.map((call) => this.single(headers, call.body, call.shareScope).then(call.resolve, call.reject)));
        return;
      }
      calls.forEach((call, i) => {
        const result = parsed[i] as GatewayGraphQLResponse;
        // The subgraph tells each operation's cache hint in its extensions (the header holds one for all).
        const { [batchCacheControlExtension]: hint, ...extensions } = result.extensions ?? {};
        if (Object.keys(extensions).length > 0) result.extensions = extensions;
        else delete result.extensions;
        call.resolve({ result, cacheControl: typeof hint === 'string' ? hint : undefined });
      });
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
  }

  /** One subgraph call, read whole so that several waiters can share it. */
  private async call(headers: Record<string, string>, body: string, operations = 1): Promise<SubgraphAnswer> {
    const response = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.callConfig.timeoutMs),
    });
    const contentType = headerValue(response.headers['content-type']) ?? '';
    // A batch may bring each of its operations' answers at the size one call may.
    const text = await readBounded(response, this.callConfig.maxResponseBytes * operations);
    // A subgraph refuses a bad request (say, a malformed Date) with 400 and GraphQL errors: pass them
    // on as its answer, so the client reads the subgraph's own message and the circuit does not
    // count a client's mistake as the subgraph failing.
    const status = response.statusCode === 400 && contentType.includes('json') ? 200 : response.statusCode;
    return { status, contentType, cacheControl: headerValue(response.headers['cache-control']), text };
  }

  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
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
        throw refusedRequest(
          this.subgraph,
          'HTTP_ERROR',
          `it answered HTTP ${status}${statusMeanings[status] ? ` (${statusMeanings[status]})` : ''}`,
        );
      }
      const reason = reasonOf(error);
      observe(failureOutcomes[reason]);
      throw unavailable(this.subgraph, reason, describeFailure(error as Error, this.callConfig.timeoutMs));
    }
  }

  state(): SubgraphState {
    const circuit: CircuitState = this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed';
    return { name: this.subgraph, url: this.url, circuit, lastFailure: circuit === 'closed' ? null : this.lastFailure };
  }

  /** Probes GET /health while the circuit is open, and closes it as soon as the subgraph answers. */
  private startProbing(): void {
    this.stopProbing();
    // probeHealth never rejects: it catches every failure.
    this.probe = setInterval(() => void this.probeHealth(), this.callConfig.openMs);
    this.probe.unref();
  }

  private async probeHealth(): Promise<void> {
    try {
      const response = await fetch(new URL('/health', this.url), { signal: AbortSignal.timeout(this.callConfig.timeoutMs) });
      const body: unknown = response.ok ? await response.json() : null;
      if (typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok') this.breaker.close();
    } catch {
      // Still down: the next probe tries again.
    }
  }

  private stopProbing(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  shutdown(): void {
    this.stopProbing();
    this.breaker.shutdown();
    void this.pool.close().catch(() => undefined);
  }
}

/** A call waiting for its batch to be sent. */
interface PendingCall {
  readonly body: string;
  readonly shareScope: string | null;
  readonly resolve: (answer: PieceAnswer) => void;
  readonly reject: (error: unknown) => void;
}

interface PendingBatch {
  /** The first call's: its headers and proof are the batch's. */
  readonly options: GraphQLDataSourceProcessOptions<GatewayContext>;
  readonly calls: PendingCall[];
}

/** One operation's answer, and its cache hint. */
interface PieceAnswer {
  readonly result: GatewayGraphQLResponse;
  readonly cacheControl: string | undefined;
}

/** A 2xx JSON answer parsed: one result, or a batch's list of results. */
function parseAnswer(url: string, answer: SubgraphAnswer): Record<string, unknown> | unknown[] {
  if (answer.status < 200 || answer.status >= 300) throw errorFromAnswer(url, answer);
  if (!answer.contentType.includes('json')) throw new Error(`Expected JSON response body, but received: ${answer.text.slice(0, 200)}`);
  const parsed: unknown = JSON.parse(answer.text);
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error(`Expected JSON response body, but received: ${answer.text.slice(0, 200)}`);
  return parsed as Record<string, unknown> | unknown[];
}

/** A plain header record seen as what the trace propagator writes to. */
const recordSetter = (headers: Record<string, string>) => ({ set: (name: string, value: string) => void (headers[name] = value) });

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value);

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
async function readBounded(response: Dispatcher.ResponseData, maxBytes: number): Promise<string> {
  if (Number(headerValue(response.headers['content-length'])) > maxBytes) {
    // Destroying it closes the connection; undici then reports the abort, which nobody awaits.
    response.body.on('error', () => undefined).destroy();
    throw new AnswerTooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const bytes = chunk as Buffer;
    size += bytes.byteLength;
    // Leaving the loop destroys the body, and undici closes the connection.
    if (size > maxBytes) break;
    chunks.push(bytes);
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
      return `it answered HTTP ${String(httpStatusOf(error))}`;
    default:
      return 'it cannot be reached';
  }
}
