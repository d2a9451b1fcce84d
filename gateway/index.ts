import { gatewayConfigFromEnv } from './config.js';
import { buildGateway, listenGateway } from './server.js';

const config = gatewayConfigFromEnv();
const running = await listenGateway(buildGateway(config), config.port, config.host);
console.log(`plan-wide graph ready at ${running.url}`);
if (running.metricsUrl !== null) console.log(`metrics at ${running.metricsUrl}`);
const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
