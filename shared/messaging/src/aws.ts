import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/** Where the AWS APIs are: real AWS (no endpoint) or the local emulator. */
export interface AwsSettings {
  region: string;
  /** Set for the emulator (e.g. http://127.0.0.1:4566); unset in AWS. */
  endpoint?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  requestTimeoutMs?: number;
}

function clientConfig(settings: AwsSettings) {
  return {
    region: settings.region,
    endpoint: settings.endpoint,
    credentials: settings.credentials,
    maxAttempts: 2,
    requestHandler: { requestTimeout: settings.requestTimeoutMs ?? 5000, connectionTimeout: 2000 },
  };
}

/** The three AWS clients a service needs, configured once. */
export function createAwsClients(settings: AwsSettings) {
  return {
    sns: new SNSClient(clientConfig(settings)),
    sqs: new SQSClient({ ...clientConfig(settings), requestHandler: { connectionTimeout: 2000 } }),
    s3: new S3Client({ ...clientConfig(settings), forcePathStyle: Boolean(settings.endpoint) }),
  };
}

export type AwsClients = ReturnType<typeof createAwsClients>;
