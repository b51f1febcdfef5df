import { expect } from 'chai';
import { testEnvironment } from '@episodic/testing';
import { createObjectStore, type ObjectStore } from '../src/index.ts';
import { freshBucket } from './bucket-fixture.ts';

// fauxqs checks neither signatures nor expiry and ignores response-content-disposition, so what
// S3 alone enforces (expired or tampered URLs, the signed type and size) is asserted on the URL.
describe('storage/presigned URLs', () => {
  let store: ObjectStore;

  before(async () => {
    const { s3, bucket } = await freshBucket();
    store = createObjectStore({ s3, bucket });
  });

  it('When a presigned GET URL is fetched without credentials, then it returns the bytes', async () => {
    await store.put('thumbnails/1/original.jpg', Buffer.from('jpeg bytes'), 'image/jpeg');
    const url = await store.presignGet('thumbnails/1/original.jpg', { expiresInSeconds: 900 });

    const response = await fetch(url);

    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('image/jpeg');
    expect(await response.text()).to.equal('jpeg bytes');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).to.equal('900');
    expect(new URL(url).searchParams.has('response-content-disposition')).to.equal(false);
  });

  it('When a filename is given, then the URL asks S3 for an attachment under that name, with a UTF-8 fallback', async () => {
    const url = await store.presignGet('thumbnails/1/original.jpg', { expiresInSeconds: 60, filename: 'Épisode "1".jpg' });

    const disposition = new URL(url).searchParams.get('response-content-disposition');

    expect(disposition).to.equal(`attachment; filename="_pisode _1_.jpg"; filename*=UTF-8''%C3%89pisode%20%221%22.jpg`);
    expect((await fetch(url)).status).to.equal(200);
  });

  it('When a presigned PUT URL is used with the signed type and size, then head sees the upload', async () => {
    const body = Buffer.alloc(2048, 1);
    const url = await store.presignPut('raw/2/video.mp4', { contentType: 'video/mp4', contentLength: body.length, expiresInSeconds: 300 });

    const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'video/mp4' } });

    expect(response.status).to.equal(200);
    expect(await store.head('raw/2/video.mp4')).to.include({ contentType: 'video/mp4', contentLength: 2048 });
  });

  it('When a presigned PUT URL is made, then it signs content type and length, and carries no checksum of an empty body', async () => {
    const url = new URL(await store.presignPut('raw/3/video.mp4', { contentType: 'video/mp4', contentLength: 10, expiresInSeconds: 120 }));

    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).to.include.members(['content-length', 'content-type']);
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('120');
    const checksumParams = [...url.searchParams.keys()].filter((name) => /checksum/i.test(name));
    expect(checksumParams).to.deep.equal([]);
  });

  it('When a public endpoint is set, then presigned URLs name it and work through it', async () => {
    const { s3, bucket } = await freshBucket();
    const { emulator } = await testEnvironment();
    const publicEndpoint = emulator.endpoint.replace('127.0.0.1', 'localhost');
    const published = createObjectStore({ s3, bucket, publicEndpoint });
    const body = Buffer.from('video bytes');

    const putUrl = await published.presignPut('raw/4/video.mp4', { contentType: 'video/mp4', contentLength: body.length, expiresInSeconds: 60 });
    const getUrl = await published.presignGet('raw/4/video.mp4', { expiresInSeconds: 60 });
    const put = await fetch(putUrl, { method: 'PUT', body, headers: { 'content-type': 'video/mp4' } });

    expect(new URL(putUrl).origin).to.equal(publicEndpoint);
    expect(new URL(getUrl).origin).to.equal(publicEndpoint);
    expect(new URL(putUrl).pathname).to.equal(`/${bucket}/raw/4/video.mp4`);
    expect(put.status).to.equal(200);
    expect(await (await fetch(getUrl)).text()).to.equal('video bytes');
    expect(await store.presignGet('raw/4/video.mp4', { expiresInSeconds: 60 })).to.match(/^http:\/\/127\.0\.0\.1:/);
  });
});
