import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { internalErrorCode, internalErrorMessage, logInternalError } from './errors.js';
import { exceededJsonShape, type JsonShapeLimit, type JsonShapeLimits } from './json-shape.js';
import { requestLinesEnabled, serviceLogger } from './log.js';
import type { ServiceMetrics } from './metrics.js';
import { currentTraceId, traceServerRequest } from './tracing.js';

/** The request id a caller gives (the gateway to its subgraphs, a proxy to the gateway), logged on every line of the request. */
export const requestIdHeader = 'x-request-id';
const requestIdForm = /^[\w.:-]{1,64}$/;
const requestIds = new WeakMap<IncomingMessage, string>();

/** The id of a request being served: the caller's `x-request-id` when it has that form, else a fresh one. Undefined while request lines are off. */
export const requestIdOf = (request: IncomingMessage): string | undefined => requestIds.get(request);

/** What a service adds to a request's log line from its context: who asked, and (the gateway) its subgraph calls. */
export type RequestDescription = Readonly<Record<string, unknown>>;

/** A route's answer: JSON, or a text of its own type (Prometheus metrics). */
export type RouteAnswer =
  { readonly status: number; readonly body: unknown } | { readonly status: number; readonly text: string; readonly contentType: string };

/** A plain endpoint beside GraphQL, e.g. a health check. */
export type JsonRoute = (request: IncomingMessage) => Promise<RouteAnswer>;

/** A page's answer: its bytes as sent (already encoded) and every header of its own. */
export interface PageAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A page for browsers beside GraphQL on the same path, e.g. the gateway's IDE on GET of `/`. */
export interface Page {
  /** Whether the request is for the page rather than for GraphQL; called on every request, so cheap. */
  readonly matches: (request: IncomingMessage, url: URL) => boolean;
  readonly answer: (request: IncomingMessage) => Promise<PageAnswer>;
}

/** Why a request is turned away before it is read, and when to come back. */
export interface Shedding {
  readonly retryAfterSeconds: number;
  readonly reason: string;
}

export interface HttpOptions<TContext extends BaseContext> {
  /** Who logs internal errors: `gateway` or the subgraph's name. */
  readonly service: string;
  /** Builds the request's context; a GraphQLError with `extensions.http.status` becomes that status (401 for a bad token). */
  readonly context: (request: IncomingMessage) => Promise<TContext>;
  /** GET endpoints by path, answered without GraphQL. */
  readonly routes?: Readonly<Record<string, JsonRoute>>;
  /** Largest request body accepted, in bytes; 1 MiB unless given. */
  readonly maxBodyBytes?: number;
  /** Origins a browser may call from; none unless configured. `*` allows any. */
  readonly corsOrigins?: readonly string[];
  /** On close, how long requests in flight may take to finish before their connections are cut. */
  readonly shutdownGraceMs?: number;
  /**
   * Bounds on the request's JSON (the body, or GET's `variables` and `extensions`), checked on its
   * bytes before it is parsed; 400 above them. `variables` names the setting behind each bound.
   */
  readonly jsonShape?: { readonly limits: JsonShapeLimits; readonly variables: Readonly<Record<JsonShapeLimit, string>> };
  /** Called before a GraphQL request is read: a refusal turns it away with 503 and `Retry-After` (health routes are always answered). */
  readonly shed?: () => Shedding | null;
  /** Largest answer sent, in bytes; a larger one is replaced by an error naming the limit. */
  readonly maxResponseBytes?: number;
  /** The setting behind `maxResponseBytes`, named in that error. */
  readonly maxResponseBytesVariable?: string;
  /** Times every GraphQL request (not the routes) and counts refusals (platform/metrics.ts). */
  readonly metrics?: ServiceMetrics;
  /** Pages served instead of GraphQL to the requests they match (not timed, never shed); the first that matches answers. */
  readonly pages?: readonly Page[];
  /** While tracing: `continue` the caller's trace (a subgraph, called by the gateway), or start one and `link` the caller's (the gateway: the default). */
  readonly callerTrace?: 'continue' | 'link';
  /** The request's log line's fields drawn from its context (agent, partner…): never a token, a proof or a value. */
  readonly describeRequest?: (context: TContext) => RequestDescription;
}

