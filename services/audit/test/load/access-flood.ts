/**
 * How audit keeps up with a flood of access records, and what a write's row waits meanwhile.
 * Not a test (mocha does not pick it up): a measurement, run by hand.
 *
 *   node services/audit/test/load/access-flood.ts [records=4000] [writes=20]
 *   AUDIT_CPU_PROFILE_DIR=/tmp/prof node services/audit/test/load/access-flood.ts   # and a --cpu-prof of audit
 *   RATE=300 node services/audit/test/load/access-flood.ts 3000   # records published while audit runs, 300/s in SNS batches of 5 (as a read load does)
 *   RATE=200 SNS_BATCH=2 AUDIT_ACCESS_BATCH_WINDOW_MS=0 node ...    # batch size of the publisher, audit's gathering window
 *   AUDIT_ENTRY=/tmp/old/services/audit/src/main.ts AUDIT_QUEUE_NAME=audit-access-events node ... 2000 0   # another audit build, on the access queue
 *   WRITES_QUEUE=audit-access-events ...   # the writes sent straight to that queue, as when one queue held reads and writes
 *
 * It queues `records` access.recorded events on gateway-events before audit starts (so the
 * publishing costs nothing in audit's figures), starts audit's real main.ts as its own process
 * against the real topology, publishes an episode.created every 300 ms while audit drains the
 * flood, and prints: audit's CPU-seconds per 1,000 records (from /proc), the drain time, and the
 * time from each write's publish to its row (median, p99, worst) with its receive count.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryTypes } from 'sequelize';
import { createLogger, sleep } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { applyTopology, createAwsClients, createEvent, type CloudEvent } from '@episodic/messaging';
import { TOPICS, TOPOLOGY } from '@episodic/infra';
import { episodeCreatedEvent, freePort, launchService, TEST_GATEWAY_CONTEXT, testEnvironment, stopTestEnvironment } from '@episodic/testing';
import { ensureServiceLogin, urlAs } from '../../src/data/service-login.ts';

const RECORDS = Number(process.argv[2] ?? 4000);
const WRITES = Number(process.argv[3] ?? 20);
const MIGRATIONS = fileURLToPath(new URL('../../../../migrations/audit', import.meta.url));
const ENTRY = process.env['AUDIT_ENTRY'] ?? fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const LOGIN = { user: 'episodic_audit_service', password: 'audit-test-password' };
const logger = createLogger({ name: 'access-flood', level: 'silent' });

const env = await testEnvironment();
const ownerUrl = await env.newDatabase('audit_flood');
const owner = createSequelize({ url: ownerUrl, logger, poolMax: 2 });
await migrateUp(owner, MIGRATIONS);
await ensureServiceLogin(owner, LOGIN);
const aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
const { topicArns } = await applyTopology(TOPOLOGY, aws);

const actor = { user_id: 'viewer-1', roles: ['viewer'], ip: '203.0.113.9', user_agent: 'autocannon' };
const access = (n: number): CloudEvent => createEvent({
  source: 'episodic/gateway', type: 'access.recorded', subject: `episodes/${n}`, actor, correlationId: randomUUID(),
  data: { action: 'view', resource_type: 'episode', resource_id: n, method: 'GET', path: `/api/v1/episodes/${n}`, status: 200, outcome: 'success' },
}) as CloudEvent;

const RATE = Number(process.env['RATE'] ?? 0);
/** Publishes the access records in SNS batches of `size`, `perSecond` records a second (0: as fast as it can). */
async function flood(size: number, perSecond: number): Promise<void> {
  const begun = Date.now();
  for (let first = 0; first < RECORDS; first += size) {
    const events = Array.from({ length: Math.min(size, RECORDS - first) }, (_, i) => access(first + i + 1));
    await aws.sns.send(new PublishBatchCommand({
      TopicArn: topicArns[TOPICS.gateway],
      PublishBatchRequestEntries: events.map((event, i) => ({ Id: String(i), Message: JSON.stringify(event), MessageAttributes: { type: { DataType: 'String', StringValue: event.type } } })),
    }));
    if (perSecond > 0) await sleep(Math.max(0, begun + ((first + size) * 1000) / perSecond - Date.now()));
  }
}
if (!RATE) await flood(10, 0);

