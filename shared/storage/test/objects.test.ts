import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@episodic/core';
import { createObjectStore, type ObjectStore } from '../src/index.ts';
import { bytesOf, freshBucket } from './bucket-fixture.ts';

describe('storage/objects', () => {
  let store: ObjectStore;

  before(async () => {
    const { s3, bucket } = await freshBucket();
    store = createObjectStore({ s3, bucket });
  });

  async function putMany(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 50) {
      await Promise.all(keys.slice(start, start + 50).map((key) => store.put(key, Buffer.from('x'), 'text/plain')));
    }
  }

  it('When an object is put, then get returns its bytes, content type, length and etag', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await store.put('thumbnails/1/original.jpg', bytes, 'image/jpeg');

    const stored = await store.get('thumbnails/1/original.jpg');

    expect(stored).to.include({ contentType: 'image/jpeg', contentLength: bytes.length });
    expect(stored.etag).to.match(/^"[0-9a-f]{32}"$/);
    expect(await bytesOf(stored.body)).to.deep.equal(bytes);
  });

  it('When the key does not exist, then get fails with a 404 not-found AppError', async () => {
    const failure = await store.get('thumbnails/none.jpg').catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(AppError);
    expect(failure).to.include({ status: 404, code: 'not-found' });
  });

  it('When many gets miss, then the circuit stays closed and the next call still reaches S3', async () => {
    await store.put('thumbnails/2/small.webp', Buffer.from('webp'), 'image/webp');
    for (let i = 0; i < 12; i += 1) await store.get(`thumbnails/missing-${i}.jpg`).catch(() => undefined);

    const stored = await store.get('thumbnails/2/small.webp');

    expect(await bytesOf(stored.body)).to.deep.equal(Buffer.from('webp'));
  });

  it('When an object exists, then head describes it without its bytes; when not, head is undefined', async () => {
    await store.put('thumbnails/3/original.png', new Uint8Array([1, 2, 3, 4, 5]), 'image/png');

    expect(await store.head('thumbnails/3/original.png')).to.include({ contentType: 'image/png', contentLength: 5 });
    expect(await store.head('thumbnails/3/missing.png')).to.equal(undefined);
  });

  it('When an object is downloaded, then the local file holds its bytes', async () => {
    const bytes = Buffer.alloc(256 * 1024, 7);
    await store.put('videos/4/raw.mp4', bytes, 'video/mp4');
    const folder = await mkdtemp(join(tmpdir(), 'storage-test-'));
    try {
      const head = await store.download('videos/4/raw.mp4', join(folder, 'raw.mp4'));

      expect(head).to.include({ contentType: 'video/mp4', contentLength: bytes.length });
      expect((await readFile(join(folder, 'raw.mp4'))).equals(bytes)).to.equal(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('When a missing object is downloaded, then it fails with 404 and writes no file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'storage-test-'));
    try {
      const failure = await store.download('videos/none.mp4', join(folder, 'none.mp4')).catch((error: unknown) => error);

      expect(failure).to.include({ status: 404 });
      const written = await readFile(join(folder, 'none.mp4')).catch(() => undefined);
      expect(written).to.equal(undefined);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('When keys are listed by prefix, then exactly the keys under it come back', async () => {
    await putMany(['list/5/a.jpg', 'list/5/b/c.jpg', 'list/50/d.jpg', 'list/6/e.jpg']);

    expect(await store.list('list/5/')).to.deep.equal(['list/5/a.jpg', 'list/5/b/c.jpg']);
    expect(await store.list('list/nothing/')).to.deep.equal([]);
  });

  it('When keys are deleted twice, or never existed, then delete succeeds and they are gone', async () => {
    await putMany(['gone/7/a.jpg', 'gone/7/b.jpg']);

    await store.delete(['gone/7/a.jpg', 'gone/7/b.jpg', 'gone/7/never.jpg']);
    await store.delete(['gone/7/a.jpg', 'gone/7/b.jpg']);
    await store.delete([]);

    expect(await store.list('gone/7/')).to.deep.equal([]);
  });

  it('When more than 1,000 keys are deleted at once, then every one is gone', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `bulk/8/${String(i).padStart(4, '0')}`);
    await putMany(keys);

    await store.delete(keys);

    expect(await store.list('bulk/8/')).to.deep.equal([]);
  });

  it('When a prefix holds more than 1,000 objects, then deletePrefix removes them all, counts them, and spares its neighbours', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `episodes/9/${String(i).padStart(4, '0')}.jpg`);
    await putMany([...keys, 'episodes/90/keep.jpg']);
    expect(await store.list('episodes/9/')).to.have.length(1005);

    const deleted = await store.deletePrefix('episodes/9/');

    expect(deleted).to.equal(1005);
    expect(await store.list('episodes/9/')).to.deep.equal([]);
    expect(await store.list('episodes/90/')).to.deep.equal(['episodes/90/keep.jpg']);
    expect(await store.deletePrefix('episodes/9/')).to.equal(0);
  });

  it('When deletePrefix gets an empty prefix, then it refuses instead of emptying the bucket', async () => {
    await store.put('kept/10.jpg', Buffer.from('x'), 'image/jpeg');

    const failure = await store.deletePrefix('').catch((error: unknown) => error);

    expect(failure).to.include({ code: 'storage-prefix-required' });
    expect(await store.head('kept/10.jpg')).to.not.equal(undefined);
  });

  it('When the bucket exists, then check passes; when it does not, then check fails with 503', async () => {
    await store.check();
    const { s3 } = await freshBucket();
    const elsewhere = createObjectStore({ s3, bucket: 'storage-test-no-such-bucket' });

    const failure = await elsewhere.check().catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(AppError);
    expect(failure).to.include({ status: 503, code: 'dependency-unavailable' });
  });
});
