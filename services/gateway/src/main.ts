import { ConfigError, createLogger, onShutdown } from '@episodic/core';
import { closeServer, listen } from '@episodic/http';
import { readGatewayConfig } from './config.ts';
import { createGateway } from './gateway.ts';

/**
 * Starts the gateway: reads and checks the config (a bad value stops here, naming it), wires the
 * app, listens, and on SIGTERM stops accepting, lets requests in flight finish, publishes what
 * it can of the queued access events, and closes the pools to the services.
 */
const config = (() => {
  try {
    return readGatewayConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`gateway: ${error.message}`);
    process.exit(1);
  }
})();
const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
const gateway = createGateway(config, logger);
const { server, url } = await listen(gateway.app, config.PORT, config.HOST);
logger.info({ url, docs: `${url}/docs` }, 'gateway listening');

onShutdown(logger, async () => {
  await closeServer(server);
  await gateway.close();
});
