import { resolve } from 'node:path';
import { loadConfig } from '@episodic/core';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Settings of the local system (`npm start`); every one has a safe default. */
export const LOCAL_SETTINGS = {
  EPISODIC_DATA_DIR: { type: 'string', default: '.episodic', description: 'Folder (relative to the repo or absolute) for the local database, emulator state and issuer key; git-ignored.' },
  GATEWAY_PORT: { type: 'integer', default: 3000, minimum: 1, maximum: 65535, description: 'Port of the public gateway.' },
  CATALOG_PORT: { type: 'integer', default: 3001, minimum: 1, maximum: 65535, description: 'Port of the catalog service (loopback only).' },
  AUDIT_PORT: { type: 'integer', default: 3002, minimum: 1, maximum: 65535, description: 'Port of the audit service (loopback only).' },
  MEDIA_PORT: { type: 'integer', default: 3003, minimum: 1, maximum: 65535, description: 'Port of the media service (loopback only).' },
  PROCESSING_PORT: { type: 'integer', default: 3004, minimum: 1, maximum: 65535, description: 'Port of the processing service and its job worker (loopback only).' },
  GATEWAY_ADMIN_PORT: { type: 'integer', default: 3010, minimum: 1, maximum: 65535, description: "Port of the gateway's admin listener (loopback): /ready and /metrics." },
  ISSUER_PORT: { type: 'integer', default: 3009, minimum: 1, maximum: 65535, description: 'Port of the local token issuer (its JWKS URL).' },
  EMULATOR_PORT: { type: 'integer', default: 4566, minimum: 1, maximum: 65535, description: 'Port of the in-process SNS/SQS/S3 emulator (fauxqs).' },
  POSTGRES_PORT: { type: 'integer', default: 5433, minimum: 1, maximum: 65535, description: 'Port of the embedded PostgreSQL server.' },
  LOG_LEVEL: { type: 'string', default: 'info', enum: ['trace', 'debug', 'info', 'warn', 'error'], description: 'Log level of every service.' },
  EPISODIC_SEED: { type: 'boolean', default: true, description: 'Load the sample episodes on the first start.' },
} as const;

export type LocalSettings = ReturnType<typeof readLocalSettings>;

/** Reads the local settings and resolves the data folder. */
export function readLocalSettings(env = process.env) {
  const settings = loadConfig(LOCAL_SETTINGS, env);
  const dataDir = resolve(repoRoot, settings.EPISODIC_DATA_DIR);
  return { ...settings, dataDir, repoRoot };
}

/** The database of each service, all in one local cluster. */
export const DATABASES = { catalog: 'episodic_catalog', media: 'episodic_media', processing: 'episodic_processing', audit: 'episodic_audit' } as const;

/** The one client id the local issuer signs for and every service accepts. */
export const LOCAL_CLIENT_ID = 'episodic-local';
