import { expect } from 'chai';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@episodic/core';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

describe('catalog/POST /api/v1/admin/replays (its outbox history to one subscriber queue)', () => {
  let catalog: CatalogUnderTest;

  before(async () => {
    catalog = await startCatalog();
  });
  after(() => catalog.stop());

  it('When an admin replays the last minutes to media-episode-events, then the episode events arrive there again with their ids', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Replay Show' }) });
    expect(created.status).to.equal(201);
    const original = await catalog.events.eventOf('episode.created', `episodes/${created.body.id}`);
    await waitFor(async () => (await catalog.outbox.pendingCount()) === 0);
    const { QueueUrl } = await catalog.aws.sqs.send(new GetQueueUrlCommand({ QueueName: 'media-episode-events' }));
    const receiveOriginal = async () => {
      const { Messages = [] } = await catalog.aws.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
      return Messages.find((message) => JSON.parse(message.Body!).id === original.id);
    };
    // The first delivery (through SNS) is taken off the queue, so what arrives next is the replay.
    const first = await waitFor(receiveOriginal, { timeoutMs: 10_000 });
    await catalog.aws.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.ReceiptHandle }));
    const to = new Date(Date.now() + 1000).toISOString();

    const answer = await catalog.call('POST', '/api/v1/admin/replays', { role: 'admin', body: { service: 'catalog', queue: 'media-episode-events', from, to } });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect(answer.body).to.include({ service: 'catalog', queue: 'media-episode-events' });
    expect(answer.body.replayed).to.be.at.least(1);

    const replayed = await waitFor(receiveOriginal, { timeoutMs: 10_000 });
    expect(JSON.parse(replayed.Body!)).to.deep.equal(original);
    expect(replayed.MessageAttributes?.['type']?.StringValue).to.equal('episode.created');
  });

  it('When an editor asks, or the range is bad, or the queue unknown, then 403, 400 and 404', async () => {
    const now = Date.now();
    const body = { service: 'catalog', queue: 'media-episode-events', from: new Date(now - 60_000).toISOString(), to: new Date(now).toISOString() };
    expect((await catalog.call('POST', '/api/v1/admin/replays', { role: 'editor', body })).status).to.equal(403);
    const future = await catalog.call('POST', '/api/v1/admin/replays', { role: 'admin', body: { ...body, to: new Date(now + 86_400_000).toISOString() } });
    expect(future.status).to.equal(400);
    expect(future.body.errors).to.deep.equal([{ path: '/to', message: 'is in the future' }]);
    const old = await catalog.call('POST', '/api/v1/admin/replays', { role: 'admin', body: { ...body, from: '2020-01-01T00:00:00Z' } });
    expect(old.body.errors).to.deep.equal([{ path: '/from', message: 'is beyond the outbox retention (7 days)' }]);
    expect((await catalog.call('POST', '/api/v1/admin/replays', { role: 'admin', body: { ...body, queue: 'nobody-listens' } })).status).to.equal(404);
    expect((await catalog.call('POST', '/api/v1/admin/replays', { role: 'admin', body: { ...body, queue: 'catalog-processing-events' } })).status).to.equal(400);
    expect((await catalog.call('POST', '/api/v1/admin/replays', { role: 'admin', body: { ...body, from: 'yesterday' } })).status).to.equal(400);
  });
});
