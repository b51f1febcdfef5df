import type { Readable } from 'node:stream';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { problemType } from '@episodic/core';
import type { Call, MediaUnderTest } from './media-under-test.ts';

/** The thumbnail rows media's database holds for an episode, straight from the table (not through the API). */
export function thumbnailRowsOf(app: MediaUnderTest, episodeId: number): Promise<Array<{ id: number; thumbnail_type: string }>> {
  return app.sequelize.query('SELECT id, thumbnail_type FROM thumbnails WHERE episode_id = :episodeId ORDER BY id', {
    replacements: { episodeId },
    type: QueryTypes.SELECT,
  });
}

/** Every S3 key media's bucket holds for an episode. */
export function objectsOf(app: MediaUnderTest, episodeId: number): Promise<string[]> {
  return app.store.list(`episodes/${episodeId}/`);
}

/** Reads a stream to its end. */
export async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Asserts an RFC 9457 problem answer: its status, media type and (when given) its stable code. */
export function expectProblem(reply: Call, status: number, code?: string): void {
  expect(reply.status, JSON.stringify(reply.body)).to.equal(status);
  expect(reply.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(reply.body).to.include({ status });
  if (code) expect(reply.body.type).to.equal(problemType(code));
}

/** True once every message on media's queue has been received and deleted. */
export async function queueDrained(app: MediaUnderTest): Promise<boolean> {
  const { Attributes = {} } = await app.aws.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: app.queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) === 0;
}

/** Counts rows of media's database, e.g. `countRows(app, "outbox WHERE event_type = 'thumbnail.deleted'")`. */
export async function countRows(app: MediaUnderTest, fromWhere: string, replacements: Record<string, unknown> = {}): Promise<number> {
  const [row] = await app.sequelize.query<{ count: string }>(`SELECT count(*) AS count FROM ${fromWhere}`, { replacements, type: QueryTypes.SELECT });
  return Number(row!.count);
}
