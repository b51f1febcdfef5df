import { expect } from 'chai';
import type { Thumbnail, ThumbnailDetails } from '@episodic/contracts';
import { noise } from '@episodic/testing';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { bytesOf, expectProblem } from './media-state.ts';
import { uploaded, uploadForm } from './upload-forms.ts';

describe('media: reading thumbnails', () => {
  let app: MediaUnderTest;
  let episodeId: number;
  /** Uploaded in this order: cover, frame, primary, poster, cover. */
  let thumbnails: Thumbnail[];
  const ids = (items: Thumbnail[]) => items.map((item) => item.id);

  before(async () => {
    app = await startMedia();
    episodeId = await app.createEpisode();
    thumbnails = [];
    const uploads: Array<Record<string, string>> = [
      { thumbnail_type: 'cover' },
      { thumbnail_type: 'frame', position_seconds: '10' },
      { thumbnail_type: 'primary' },
      { thumbnail_type: 'poster' },
      { thumbnail_type: 'cover' },
    ];
    for (const fields of uploads) thumbnails.push(await uploaded(app, episodeId, fields));
  });
  after(() => app.stop());

  /** GET with a viewer's token, keeping the body as bytes (app.call reads it as text). */
  const download = async (path: string) => {
    const token = await app.env.issuer.sign({ role: 'viewer', sub: 'viewer-user', username: 'viewer-user' });
    return fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  };
  const storedBytes = async (key: string) => bytesOf((await app.store.get(key)).body);

  it('When an episode is listed, then the primary comes first, then the others newest first', async () => {
    const reply = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails`, { role: 'viewer' });
    expect(reply.status).to.equal(200);
    const [cover, frame, primary, poster, newerCover] = thumbnails;
    expect(ids(reply.body.items)).to.deep.equal(ids([primary!, newerCover!, poster!, frame!, cover!]));
    expect(reply.body).to.include({ limit: 50, next_cursor: null });
  });

  it('When the list is filtered by thumbnail_type, then only that type comes back', async () => {
    const reply = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails?thumbnail_type=cover`, { role: 'viewer' });
    expect(reply.status).to.equal(200);
    expect(ids(reply.body.items)).to.deep.equal([thumbnails[4]!.id, thumbnails[0]!.id]);
  });

  it('When the list is walked two at a time, then every thumbnail comes once, in the list order, and the last page has no cursor', async () => {
    const whole = (await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails`, { role: 'viewer' })).body.items as Thumbnail[];
    const walked: number[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=2&cursor=${encodeURIComponent(cursor)}` : 'limit=2';
      const page = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails?${query}`, { role: 'viewer' });
      expect(page.status, JSON.stringify(page.body)).to.equal(200);
      walked.push(...ids(page.body.items));
      pageSizes.push(page.body.items.length);
      cursor = page.body.next_cursor;
    } while (cursor && pageSizes.length < 10);
    expect(walked).to.deep.equal(ids(whole));
    expect(pageSizes).to.deep.equal([2, 2, 1]);
  });

  it('When limit is 101, then 400 naming /limit', async () => {
    const reply = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails?limit=101`, { role: 'viewer' });
    expectProblem(reply, 400, 'validation-failed');
    expect(reply.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/limit']);
  });

  for (const [what, cursor] of [
    ['garbage', 'not-a-cursor'],
    ['tampered', Buffer.from(JSON.stringify({ rank: 1, id: '1) OR (1=1' })).toString('base64url')],
  ] as const) {
    it(`When the cursor is ${what}, then 400 naming /cursor`, async () => {
      const reply = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails?cursor=${cursor}`, { role: 'viewer' });
      expectProblem(reply, 400, 'validation-failed');
      expect(reply.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/cursor']);
    });
  }

  it('When the episode does not exist in catalog, then listing it is a 404', async () => {
    expectProblem(await app.call('GET', '/api/v1/episodes/987654/thumbnails', { role: 'viewer' }), 404, 'not-found');
  });

  it('When a thumbnail is fetched, then its download URLs fetch the exact stored bytes with a plain GET until a time in the future', async () => {
    const bytes = await noise(700, 400).jpeg().toBuffer();
    const created = await app.call('POST', `/api/v1/episodes/${episodeId}/thumbnails`, { body: uploadForm(bytes, { thumbnail_type: 'poster' }) });
    expect(created.status).to.equal(201);
    const reply = await app.call('GET', `/api/v1/thumbnails/${created.body.id}`, { role: 'viewer' });
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('cache-control')).to.equal('private, no-store');
    const details = reply.body as ThumbnailDetails;
    expect(details).to.deep.include({ id: created.body.id, s3_key: created.body.s3_key, file_size_bytes: created.body.file_size_bytes });
    expect(Date.parse(details.download_url_expires_at)).to.be.above(Date.now());
    expect(details.renditions.map((rendition) => rendition.width_pixels)).to.deep.equal([700, 640, 320]);
    for (const [url, key] of [[details.download_url, details.s3_key], ...details.renditions.map((r) => [r.download_url, r.s3_key])] as const) {
      const direct = await fetch(url);
      expect(direct.status, key).to.equal(200);
      expect(Buffer.from(await direct.arrayBuffer()).equals(await storedBytes(key)), key).to.equal(true);
    }
  });

  it('When a thumbnail\'s content is downloaded, then the original streams with its type, length and a file name', async () => {
    const thumbnail = thumbnails[2]!;
    const response = await download(`/api/v1/thumbnails/${thumbnail.id}/content`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('image/jpeg');
    expect(response.headers.get('content-length')).to.equal(String(thumbnail.file_size_bytes));
    expect(response.headers.get('content-disposition')).to.equal(`inline; filename="thumbnail-${thumbnail.id}.jpg"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(await storedBytes(thumbnail.s3_key))).to.equal(true);
  });

  for (const path of ['/api/v1/thumbnails/987654', '/api/v1/thumbnails/987654/content']) {
    it(`When GET ${path} names no thumbnail, then 404`, async () => {
      expectProblem(await app.call('GET', path, { role: 'viewer' }), 404, 'not-found');
    });
  }
});
