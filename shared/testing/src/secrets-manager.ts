import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for the Secrets Manager API, for the real SDK client (`endpoint`). */
export interface SecretsManagerStandIn {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** Each request as `<X-Amz-Target> <SecretId>`, in order. */
  asked: string[];
  close(): Promise<void>;
}

/**
 * Answers GetSecretValue (the JSON 1.1 protocol the SDK speaks) for the secrets given, by ARN,
 * and ResourceNotFoundException for any other; no AWS account is reachable from the tests, and
 * the emulator has no Secrets Manager.
 *
 *   const secrets = await startSecretsManagerStandIn({ [arn]: { username: 'audit', password: 'pw' } });
 *   const client = new SecretsManagerClient({ endpoint: secrets.endpoint, region: 'us-east-1', credentials });
 */
export async function startSecretsManagerStandIn(secrets: Record<string, object>): Promise<SecretsManagerStandIn> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']);
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      asked.push(`${target} ${SecretId}`);
      const secret = target === 'secretsmanager.GetSecretValue' && SecretId ? secrets[SecretId] : undefined;
      response.writeHead(secret ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(secret
        ? { ARN: SecretId, Name: SecretId!.split(':').at(-1), SecretString: JSON.stringify(secret), VersionId: 'v1', CreatedDate: 1_700_000_000 }
        : { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
