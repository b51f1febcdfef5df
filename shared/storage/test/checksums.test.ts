import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { testEnvironment } from '@episodic/testing';
import { createObjectStore } from '../src/index.ts';

/**
 * An Object Lock bucket (the audit archive in AWS) refuses a put without Content-MD5 or an
 * x-amz-checksum-* header; the services' S3 clients send checksums only where the API model
 * requires them, as `createAwsClients` configures them. The emulator does not enforce Object Lock,
 * so what is checked is the header on the wire (read by a middleware that only looks).
 */
describe('storage/checksummed puts', () => {
  let s3: S3Client;
  let bucket: string;
  const sent: Record<string, string>[] = [];

  before(async () => {
    const { emulator } = await testEnvironment();
    s3 = new S3Client({ endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
    s3.middlewareStack.add((next) => async (args) => {
      sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordHeaders' });
    bucket = `checksums-${randomBytes(4).toString('hex')}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('When a store puts with checksumPuts, then the put carries the SHA-256 of its bytes; without it, none', async () => {
    const body = Buffer.from('{"last_id":42,"hash":"ab"}');
    sent.length = 0;
    await createObjectStore({ s3, bucket, checksumPuts: true }).put('anchors/42.json', body, 'application/json');
    expect(sent.at(-1)!['x-amz-checksum-sha256']).to.equal(createHash('sha256').update(body).digest('base64'));

    sent.length = 0;
    await createObjectStore({ s3, bucket }).put('thumbnails/1.jpg', body, 'image/jpeg');
    expect(Object.keys(sent.at(-1)!).filter((name) => name.startsWith('x-amz-checksum-') || name === 'content-md5')).to.deep.equal([]);
  });
});
