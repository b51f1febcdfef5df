/**
 * The local token issuer as a process of its own, for docker compose:
 *   node infra/local/container/issuer.ts      (PORT, ISSUER_ORIGIN, EPISODIC_DATA_DIR)
 * It serves the JWKS the services verify against and keeps its key in EPISODIC_DATA_DIR, so a
 * token for the host is one command away (the same one as for npm start):
 *   docker compose exec issuer node infra/local/token.ts --role editor
 */
import { join } from 'node:path';
import { createLogger, loadConfig, onShutdown } from '@episodic/core';
import { LocalIssuer } from '@episodic/testing/issuer';
import { LOCAL_CLIENT_ID } from '../settings.ts';
import { ISSUER_SETTINGS } from './settings.ts';

const config = loadConfig(ISSUER_SETTINGS);
const logger = createLogger({ name: 'issuer' });
const issuer = await LocalIssuer.start({
  host: '0.0.0.0',
  port: config.PORT,
  origin: config.ISSUER_ORIGIN,
  clientId: LOCAL_CLIENT_ID,
  keyFile: join(config.EPISODIC_DATA_DIR, 'issuer.json'),
});
logger.info({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientId: issuer.clientId }, 'issuer listening');
onShutdown(logger, () => issuer.close());
