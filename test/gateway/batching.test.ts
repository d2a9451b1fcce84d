import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { registeredOperation } from '../../operations/index.js';
import { subgraphNames, type SubgraphName } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { postGraphQLHttp, type HttpAnswer } from '../support/subgraphs.js';
import { mintToken, testGatewayEnv } from '../support/identity.js';

const [sqlite] = testEngines;

/** Its plan calls each partner twice in one step: the plan-wide year and the per-sector figures. */
const crossAgencyReport = registeredOperation('cross-agency-report', 'CrossAgencyReport').body;

/** The cross-agency report of 2023, as the agent holding `token` (null: anonymous) asks it over HTTP. */
const askReport = (url: string, token: string | null) =>
  postGraphQLHttp(url, { query: crossAgencyReport, variables: { year: 2023 } }, { token, readHeaders: ['cache-control'] });
type Answer = HttpAnswer<'cache-control'>;

/** GraphQL HTTP requests each subgraph has received, from its own /metrics. */
async function httpRequests(graph: RunningGraph): Promise<Record<SubgraphName, number>> {
  const counts = {} as Record<SubgraphName, number>;
  for (const name of subgraphNames) {
    const { text } = await graph.subgraphs[name].built.metrics.scrape();
    counts[name] = text
      .split('\n')
      .filter((line) => line.startsWith('http_server_request_duration_seconds_count'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }
  return counts;
}

/** What one request cost each subgraph: HTTP requests and GraphQL operations. */
async function costOf(
  graph: RunningGraph,
  send: () => Promise<Answer>,
): Promise<{ answer: Answer; requests: Record<SubgraphName, number>; operations: Record<SubgraphName, number> }> {
  const before = await httpRequests(graph);
  graph.resetCounts();
  const answer = await send();
  // A subgraph counts a request once its answer has been written out, which can be just after the gateway read it.
  let after = await httpRequests(graph);
  for (let settled = false; !settled;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await httpRequests(graph);
    settled = subgraphNames.every((name) => again[name] === after[name]);
    after = again;
  }
  const counts = graph.counts();
  return {
    answer,
    requests: Object.fromEntries(subgraphNames.map((name) => [name, after[name] - before[name]])) as Record<SubgraphName, number>,
    operations: Object.fromEntries(subgraphNames.map((name) => [name, counts[name].operations])) as Record<SubgraphName, number>,
  };
}

/** Errors of parallel calls come in the order the subgraphs answer, batched or not. */
const inAnyOrder = (answer: Answer) => ({
  ...answer,
  body: { ...answer.body, errors: answer.body.errors?.map((error) => JSON.stringify(error)).sort() },
});

const onePerPartner = { plan: 1, 'police-justice': 1, health: 1, social: 1, ratp: 1 };
const twoPerPartner = { plan: 1, 'police-justice': 2, health: 2, social: 2, ratp: 2 };

describe('subgraph batching', () => {
  let graph: RunningGraph;
  let unbatched: ListeningGateway;
  let token: string;
  const gatewayOver = (urls: Record<SubgraphName, string>, batching: boolean) =>
    listenGateway(
      buildGateway({
        ...gatewayConfigFromEnv({ ...testGatewayEnv, RESPONSE_CACHE: 'false' }),
        subgraphBatching: batching,
        subgraphUrls: urls,
      }),
      0,
      '127.0.0.1',
    );
  const urlsOf = (overrides: Partial<Record<SubgraphName, string>> = {}) =>
    Object.fromEntries(subgraphNames.map((name) => [name, overrides[name] ?? graph.subgraphs[name].url])) as Record<SubgraphName, string>;

  beforeAll(async () => {
    graph = await startGraph(sqlite!, 'batching', { scale: 1 }, { gatewayEnv: { RESPONSE_CACHE: 'false' } });
    unbatched = await gatewayOver(urlsOf(), false);
    token = await mintToken({ expiresIn: 3600 });
  });
  afterAll(async () => {
    await unbatched?.stop();
    await graph?.stop();
  });

  it('sends the calls of one step to a subgraph as one HTTP request: the cross-agency report costs 5 requests instead of 9, with the same answer and cache hint', async () => {
    const batched = await costOf(graph, () => askReport(graph.url, token));
    const single = await costOf(graph, () => askReport(unbatched.url, token));
    expect(batched.requests).toEqual(onePerPartner);
    expect(single.requests).toEqual(twoPerPartner);
    // The same operations reach the subgraphs either way; only how many HTTP requests carry them differs.
    expect(batched.operations).toEqual(twoPerPartner);
    expect(single.operations).toEqual(twoPerPartner);
    expect(batched.answer.body.errors).toBeUndefined();
    expect(batched.answer).toEqual(single.answer);
    expect(batched.answer.headers['cache-control']).toMatch(/max-age=\d+/);
  });

  it('keeps each operation’s own errors: anonymously, the per-sector figures are refused and the published ones served, as without batching', async () => {
    const batched = await costOf(graph, () => askReport(graph.url, null));
    const single = await costOf(graph, () => askReport(unbatched.url, null));
    expect(batched.requests).toEqual(onePerPartner);
    expect(batched.answer.body.errors?.length).toBeGreaterThan(0);
    expect((batched.answer.body.data as { year: { year: number } }).year.year).toBe(2023);
    expect(inAnyOrder(batched.answer)).toEqual(inAnyOrder(single.answer));
  });

  describe('with a subgraph that does not take batches', () => {
    let refusingProxy: Server;
    let gateway: ListeningGateway;
    let batchesRefused = 0;

    beforeAll(async () => {
      // What Apollo Server answers an array when allowBatchedHttpRequests is off; anything else is passed on.
      const relay = async (body: string, headers: Record<string, string>, response: ServerResponse): Promise<void> => {
        const answer = await fetch(graph.subgraphs.ratp.url, { method: 'POST', headers, body });
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
          'cache-control': answer.headers.get('cache-control') ?? 'no-store',
        });
        response.end(await answer.text());
      };
      refusingProxy = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (body.startsWith('[')) {
            batchesRefused += 1;
            response.writeHead(400, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }] }));
            return;
          }
          const headers = Object.fromEntries(
            Object.entries(request.headers).filter(
              (entry): entry is [string, string] =>
                typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0]),
            ),
          );
          // A failed relay hangs up, as a broken subgraph would: the gateway's answer shows it.
          relay(body, headers, response).catch(() => response.destroy());
        });
      });
      await new Promise<void>((resolve) => refusingProxy.listen(0, '127.0.0.1', resolve));
      const address = refusingProxy.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      gateway = await gatewayOver(urlsOf({ ratp: `http://127.0.0.1:${port}/` }), true);
    });
    afterAll(async () => {
      await gateway?.stop();
      await new Promise((resolve) => refusingProxy?.close(resolve));
    });

    it('answers as if it did, then calls it one operation at a time without trying again', async () => {
      const expected = await askReport(unbatched.url, token);
      const first = await costOf(graph, () => askReport(gateway.url, token));
      expect(first.answer).toEqual(expected);
      expect(batchesRefused).toBe(1);
      expect(first.requests).toEqual({ ...onePerPartner, ratp: 2 });
      const second = await costOf(graph, () => askReport(gateway.url, token));
      expect(second.answer).toEqual(expected);
      expect(batchesRefused).toBe(1);
      expect(second.requests).toEqual({ ...onePerPartner, ratp: 2 });
    });
  });
});