export interface ListeningHttp {
  readonly url: string;
  readonly server: Server;
  readonly close: () => Promise<void>;
}

const defaultMaxBodyBytes = 1024 * 1024;
const acceptableResponses = /application\/json|application\/graphql-response\+json|multipart\/mixed|application\/\*|\*\/\*/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A refusal in the shape GraphQL clients read, with a machine-readable code. */
const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * How much of an oversized body is read and discarded before the 413 goes out. Answering while the
 * client still sends makes the socket close on unread data: the client gets a reset (EPIPE) instead
 * of the 413. Past this much, the connection is cut, as a client that sends that much has no claim.
 */
const drainFactor = 4;

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  const drainLimit = limit * drainFactor;
  const declaredRefusal =
    declared > limit ? new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body is ${declared} bytes; the limit is ${limit}`) : null;
  if (declaredRefusal !== null && declared > drainLimit) return Promise.reject(declaredRefusal);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refusal = declaredRefusal;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refusal === null && size > limit) {
        refusal = new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body exceeds the limit of ${limit} bytes`);
        chunks.length = 0;
      }
      if (refusal === null) chunks.push(chunk);
      // Not request.destroy(): it reset the connection before the client could read the 413, which
      // goes with `connection: close`, so the socket closes once it is sent.
      else if (size > drainLimit) reject(refusal);
    });
    request.on('end', () => {
      if (refusal === null) resolve(Buffer.concat(chunks));
      else reject(refusal);
    });
    request.on('error', reject);
  });
}

const shapeWording: Record<JsonShapeLimit, (maximum: number) => string> = {
  maxDepth: (maximum) => `nests values more than ${maximum} deep`,
  maxListLength: (maximum) => `has a list of more than ${maximum} items`,
  maxValues: (maximum) => `has more than ${maximum} values`,
};

/** `enclosing`: levels around the variables (the body's own object is one), not counted against the depth. */
function checkJsonShape(what: string, bytes: Uint8Array, shape: HttpOptions<BaseContext>['jsonShape'], enclosing = 0): void {
  if (shape === undefined) return;
  const violation = exceededJsonShape(bytes, { ...shape.limits, maxDepth: shape.limits.maxDepth + enclosing });
  if (violation === null) return;
  const maximum = violation.limit === 'maxDepth' ? violation.maximum - enclosing : violation.maximum;
  throw new HttpError(
    400,
    'BAD_REQUEST',
    `${what} ${shapeWording[violation.limit](maximum)} (the limit, ${shape.variables[violation.limit]})`,
  );
}

/** JSON.parse's own message, without the excerpt of the body that Node appends to it. */
function jsonSyntaxError(what: string, error: unknown): HttpError {
  const message =
    error instanceof Error
      ? error.message
          .replace(/ \(line \d+ column \d+\)$/, '')
          .replace(/^Unexpected token .*?, ".*" is not valid JSON$/s, 'Unexpected token')
      : '';
  return new HttpError(400, 'BAD_REQUEST', `${what} is not valid JSON: ${message.slice(0, 200)}`);
}

function parseBody(request: IncomingMessage, bytes: Buffer, shape: HttpOptions<BaseContext>['jsonShape']): unknown {
  const type = request.headers['content-type'] ?? '';
  if (!type.includes('application/json')) return bytes.toString('utf8');
  if (bytes.length === 0) return {};
  // A batch (a subgraph's, from the gateway) nests each operation's variables one level deeper.
  checkJsonShape('the request body', bytes, shape, bytes[0] === 0x5b ? 2 : 1);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw jsonSyntaxError('the request body', error);
  }
}

/** GET carries `variables` and `extensions` as JSON in the query string: bounded like a body. */
function checkSearchParams(search: URLSearchParams, shape: HttpOptions<BaseContext>['jsonShape']): void {
  for (const name of ['variables', 'extensions']) {
    const value = search.get(name);
    if (value !== null) checkJsonShape(`the ${name} parameter`, Buffer.from(value), shape);
  }
}

