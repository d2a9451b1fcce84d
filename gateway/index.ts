import { serviceLogger } from '../platform/log.js';
import { stopOnSignals } from '../platform/shutdown.js';
import { startTracingFromEnv } from '../platform/tracing.js';
import { gatewayConfigFromEnv } from './config.js';
import { buildGateway, listenGateway } from './server.js';

// Before the gateway is built: Apollo Gateway's spans go to the provider registered here.
const tracing = startTracingFromEnv('gateway');
const log = serviceLogger('gateway');
const config = gatewayConfigFromEnv();
const running = await listenGateway(buildGateway(config), config.port, config.host);
log.info({ url: running.url, metricsUrl: running.metricsUrl, tracing: tracing !== null }, `plan-wide graph ready at ${running.url}`);
if (running.metricsUrl !== null) log.info({ url: running.metricsUrl }, `metrics at ${running.metricsUrl}`);
stopOnSignals(
  async () => {
    await running.stop();
    await tracing?.shutdown();
  },
  (error) => { log.error({ err: error }, 'shutdown failed'); },
);
