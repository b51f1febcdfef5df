import { createRequire } from 'node:module';
import type { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

const require = createRequire(import.meta.url);

/**
 * The S3 SDK, loaded on first use: catalog and the gateway never touch S3 and so never carry it
 * (about 6 MB of RSS each). The package has no ESM entry, so this is the module `import` would give.
 */
export function s3Sdk(): typeof import('@aws-sdk/client-s3') {
  return require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
}

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

/** The three AWS clients a service needs, configured once (S3's when first used). */
export function createAwsClients(settings: AwsSettings) {
  let s3: S3Client | undefined;
  return {
    sns: new SNSClient(clientConfig(settings)),
    sqs: new SQSClient({ ...clientConfig(settings), requestHandler: { connectionTimeout: 2000 } }),
    get s3(): S3Client {
      // Checksums only where S3 requires them: SigV4 already signs each body, and a CRC32 of every
      // uploaded image costs CPU on the upload path (and breaks presigned PUT URLs, see shared/storage).
      s3 ??= new (s3Sdk().S3Client)({
        ...clientConfig(settings),
        forcePathStyle: Boolean(settings.endpoint),
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return s3;
    },
  };
}

export type AwsClients = ReturnType<typeof createAwsClients>;

/** The AWS settings every service reads (spread into its config spec). */
export const AWS_SETTINGS = {
  AWS_REGION: { type: 'string', default: 'us-east-1', description: 'AWS region of the topics, queues and buckets.' },
  AWS_ENDPOINT: { type: 'string', optional: true, pattern: '^https?://', description: "SNS/SQS/S3 endpoint override: the local emulator's URL; unset in AWS." },
  AWS_ACCESS_KEY_ID: { type: 'string', optional: true, description: 'Access key; unset in AWS, where the task role provides credentials.' },
  AWS_SECRET_ACCESS_KEY: { type: 'string', optional: true, description: 'Secret key paired with AWS_ACCESS_KEY_ID.' },
} as const;

/** Where the AWS APIs are, from a service's AWS settings (explicit keys only when both are set). */
export function awsSettingsOf(config: { AWS_REGION: string; AWS_ENDPOINT: string | undefined; AWS_ACCESS_KEY_ID: string | undefined; AWS_SECRET_ACCESS_KEY: string | undefined }): AwsSettings {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = config;
  return { region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT, credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined };
}
