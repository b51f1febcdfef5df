import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  NoSuchUpload,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startEmulator, type Emulator } from '../src/emulator.ts';

const MiB = 1024 * 1024;

function s3Of(emulator: Emulator): S3Client {
  return new S3Client({ endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials, forcePathStyle: true });
}

describe('testing/startEmulator: multipart listing (ListParts, ListMultipartUploads)', () => {
  let emulator: Emulator;
  let s3: S3Client;
  const Bucket = 'videos';
  before(async () => {
    emulator = await startEmulator();
    s3 = s3Of(emulator);
    await s3.send(new CreateBucketCommand({ Bucket }));
  });
  after(() => emulator.stop());

  const start = async (Key: string) => (await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'video/mp4' }))).UploadId!;
  const put = (Key: string, UploadId: string, PartNumber: number, bytes: number) =>
    s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: Buffer.alloc(bytes, PartNumber) }));

  it('When two of three parts were uploaded, then ListParts names exactly those, with their ETags and sizes', async () => {
    const uploadId = await start('ep-1/a.mp4');
    const one = await put('ep-1/a.mp4', uploadId, 1, 5 * MiB);
    const three = await put('ep-1/a.mp4', uploadId, 3, 1234);

    const listed = await s3.send(new ListPartsCommand({ Bucket, Key: 'ep-1/a.mp4', UploadId: uploadId }));

    expect(listed.Parts?.map((part) => [part.PartNumber, part.ETag, part.Size])).to.deep.equal([[1, one.ETag, 5 * MiB], [3, three.ETag, 1234]]);
    expect(listed.IsTruncated).to.equal(false);
  });

  it('When parts are listed a page at a time, then the marker leads to the rest', async () => {
    const uploadId = await start('ep-2/a.mp4');
    for (const number of [1, 2, 3]) await put('ep-2/a.mp4', uploadId, number, 10);

    const first = await s3.send(new ListPartsCommand({ Bucket, Key: 'ep-2/a.mp4', UploadId: uploadId, MaxParts: 2 }));
    const rest = await s3.send(new ListPartsCommand({ Bucket, Key: 'ep-2/a.mp4', UploadId: uploadId, PartNumberMarker: first.NextPartNumberMarker }));

    expect(first.Parts?.map((part) => part.PartNumber)).to.deep.equal([1, 2]);
    expect(first.IsTruncated).to.equal(true);
    expect(rest.Parts?.map((part) => part.PartNumber)).to.deep.equal([3]);
  });

  it('When an upload was aborted, then ListParts fails with NoSuchUpload and ListMultipartUploads no longer shows it', async () => {
    const uploadId = await start('ep-3/a.mp4');
    await put('ep-3/a.mp4', uploadId, 1, 10);
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'ep-3/a.mp4', UploadId: uploadId }));

    const error = await s3.send(new ListPartsCommand({ Bucket, Key: 'ep-3/a.mp4', UploadId: uploadId })).catch((caught: unknown) => caught);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: 'ep-3/' }));

    expect(error).to.be.instanceOf(NoSuchUpload);
    expect(uploads.Uploads ?? []).to.have.length(0);
  });

  it('When uploads are open under a prefix, then ListMultipartUploads lists them by key, in pages, and a completed one drops out', async () => {
    const ids = [await start('ep-4/b.mp4'), await start('ep-4/a.mp4'), await start('ep-4/c.mp4'), await start('other/z.mp4')];
    await put('ep-4/c.mp4', ids[2]!, 1, 10);
    const { ETag } = await put('ep-4/c.mp4', ids[2]!, 1, 10);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'ep-4/c.mp4', UploadId: ids[2], MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));

    const first = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: 'ep-4/', MaxUploads: 1 }));
    const rest = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: 'ep-4/', KeyMarker: first.NextKeyMarker, UploadIdMarker: first.NextUploadIdMarker }));

    expect(first.Uploads?.map((upload) => [upload.Key, upload.UploadId])).to.deep.equal([['ep-4/a.mp4', ids[1]]]);
    expect(first.IsTruncated).to.equal(true);
    expect(rest.Uploads?.map((upload) => upload.Key)).to.deep.equal(['ep-4/b.mp4']);
    expect(rest.Uploads?.[0]?.Initiated).to.be.instanceOf(Date);
  });

  it('When an object is read with a GET, then the listing routes leave it alone (GetObject still answers)', async () => {
    const uploadId = await start('ep-5/a.mp4');
    const { ETag } = await put('ep-5/a.mp4', uploadId, 1, 7);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'ep-5/a.mp4', UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));

    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'ep-5/a.mp4', Range: 'bytes=2-4' }));

    expect(Buffer.from(await got.Body!.transformToByteArray())).to.deep.equal(Buffer.alloc(3, 1));
  });

  it('When the emulator restarts on its data folder, then an open upload and its parts are still listed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'episodic-emulator-'));
    try {
      const first = await startEmulator({ dataDir });
      await s3Of(first).send(new CreateBucketCommand({ Bucket }));
      const { UploadId } = await s3Of(first).send(new CreateMultipartUploadCommand({ Bucket, Key: 'kept.mp4' }));
      await s3Of(first).send(new UploadPartCommand({ Bucket, Key: 'kept.mp4', UploadId, PartNumber: 2, Body: Buffer.alloc(99) }));
      await first.stop();

      const second = await startEmulator({ dataDir });
      try {
        const listed = await s3Of(second).send(new ListPartsCommand({ Bucket, Key: 'kept.mp4', UploadId }));
        expect(listed.Parts?.map((part) => [part.PartNumber, part.Size])).to.deep.equal([[2, 99]]);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
