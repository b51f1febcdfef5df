import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { testEnvironment } from '@episodic/testing';

/** A real S3 client on the shared emulator and a bucket no other suite touches. */
export async function freshBucket(): Promise<{ s3: S3Client; bucket: string }> {
  const { emulator } = await testEnvironment();
  const s3 = new S3Client({ endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials, forcePathStyle: true });
  const bucket = `storage-test-${randomBytes(4).toString('hex')}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return { s3, bucket };
}

/** Reads a whole Node stream (or any async iterable of chunks) into one Buffer. */
export async function bytesOf(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
