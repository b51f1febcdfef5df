import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '@episodic/core';

/** The setting of a consumer running as a Lambda, which reads its credentials itself at cold start. */
export const DATABASE_SECRET_SETTINGS = {
  DATABASE_SECRET_ARN: { type: 'string', optional: true, pattern: '^arn:', description: "ARN of the service's own Secrets Manager secret (RDS JSON: username, password, host, port, dbname), read once at a Lambda's cold start into DATABASE_USER and DATABASE_PASSWORD (and DATABASE_HOST, DATABASE_PORT, DATABASE_NAME where unset). ECS tasks get those as ECS secrets instead." },
} as const;

type Environment = Record<string, string | undefined>;

interface RdsSecret {
  username?: string;
  password?: string;
  host?: string;
  port?: number | string;
  dbname?: string;
}

/**
 * `env` with the database credentials of the secret named by DATABASE_SECRET_ARN filled in
 * (unchanged when it is unset), so the usual database settings and `connectionOf` apply.
 *
 *   const config = readAuditLambdaConfig(await withDatabaseSecret(process.env));
 */
export async function withDatabaseSecret(env: Environment, client?: SecretsManagerClient): Promise<Environment> {
  const arn = env['DATABASE_SECRET_ARN'];
  if (!arn) return env;
  const secrets = client ?? new SecretsManagerClient({ region: env['AWS_REGION'], maxAttempts: 3 });
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  const secret = parseSecret(SecretString);
  return {
    ...env,
    DATABASE_USER: secret.username,
    DATABASE_PASSWORD: secret.password,
    DATABASE_HOST: env['DATABASE_HOST'] ?? secret.host,
    DATABASE_PORT: env['DATABASE_PORT'] ?? (secret.port === undefined ? undefined : String(secret.port)),
    DATABASE_NAME: env['DATABASE_NAME'] ?? secret.dbname,
  };
}

function parseSecret(text: string | undefined): RdsSecret {
  try {
    const secret = JSON.parse(text ?? '') as RdsSecret;
    if (typeof secret.username === 'string' && typeof secret.password === 'string') return secret;
  } catch {
    // Reported below, without the secret's text.
  }
  throw new ConfigError('Invalid configuration: the secret named by DATABASE_SECRET_ARN is not RDS-style JSON with a username and a password');
}