const tooLargeAnswer = (bytes: number, limit: number, variable: string | undefined) =>
  JSON.stringify({
    errors: [
      {
        message: `the answer is ${bytes} bytes; the limit is ${limit}${variable ? ` (${variable})` : ''}: ask for fewer fields, fewer items (first) or a narrower range`,
        extensions: { code: 'RESPONSE_TOO_LARGE', maximum: limit, found: bytes },
      },
    ],
  });

function corsHeaders(request: IncomingMessage, origins: readonly string[]): Record<string, string> {
  const origin = request.headers.origin;
  if (origin === undefined || !(origins.includes('*') || origins.includes(origin))) return {};
  return { 'access-control-allow-origin': origin, vary: 'origin' };
}

function requestIdFrom(request: IncomingMessage): string {
  const given = request.headers[requestIdHeader];
  return typeof given === 'string' && requestIdForm.test(given) ? given : randomUUID();
}

/** The request's target as a URL; null for one no URL parser takes (`//`), which `handle` then refuses. */
function targetOf(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/**
 * Serves an Apollo server on node:http through Apollo's integration API: no web framework in the
 * path, bounded bodies, an explicit CORS allow-list, and JSON routes beside GraphQL.
 */
export async function listenApollo<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: HttpOptions<TContext>,
  port: number,
  host: string,
): Promise<ListeningHttp> {
  await apollo.start();
  const limit = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const maxResponseBytes = options.maxResponseBytes ?? Number.POSITIVE_INFINITY;
  const origins = options.corsOrigins ?? [];
  const log = serviceLogger(options.service);

  const handle = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL | null,
    timing: ReturnType<ServiceMetrics['startRequest']> | undefined,
    contextSeen: (context: TContext) => void,
  ): Promise<void> => {
    if (url === null) throw new HttpError(400, 'BAD_REQUEST', 'the request target is not a path');
    const cors = corsHeaders(request, origins);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        ...cors,
        ...(cors['access-control-allow-origin'] === undefined
          ? {}
          : {
              'access-control-allow-methods': 'GET, POST',
              'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name',
              'access-control-max-age': '600',
            }),
      });
      response.end();
      return;
    }
    const route = options.routes?.[url.pathname];
    if (route !== undefined && request.method === 'GET') {
      const answer = await route(request);
      if ('text' in answer) {
        response.writeHead(answer.status, {
          'content-type': answer.contentType,
          'content-length': Buffer.byteLength(answer.text),
          ...cors,
        });
        response.end(answer.text);
      } else {
        sendJson(response, answer.status, answer.body, cors);
      }
      return;
    }
    const page = options.pages?.find((candidate) => candidate.matches(request, url));
    if (page !== undefined) {
      const answer = await page.answer(request);
      response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      response.end(answer.body);
      return;
    }
    const shedding = options.shed?.();
    if (shedding) {
      throw new HttpError(
        503,
        'SERVICE_OVERLOADED',
        `the graph is shedding load (${shedding.reason}); retry in ${shedding.retryAfterSeconds} s`,
        {
          'retry-after': String(shedding.retryAfterSeconds),
        },
      );
    }
    // Apollo checks Accept only after running the operation: refuse first, so a write never happens unanswered.
    const accept = request.headers.accept;
    if (request.method === 'POST' && accept && !acceptableResponses.test(accept)) {
      throw new HttpError(
        406,
        'NOT_ACCEPTABLE',
        `the Accept header must allow application/json or application/graphql-response+json, got "${accept}"`,
      );
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    if (request.method === 'GET') checkSearchParams(url.searchParams, options.jsonShape);
    const body = request.method === 'POST' ? parseBody(request, await readBody(request, limit), options.jsonShape) : undefined;
    const httpGraphQLRequest = { method: request.method ?? 'GET', headers, search: url.search, body };
    timing?.attach(httpGraphQLRequest);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        const context = await options.context(request);
        contextSeen(context);
        return context;
      },
    });
    const outgoing: Record<string, string> = { ...cors };
    for (const [name, value] of result.headers) outgoing[name] = value;
    if (result.body.kind === 'complete') {
      let text = result.body.string;
      let status = result.status ?? 200;
      const bytes = Buffer.byteLength(text);
      if (bytes > maxResponseBytes) {
        text = tooLargeAnswer(bytes, maxResponseBytes, options.maxResponseBytesVariable);
        status = 400;
        outgoing['cache-control'] = 'no-store';
      }
      outgoing['content-length'] = String(Buffer.byteLength(text));
      response.writeHead(status, outgoing);
      response.end(text);
      return;
    }
    response.writeHead(result.status ?? 200, outgoing);
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  const server = createServer((request, response) => {
    // GraphQL requests are timed; the routes (health, metrics) and CORS preflights are not.
    const url = targetOf(request);
    const isGraphQL =
      request.method !== 'OPTIONS' &&
      (url === null ||
        (options.routes?.[url.pathname] === undefined && options.pages?.some((page) => page.matches(request, url)) !== true));
    const timing = isGraphQL ? options.metrics?.startRequest(request.method) : undefined;
    // The request's log line, gathered only when it will be written (LOG_LEVEL info or lower).
    let described: RequestDescription | undefined;
    let contextSeen = (_context: TContext): void => undefined;
    let traceId: string | null = null;
    const requestId = timing !== undefined && requestLinesEnabled() ? requestIdFrom(request) : undefined;
    if (requestId !== undefined) {
      requestIds.set(request, requestId);
      if (options.describeRequest) contextSeen = (context) => (described = options.describeRequest?.(context));
    }
    if (timing !== undefined) {
      response.once('close', () => {
        const { outcome, seconds } = timing.finish(response.statusCode);
        if (requestId === undefined) return;
        const { facts } = timing;
        log.info(
          {
            requestId,
            traceId,
            ...described,
            operationName: facts.operationName,
            operationType: facts.operationType,
            status: response.statusCode,
            outcome,
            durationMs: Math.round(seconds * 10_000) / 10,
            // Each code once, and the first ids: an answer may carry an error per item of a list.
            ...(facts.errorCodes.length > 0 ? { errorCodes: [...new Set(facts.errorCodes)] } : {}),
            ...(facts.errorIds.length > 0 ? { errorIds: facts.errorIds.slice(0, 10) } : {}),
          },
          'request',
        );
      });
    }
    const run = () => {
      if (requestId !== undefined) traceId = currentTraceId();
      return handle(request, response, url, timing, contextSeen).catch((error: unknown) => {
        if (response.headersSent) {
          response.destroy();
          return;
        }
        if (error instanceof HttpError) {
          options.metrics?.countRefusal(error.code);
          timing?.facts.errorCodes.push(error.code);
          sendJson(response, error.status, errorBody(error.code, error.message), { connection: 'close', ...error.headers });
          return;
        }
        options.metrics?.countRefusal(internalErrorCode);
        // The path alone: a GET's query string carries the client's variables.
        const errorId = logInternalError(options.service, error, {
          requestId,
          method: request.method,
          path: url?.pathname.slice(0, 200) ?? null,
        });
        timing?.facts.errorIds.push(errorId);
        sendJson(response, 500, {
          errors: [{ message: internalErrorMessage(options.service, errorId), extensions: { code: internalErrorCode, errorId } }],
        });
      });
    };
    void (isGraphQL ? traceServerRequest(options.service, request, response, run, options.callerTrace ?? 'link') : run());
  });
  // Longer than the usual 60 s idle timeout of load balancers, so they never reuse a socket we closed.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`,
    server,
    // Graceful: no new connection, requests in flight finish (up to the grace period), then Apollo stops.
    close: async () => {
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      // Keep-alive sockets go as soon as they are idle, i.e. once their request in flight is answered.
      const sweeper = setInterval(() => {
        server.closeIdleConnections();
      }, 20);
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        server.closeAllConnections();
      }, options.shutdownGraceMs ?? 10_000);
      await closed;
      clearInterval(sweeper);
      clearTimeout(deadline);
      await apollo.stop();
    },
  };
}
