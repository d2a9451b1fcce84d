/**
 * `npm start`: the whole plan-wide graph on one machine. Each subgraph gets its own database
 * (an embedded SQLite file under data/ unless <SUBGRAPH>_DATABASE_URL says otherwise), seeded when
 * empty, and listens on its own port; the gateway composes them over real HTTP.
 */
import { gatewayConfigFromEnv } from '../gateway/config.js';
import { buildGateway, listenGateway } from '../gateway/server.js';
import { catalogue } from '../subgraphs/catalogue.js';
import { defaultSubgraphPorts, subgraphNames, type SubgraphName } from '../subgraphs/names.js';
import { databaseConfigFromEnv } from '../subgraphs/shared/database.js';
import { readPort, subgraphPortVariable } from '../subgraphs/shared/ports.js';
import { buildSubgraph, listen, type ListeningSubgraph } from '../subgraphs/shared/subgraph.js';

const running: ListeningSubgraph[] = [];
const urls = {} as Record<SubgraphName, string>;
for (const name of subgraphNames) {
  const database = databaseConfigFromEnv(name);
  const started = Date.now();
  const built = await buildSubgraph(catalogue[name], { database, seedIfEmpty: { scale: 1 } });
  const listening = await listen(built, readPort(process.env, subgraphPortVariable(name), defaultSubgraphPorts[name]));
  running.push(listening);
  urls[name] = listening.url;
  const where = database.kind === 'sqlite' ? database.file : 'mysql';
  console.log(`subgraph ${name.padEnd(14)} ${listening.url}  (${where}, ${built.seeded ? 'seeded' : 'existing data'}, ready in ${Date.now() - started} ms)`);
}

const config = { ...gatewayConfigFromEnv(), subgraphUrls: urls };
const gateway = await listenGateway(buildGateway(config), config.port, config.host);
console.log(`\nplan-wide graph ready at ${gateway.url}`);

const stop = async () => {
  await gateway.stop();
  await Promise.all(running.map((subgraph) => subgraph.stop()));
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
