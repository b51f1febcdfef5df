import { rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { problemType } from '@episodic/core';
import type { CloudEvent } from '@episodic/messaging';
import { corruptCopy, generateTestVideo } from '@episodic/testing';
import type { Call, ProcessingUnderTest } from './processing-under-test.ts';

/** The videos of a run: the standard 30 s clip (black 20–24 s) and a copy cut off at 30 %. */
export interface TestVideos {
  folder: string;
  video: Buffer;
  truncated: Buffer;
}

let generated: Promise<TestVideos> | undefined;
let long: Promise<Buffer> | undefined;

/** A 60 s clip, generated once per run: frame jobs on it last several seconds (lifecycle tests need a job in hand). */
export function longTestVideo(): Promise<Buffer> {
  long ??= (async () => {
    const { folder } = await testVideos();
    await generateTestVideo(join(folder, 'long.mp4'), { seconds: 60, audio: false });
    return readFile(join(folder, 'long.mp4'));
  })();
  return long;
}

/** Generates the test videos once per run (about a second), into os.tmpdir(); removed when the run exits. */
export function testVideos(): Promise<TestVideos> {
  generated ??= (async () => {
    const folder = await mkdtemp(join(tmpdir(), 'episodic-processing-test-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    await generateTestVideo(join(folder, 'episode.mp4'));
    await corruptCopy(join(folder, 'episode.mp4'), join(folder, 'truncated.mp4'));
    return { folder, video: await readFile(join(folder, 'episode.mp4')), truncated: await readFile(join(folder, 'truncated.mp4')) };
  })();
  return generated;
}

/** Asserts an RFC 9457 problem answer: its status, media type and (when given) its stable code. */
export function expectProblem(reply: Call, status: number, code?: string): void {
  expect(reply.status, JSON.stringify(reply.body)).to.equal(status);
  expect(reply.headers.get('content-type')).to.match(/^application\/problem\+json/);
  if (code) expect(reply.body.type).to.equal(problemType(code));
}

/** Messages a queue holds: visible, and in flight (received, not yet deleted). */
export async function queueDepth(app: ProcessingUnderTest, queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await app.aws.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }));
  return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
}

/** True once every message on the jobs queue has been received and deleted. */
export async function jobsQueueDrained(app: ProcessingUnderTest): Promise<boolean> {
  const { visible, inFlight } = await queueDepth(app, app.queueUrls.jobs);
  return visible + inFlight === 0;
}

/** Receives (and leaves, hidden briefly) what the jobs DLQ holds: the processing.requested events given up on. */
export async function deadLetters(app: ProcessingUnderTest): Promise<CloudEvent[]> {
  const { Messages = [] } = await app.aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: app.queueUrls.jobsDlq, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }));
  return Messages.map((message) => JSON.parse(message.Body!) as CloudEvent);
}

/** Whether the jobs DLQ holds the work item of job `jobId`. */
export async function deadLettered(app: ProcessingUnderTest, jobId: number): Promise<boolean> {
  return (await deadLetters(app)).some((event) => (event.data as { job?: { id?: number } }).job?.id === jobId);
}

/** The events of `type` about job `jobId` that processing's outbox holds (published or not). */
export async function outboxEventsOf(app: ProcessingUnderTest, type: string, jobId: number): Promise<number> {
  const [row] = await app.sequelize.query<{ count: string }>(
    "SELECT count(*) AS count FROM outbox WHERE event_type = :type AND (event -> 'data' -> 'job' ->> 'id')::int = :jobId",
    { replacements: { type, jobId }, type: QueryTypes.SELECT },
  );
  return Number(row!.count);
}

/** Events of `type` about job `jobId` seen on the tap so far. */
export function tapped(app: ProcessingUnderTest, type: string, jobId: number): CloudEvent[] {
  return app.events.received.filter((event) => event.type === type && (event.data as { job?: { id?: number } }).job?.id === jobId);
}

/** Waits until the tap has seen an event of `type` about job `jobId`. */
export function eventOfJob(app: ProcessingUnderTest, type: string, jobId: number, timeoutMs = 20_000): Promise<CloudEvent> {
  return app.events.next((event) => event.type === type && (event.data as { job?: { id?: number } }).job?.id === jobId, timeoutMs);
}
