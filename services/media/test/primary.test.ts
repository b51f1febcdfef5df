import { expect } from 'chai';
import type { Thumbnail } from '@episodic/contracts';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { thumbnailRowsOf } from './media-state.ts';
import { uploaded, uploadTo } from './upload-forms.ts';

describe('media: one primary per episode', () => {
  let app: MediaUnderTest;
  before(async () => {
    app = await startMedia();
  });
  after(() => app.stop());

  const createdEvent = (thumbnail: Thumbnail) => app.events.eventOf('thumbnail.created', `episodes/${thumbnail.episode_id}/thumbnails/${thumbnail.id}`);
  const typeOf = async (id: number) => (await app.call('GET', `/api/v1/thumbnails/${id}`, { role: 'viewer' })).body.thumbnail_type as string;

  it('When a second primary is uploaded, then the first (an image without a position) becomes a cover, and the event names it', async () => {
    const episodeId = await app.createEpisode();
    const first = await uploaded(app, episodeId, { thumbnail_type: 'primary' });
    const second = await uploaded(app, episodeId, { thumbnail_type: 'primary' });
    expect(await typeOf(first.id)).to.equal('cover');
    expect(await typeOf(second.id)).to.equal('primary');
    const event = await createdEvent(second);
    expect(event.data).to.deep.include({ demoted_primary: { ...first, thumbnail_type: 'cover' } });
    expect((await createdEvent(first)).data).to.include({ demoted_primary: null });
  });

  it('When a second primary is uploaded, then the first (a video frame, with a position) becomes a frame', async () => {
    const episodeId = await app.createEpisode();
    const first = await uploaded(app, episodeId, { thumbnail_type: 'primary', position_seconds: '30' });
    const second = await uploaded(app, episodeId, { thumbnail_type: 'primary' });
    expect(await typeOf(first.id)).to.equal('frame');
    const event = await createdEvent(second);
    expect((event.data as { demoted_primary: Thumbnail }).demoted_primary).to.include({ id: first.id, thumbnail_type: 'frame', position_seconds: 30 });
  });

  it('When three primaries are uploaded at once, then all get 201 and exactly one (the last committed) stays primary', async () => {
    const episodeId = await app.createEpisode();
    const replies = await Promise.all([1, 2, 3].map(() => uploadTo(app, episodeId, { fields: { thumbnail_type: 'primary' } })));
    expect(replies.map((reply) => reply.status)).to.deep.equal([201, 201, 201]);
    const rows = await thumbnailRowsOf(app, episodeId);
    expect(rows).to.have.length(3);
    const primaries = rows.filter((row) => row.thumbnail_type === 'primary');
    expect(primaries.map((row) => row.id)).to.deep.equal([Math.max(...rows.map((row) => row.id))]);
    expect(rows.filter((row) => row.thumbnail_type === 'cover')).to.have.length(2);

    const events = await Promise.all(replies.map((reply) => createdEvent(reply.body as Thumbnail)));
    const demoted = events.map((event) => (event.data as { demoted_primary: Thumbnail | null }).demoted_primary?.id ?? null);
    expect(demoted.filter((id) => id === null)).to.have.length(1);
    const byId = (a: number, b: number) => a - b;
    expect(demoted.filter((id) => id !== null).sort(byId)).to.deep.equal(rows.filter((row) => row.thumbnail_type === 'cover').map((row) => row.id).sort(byId));
  });

  it('When the primary is listed, then it comes first', async () => {
    const episodeId = await app.createEpisode();
    const primary = await uploaded(app, episodeId, { thumbnail_type: 'primary' });
    const cover = await uploaded(app, episodeId, { thumbnail_type: 'cover' });
    const list = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails`, { role: 'viewer' });
    expect(list.body.items.map((item: Thumbnail) => item.id)).to.deep.equal([primary.id, cover.id]);
  });
});
