import { expect } from 'chai';
import { AppError } from '@episodic/core';
import { createObjectStore, type ObjectStore } from '../src/index.ts';
import { bytesOf, freshBucket } from './bucket-fixture.ts';

const MiB = 1024 * 1024;

/** What a client does with a presigned part URL: a plain PUT of the bytes, no credentials. */
async function putPart(url: string, bytes: Buffer): Promise<string> {
  const response = await fetch(url, { method: 'PUT', body: bytes });
  expect(response.status, await response.clone().text()).to.equal(200);
  return response.headers.get('etag')!;
}

describe('storage/multipart uploads', () => {
  let store: ObjectStore;
  const key = 'episodes/1/video/a.mp4';

  before(async () => {
    const { s3, bucket } = await freshBucket();
    store = createObjectStore({ s3, bucket });
  });

  it('When parts are PUT to presigned part URLs, then listParts names them and complete joins them in order', async () => {
    const uploadId = await store.multipart.create(key, 'video/mp4');
    const first = Buffer.alloc(5 * MiB, 1);
    const second = Buffer.from('the last part');
    const etags = [
      await putPart(await store.multipart.presignPart(key, uploadId, 2, 60), second),
      await putPart(await store.multipart.presignPart(key, uploadId, 1, 60), first),
    ];

    const parts = await store.multipart.listParts(key, uploadId);
    await store.multipart.complete(key, uploadId, parts);

    expect(parts.map((part) => [part.partNumber, part.size])).to.deep.equal([[1, first.length], [2, second.length]]);
    expect(parts.map((part) => part.etag)).to.have.members(etags);
    const stored = await store.get(key);
    expect(stored.contentType).to.equal('video/mp4');
    expect(await bytesOf(stored.body)).to.deep.equal(Buffer.concat([first, second]));
  });

  it('When a part URL is made, then it is signed for that upload and part only, without a body checksum', async () => {
    const url = new URL(await store.multipart.presignPart(key, 'some-upload', 7, 900));

    expect(url.searchParams.get('uploadId')).to.equal('some-upload');
    expect(url.searchParams.get('partNumber')).to.equal('7');
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('900');
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).to.deep.equal([]);
  });

  it('When an upload was aborted, then listing or completing it is upload-not-found (404), and aborting again is fine', async () => {
    const uploadId = await store.multipart.create('episodes/1/video/b.mp4', 'video/mp4');
    await putPart(await store.multipart.presignPart('episodes/1/video/b.mp4', uploadId, 1, 60), Buffer.from('x'));
    await store.multipart.abort('episodes/1/video/b.mp4', uploadId);

    const listed = await store.multipart.listParts('episodes/1/video/b.mp4', uploadId).catch((error: unknown) => error);
    const completed = await store.multipart.complete('episodes/1/video/b.mp4', uploadId, []).catch((error: unknown) => error);
    await store.multipart.abort('episodes/1/video/b.mp4', uploadId);

    for (const error of [listed, completed]) {
      expect(error).to.be.instanceOf(AppError);
      expect(error).to.include({ status: 404, code: 'upload-not-found' });
    }
    expect(await store.head('episodes/1/video/b.mp4')).to.equal(undefined);
  });

  it('When uploads are open under a prefix, then listOpen returns them with when they started', async () => {
    const before = Date.now() - 1000;
    const a = await store.multipart.create('episodes/2/video/a.mp4', 'video/mp4');
    const b = await store.multipart.create('episodes/2/video/b.mp4', 'video/mp4');
    await store.multipart.create('episodes/3/video/c.mp4', 'video/mp4');

    const open = await store.multipart.listOpen('episodes/2/');

    expect(open.map((upload) => [upload.key, upload.uploadId])).to.deep.equal([['episodes/2/video/a.mp4', a], ['episodes/2/video/b.mp4', b]]);
    expect(open[0]!.initiated.getTime()).to.be.above(before);
  });

  it('When a read URL is fetched with a Range header, then only those bytes come back (how ffmpeg reads a video)', async () => {
    await store.put('episodes/4/video/r.mp4', Buffer.from('0123456789'), 'video/mp4');
    const url = await store.readUrl('episodes/4/video/r.mp4', 60);

    const response = await fetch(url, { headers: { range: 'bytes=3-5' } });

    expect(response.status).to.equal(206);
    expect(await response.text()).to.equal('345');
  });
});
