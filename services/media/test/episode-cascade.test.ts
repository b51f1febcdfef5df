import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import type { Thumbnail } from '@episodic/contracts';
import { waitFor } from '@episodic/core';
import { createEvent, SYSTEM_ACTOR, type CloudEvent } from '@episodic/messaging';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { countRows, expectProblem, objectsOf, queueDrained, thumbnailRowsOf } from './media-state.ts';
import { uploaded, uploadTo } from './upload-forms.ts';

describe('media: when an episode is deleted in catalog', () => {
  let app: MediaUnderTest;
  before(async () => {
    app = await startMedia();
  });
  after(() => app.stop());

  const deletedEvent = (thumbnail: Thumbnail, correlationId: string) =>
    app.events.next(
      (event) => event.type === 'thumbnail.deleted' && event.subject === `episodes/${thumbnail.episode_id}/thumbnails/${thumbnail.id}` && event.correlationid === correlationId,
      10_000,
    );

  const count = (fromWhere: string, replacements: Record<string, unknown>) => countRows(app, fromWhere, replacements);

  it('When catalog deletes an episode, then its thumbnails leave media (rows, S3 objects, thumbnail.deleted under the DELETE\'s request id) and other episodes keep theirs', async () => {
    const doomedEpisode = await app.createEpisode();
    const otherEpisode = await app.createEpisode();
    const doomed = [await uploaded(app, doomedEpisode, { thumbnail_type: 'primary' }), await uploaded(app, doomedEpisode)];
    const other = await uploaded(app, otherEpisode, { thumbnail_type: 'primary' });
    const otherObjects = await objectsOf(app, otherEpisode);
    expect(await objectsOf(app, doomedEpisode)).to.have.length(4);

    const reply = await app.call('DELETE', `/api/v1/episodes/${doomedEpisode}`, { role: 'admin', service: 'catalog' });
    expect(reply.status).to.equal(204);

    for (const thumbnail of doomed) {
      const event = await deletedEvent(thumbnail, reply.requestId);
      expect(event.data).to.deep.include({ reason: 'episode_deleted', thumbnail });
    }
    expect(await thumbnailRowsOf(app, doomedEpisode)).to.deep.equal([]);
    await waitFor(async () => (await objectsOf(app, doomedEpisode)).length === 0, { timeoutMs: 5000, what: "the deleted episode's objects to leave S3" });

    expect(await thumbnailRowsOf(app, otherEpisode)).to.deep.equal([{ id: other.id, thumbnail_type: 'primary' }]);
    expect(await objectsOf(app, otherEpisode)).to.deep.equal(otherObjects);

    expectProblem(await uploadTo(app, doomedEpisode), 404, 'not-found');
    expectProblem(await app.call('GET', `/api/v1/episodes/${doomedEpisode}/thumbnails`, { role: 'viewer' }), 404, 'not-found');
  });

  it('When the same episode.deleted is delivered twice, then it is applied once: one thumbnail.deleted per thumbnail and one inbox row', async () => {
    const episodeId = await app.createEpisode();
    const thumbnails = [await uploaded(app, episodeId), await uploaded(app, episodeId), await uploaded(app, episodeId)];
    const episode = await app.call('GET', `/api/v1/episodes/${episodeId}`, { role: 'admin', service: 'catalog' });
    expect(episode.status).to.equal(200);
    const event: CloudEvent = createEvent({
      source: 'episodic/catalog',
      type: 'episode.deleted',
      subject: `episodes/${episodeId}`,
      data: { episode: episode.body, deleted_at: new Date().toISOString() },
      actor: SYSTEM_ACTOR,
      correlationId: `redelivery-${episodeId}`,
    });

    for (let delivery = 0; delivery < 2; delivery += 1) {
      await app.aws.sqs.send(new SendMessageCommand({ QueueUrl: app.queueUrl, MessageBody: JSON.stringify(event) }));
    }
    for (const thumbnail of thumbnails) await deletedEvent(thumbnail, event.correlationid);
    await waitFor(() => queueDrained(app), { timeoutMs: 10_000, what: 'both deliveries to be handled' });

    const subjects = { prefix: `episodes/${episodeId}/thumbnails/%` };
    expect(await count("outbox WHERE event_type = 'thumbnail.deleted' AND event->>'subject' LIKE :prefix", subjects)).to.equal(thumbnails.length);
    expect(await count('inbox WHERE event_id = :id', { id: event.id })).to.equal(1);
    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal([]);
  });
});
