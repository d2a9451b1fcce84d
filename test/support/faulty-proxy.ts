import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the proxy treats the next requests: passes them, delays them, answers garbage, hangs up
 * mid-request, 500, or refuses them as a server refuses a request over its limits (431, 413: the
 * request's own fault, not the subgraph's).
 */
export type Fault =
  | { kind: 'none' }
  | { kind: 'slow'; ms: number }
  | { kind: 'garbage' }
  | { kind: 'hang-up' }
  | { kind: 'server-error' }
  | { kind: 'refuse'; status: 413 | 431 };

export interface FaultyProxy {
  readonly url: string;
  fault: Fault;
  /** Requests that reached the proxy (so, calls the gateway made). */
  readonly calls: () => number;
  readonly close: () => Promise<void>;
}

/**
 * A proxy between the gateway and one subgraph, to make that subgraph fail the ways real ones do,
 * on demand and deterministically.
 */
export async function startFaultyProxy(target: string): Promise<FaultyProxy> {
  let calls = 0;
  const proxy: { fault: Fault } = { fault: { kind: 'none' } };
  const server: Server = createServer((request, response) => {
    calls += 1;
    const fault = proxy.fault;
    if (fault.kind === 'hang-up') {
      request.socket.destroy();
      return;
    }
    if (fault.kind === 'garbage') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
      return;
    }
    if (fault.kind === 'refuse') {
      // As Node's own server answers a request over its limits: no body, then the connection closes.
      response.writeHead(fault.status, { connection: 'close' }).end();
      return;
    }
    if (fault.kind === 'server-error') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    const send = () => {
      const upstream = forward(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    };
    if (fault.kind === 'slow') setTimeout(send, fault.ms);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get fault() {
      return proxy.fault;
    },
    set fault(value: Fault) {
      proxy.fault = value;
    },
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
