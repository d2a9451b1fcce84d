/**
 * Requests/s for the cross-agency report of one year through the gateway, with the response cache
 * off and on, over the same five subgraphs (SQLite, scale 1). Prints a table; asserts nothing.
 *   npm run measure:cache -- [--duration 10] [--connections 10]
 * autocannon runs in its own process, so it does not share the gateway's event loop.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway } from '../../gateway/server.js';
import { registeredOperation } from '../../operations/index.js';
import { subgraphNames, type SubgraphName } from '../../subgraphs/registry.js';
import { readCommandLine } from '../../scripts/cli.js';
import { testEngines } from '../../test/support/databases.js';
import { startGraph } from '../../test/support/graph.js';
import { mintToken, testGatewayEnv } from '../../test/support/identity.js';
import { postGraphQL } from '../../test/support/subgraphs.js';

const { values } = readCommandLine({
  name: 'measure:cache',
  usage: `usage: npm run measure:cache -- [--duration 10] [--connections 10]

Requests/s, latency and subgraph calls for the cross-agency report of one year through the gateway,
the response cache off and then on, over the five subgraphs on SQLite (scale 1). autocannon runs
--connections (10) for --duration seconds (10) in its own process.`,
  config: { options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } } },
});
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const report = registeredOperation('cross-agency-report', 'CrossAgencyReport').body;

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; p99: number };
  non2xx: number;
  errors: number;
}

async function load(url: string, token: string): Promise<AutocannonJson> {
  const body = JSON.stringify({ query: report, variables: { year: 2023 } });
  const args = [
    autocannonCli,
    '-j',
    '-c',
    values.connections,
    '-d',
    values.duration,
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-H',
    `authorization=Bearer ${token}`,
    '-b',
    body,
    url,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as AutocannonJson;
}

const [engine] = testEngines;
if (engine === undefined) throw new Error('no test database engine');
const graph = await startGraph(engine, 'cache_measure');
const urls = Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url])) as Record<SubgraphName, string>;
const token = await mintToken({ expiresIn: 3600 });
const rows: { cache: string; result: AutocannonJson; subgraphOperations: number }[] = [];
try {
  for (const cache of ['false', 'true']) {
    const gateway = await listenGateway(
      buildGateway({ ...gatewayConfigFromEnv({ ...testGatewayEnv, RESPONSE_CACHE: cache }), subgraphUrls: urls }),
      0,
      '127.0.0.1',
    );
    try {
      const check = await postGraphQL(gateway.url, report, { year: 2023 }, { authorization: `Bearer ${token}` });
      if (check.errors) throw new Error(`the report answered errors: ${JSON.stringify(check.errors)}`);
      graph.resetCounts();
      const result = await load(gateway.url, token);
      const subgraphOperations = Object.values(graph.counts()).reduce((total, counts) => total + counts.operations, 0);
      rows.push({ cache: cache === 'true' ? 'on' : 'off', result, subgraphOperations });
    } finally {
      await gateway.stop();
    }
  }
} finally {
  await graph.stop();
}

console.log(`\ncross-agency report (2023), ${values.connections} connections, ${values.duration} s each, SQLite scale 1\n`);
console.log('| response cache | requests/s | p50 ms | p97.5 ms | p99 ms | errors | subgraph operations |');
console.log('|---|---|---|---|---|---|---|');
for (const { cache, result, subgraphOperations } of rows) {
  console.log(
    `| ${cache} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${result.errors + result.non2xx} | ${subgraphOperations} |`,
  );
}
const [off, on] = rows;
if (off && on) console.log(`\nratio on/off: ${(on.result.requests.average / off.result.requests.average).toFixed(1)}×`);
