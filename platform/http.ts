import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/** A plain JSON endpoint beside GraphQL, e.g. a health check. */
export type JsonRoute = () => Promise<{ readonly status: number; readonly body: unknown }>;

export interface HttpOptions<TContext extends BaseContext> {
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

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return Promise.reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body is ${declared} bytes; the limit is ${limit}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        // Not request.destroy(): it reset the connection before the client could read the 413.
        // The 413 goes with `connection: close`, so the socket closes once it is sent.
        tooLarge = true;
        chunks.length = 0;
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(request: IncomingMessage, text: string): unknown {
  const type = request.headers['content-type'] ?? '';
  if (!type.includes('application/json')) return text;
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'BAD_REQUEST', `the request body is not valid JSON: ${(error as Error).message}`);
  }
}

function corsHeaders(request: IncomingMessage, origins: readonly string[]): Record<string, string> {
  const origin = request.headers.origin;
  if (origin === undefined || !(origins.includes('*') || origins.includes(origin))) return {};
  return { 'access-control-allow-origin': origin, vary: 'origin' };
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
  const origins = options.corsOrigins ?? [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
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
      const { status, body } = await route();
      sendJson(response, status, body, cors);
      return;
    }
    // Apollo checks Accept only after running the operation: refuse first, so a write never happens unanswered.
    const accept = request.headers.accept;
    if (request.method === 'POST' && accept && !acceptableResponses.test(accept)) {
      throw new HttpError(406, 'NOT_ACCEPTABLE', `the Accept header must allow application/json or application/graphql-response+json, got "${accept}"`);
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = request.method === 'POST' ? parseBody(request, await readBody(request, limit)) : undefined;
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(request),
    });
    const outgoing: Record<string, string> = { ...cors };
    for (const [name, value] of result.headers) outgoing[name] = value;
    if (result.body.kind === 'complete') {
      outgoing['content-length'] = String(Buffer.byteLength(result.body.string));
      response.writeHead(result.status ?? 200, outgoing);
      response.end(result.body.string);
      return;
    }
    response.writeHead(result.status ?? 200, outgoing);
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof HttpError) sendJson(response, error.status, errorBody(error.code, error.message), { connection: 'close' });
      else sendJson(response, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal server error'));
    });
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets go as soon as they are idle, i.e. once their request in flight is answered.
      const sweeper = setInterval(() => server.closeIdleConnections(), 20);
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
      await closed;
      clearInterval(sweeper);
      clearTimeout(deadline);
      await apollo.stop();
    },
  };
}
