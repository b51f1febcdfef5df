/**
 * The SNS/SQS/S3 emulator (fauxqs) as a process of its own, for docker compose:
 *   node infra/local/container/emulator.ts      (PORT, EMULATOR_DATA_DIR)
 * It starts empty; the provision step applies the topology. fauxqs answers GET /health.
 */
import { createLogger, loadConfig, onShutdown } from '@episodic/core';
import { startEmulator } from '@episodic/testing/emulator';
import { EMULATOR_SETTINGS } from './settings.ts';

const config = loadConfig(EMULATOR_SETTINGS);
const logger = createLogger({ name: 'emulator' });
const emulator = await startEmulator({ port: config.PORT, dataDir: config.EMULATOR_DATA_DIR });
logger.info({ port: config.PORT, persistent: config.EMULATOR_DATA_DIR !== undefined }, 'emulator listening');
onShutdown(logger, () => emulator.stop());