const port = await freePort();
const audit = await launchService({
  name: 'audit', entry: ENTRY, readyUrl: `http://127.0.0.1:${port}/ready`, timeoutMs: 60_000,
  env: {
    PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: urlAs(ownerUrl, LOGIN), AWS_ENDPOINT: env.emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
    ...(process.env['AUDIT_CPU_PROFILE_DIR'] && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['AUDIT_CPU_PROFILE_DIR']}` }),
    // Audit's own settings pass through: AUDIT_QUEUE_NAME, AUDIT_ACCESS_BATCH_WINDOW_MS, AUDIT_ACCESS_CONSUMERS, ...
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AUDIT_') && name !== 'AUDIT_ENTRY' && name !== 'AUDIT_CPU_PROFILE_DIR')),
    SQS_WAIT_SECONDS: '1', COGNITO_ISSUER: env.issuer.issuer, COGNITO_JWKS_URL: env.issuer.jwksUrl, COGNITO_CLIENT_IDS: env.issuer.clientId, GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key,
  },
});
const cpuAtReady = await cpuSeconds(audit.pid);
const started = Date.now();
const flooding = RATE ? flood(Number(process.env['SNS_BATCH'] ?? 5), RATE) : Promise.resolve();
const count = async (sql: string, replacements = {}) => Number((await owner.query<{ n: string }>(sql, { type: QueryTypes.SELECT, replacements }))[0]!.n);

// WRITES_QUEUE=audit-access-events puts the writes on the access records' queue, as when one queue held both.
const writesQueueUrl = process.env['WRITES_QUEUE'] && (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: process.env['WRITES_QUEUE'] }))).QueueUrl;
/** Each write: seconds after audit was ready that it was sent, and how long its row took. */
const waits: { at: number; ms: number }[] = [];
const writing = (async () => {
  for (let n = 0; n < WRITES; n += 1) {
    const event = episodeCreatedEvent(90_000 + n);
    const sent = Date.now();
    if (writesQueueUrl) await aws.sqs.send(new SendMessageCommand({ QueueUrl: writesQueueUrl, MessageBody: JSON.stringify(event) }));
    else await aws.sns.send(new PublishCommand({ TopicArn: topicArns[TOPICS.catalog], Message: JSON.stringify(event), MessageAttributes: { type: { DataType: 'String', StringValue: event.type } } }));
    void (async () => {
      while (Date.now() - sent < 120_000) {
        if (await count('SELECT count(*) AS n FROM activity_logs WHERE event_id = :id', { id: event.id })) return void waits.push({ at: (sent - started) / 1000, ms: Date.now() - sent });
        await sleep(10);
      }
      waits.push({ at: (sent - started) / 1000, ms: Infinity });
    })();
    await sleep(300);
  }
})();

while ((await count("SELECT count(*) AS n FROM activity_logs WHERE event_type = 'access.recorded'")) < RECORDS) await sleep(50);
const drainMs = Date.now() - started;
await flooding;
// Rows of one transaction share recorded_at: the number of distinct values is the number of batches.
const batches = await count("SELECT count(DISTINCT recorded_at) AS n FROM activity_logs WHERE event_type = 'access.recorded'");
const cpu = (await cpuSeconds(audit.pid)) - cpuAtReady;
await writing;
while (waits.length < WRITES) await sleep(50);
const retries = audit.logs().filter((line) => line.includes('will retry')).length;
const verdict = await (await fetch(`http://127.0.0.1:${port}/health`)).status;
await audit.stop();
await owner.close();
await stopTestEnvironment();

const sorted = waits.map((w) => w.ms).sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(JSON.stringify({
  records: RECORDS,
  rate: RATE || 'all queued first',
  drainSeconds: drainMs / 1000,
  auditCpuSeconds: Number(cpu.toFixed(2)),
  cpuSecondsPer1000: Number(((cpu * 1000) / RECORDS).toFixed(3)),
  recordsPerBatch: Number((RECORDS / batches).toFixed(1)),
  writes: { n: sorted.length, medianMs: at(0.5), p99Ms: at(0.99), worstMs: sorted.at(-1) },
  writeWaitsBySendTime: process.env['SHOW_WRITES'] ? waits.sort((a, b) => a.at - b.at).map((w) => `${w.at.toFixed(1)}s:${w.ms}ms`).join(' ') : undefined,
  handlerRetriesLogged: retries,
  health: verdict,
}));

/** utime + stime of a process, in seconds (Linux /proc; clock ticks of 100 Hz). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
