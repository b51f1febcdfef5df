import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@episodic/core';
import { createObjectStore } from '@episodic/storage';
import { createArchive } from '../src/data/archive.ts';
import { ownEntry } from '../src/domain/own-entry.ts';
import { retentionPass } from '../src/domain/retention.ts';
import { startAudit, type AuditUnderTest } from './audit-under-test.ts';

const logger = createLogger({ name: 'retention-test', level: 'silent' });
const VERIFY_FILE = fileURLToPath(new URL('../src/verify-file.ts', import.meta.url));
const entry = (n: number, user: string) => ownEntry({ action_type: 'view', resource_type: 'episode', resource_id: n, new_values: { n }, event_type: 'access.recorded', user_id: user });
const later = new Date(Date.now() + 2 * 86_400_000);

describe('audit: retention and legal holds', () => {
  let audit: AuditUnderTest;
  before(async () => {
    audit = await startAudit();
    // Segments of 2 rows: [1,2] alice, [3,4] bob + held carol, [5,6] alice.
    for (const [n, user] of [[1, 'alice'], [2, 'alice'], [3, 'bob'], [4, 'carol'], [5, 'alice'], [6, 'alice']] as const) await audit.activity.recordOwn(entry(n, user));
  });
  after(() => audit.stop());

  it('When a hold is placed with a bad shape, then 400 names the field; a hold on data that does not exist yet is fine', async () => {
    expect((await audit.send('POST', '/api/v1/audit/legal-holds', { user_id: 'x', resource_type: 'episode', resource_id: 1, reason: 'both' })).status).to.equal(400);
    const missing = await audit.send('POST', '/api/v1/audit/legal-holds', { resource_type: 'episode' });
    expect(missing.status).to.equal(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).to.include('/reason');
    expect((await audit.send('POST', '/api/v1/audit/legal-holds', { resource_type: 'episode', resource_id: 999_999, reason: 'litigation ahead' })).status).to.equal(201);
  });

  it('When the archive is unreachable, then a retention pass removes nothing', async () => {
    const broken = createArchive(createObjectStore({ s3: audit.aws.s3, bucket: 'no-such-archive-bucket', timeoutMs: 500 }));
    const error = await retentionPass({ activity: audit.activity, retention: audit.retention, archive: broken, logger }, { retentionDays: 1, segmentRows: 2, now: later }).then(() => undefined, (e: Error) => e);
    expect(error).to.be.instanceOf(Error);
    expect((await audit.get('/api/v1/audit/verify')).body).to.include({ valid: true, segments_removed: 0 });
  });

  it('When retention runs with a hold on carol, then her segment stays, the rest is archived and removed, and verify still proves the log', async () => {
    const hold = await audit.send('POST', '/api/v1/audit/legal-holds', { user_id: 'carol', reason: 'subpoena 2026-114' });
    expect(hold.status).to.equal(201);
    const report = await retentionPass({ activity: audit.activity, retention: audit.retention, archive: audit.archive, logger }, { retentionDays: 1, segmentRows: 2, now: later });
    expect(report).to.include({ held_segments: 1, removed_segments: 3 });
    const left = (await audit.get('/api/v1/audit/activity?limit=100')).body.items as any[];
    expect(left.map((row) => row.user_id)).to.include.members(['bob', 'carol']);
    expect(left.some((row) => row.user_id === 'alice')).to.equal(false);
    expect(left.some((row) => row.event_type === 'audit.legal_hold_placed' && row.user_id === 'admin-1')).to.equal(false, 'rows of the first segments are gone');
    const verdict = (await audit.get('/api/v1/audit/verify')).body;
    expect(verdict, JSON.stringify(verdict)).to.include({ valid: true, segments_removed: 3 });

    const lifted = await audit.send('DELETE', `/api/v1/audit/legal-holds/${hold.body.id}`);
    expect(lifted.body.lifted_by).to.equal('admin-1');
    expect((await audit.send('DELETE', `/api/v1/audit/legal-holds/${hold.body.id}`)).status).to.equal(404);
    const events = (await audit.get('/api/v1/audit/activity?limit=100')).body.items.map((row: any) => row.event_type);
    expect(events).to.include.members(['audit.legal_hold_lifted', 'audit.retention_pass']);
  });

  it('When an archived segment is checked offline, then npm run audit:verify accepts it, and rejects it after an edit', async () => {
    const store = createObjectStore({ s3: audit.aws.s3, bucket: audit.archive.bucket });
    const [key] = (await store.list('segments/')).filter((name) => name.endsWith('.jsonl'));
    const folder = await mkdtemp(join(tmpdir(), 'segment-'));
    const file = join(folder, 'segment.jsonl');
    const read = async (name: string) => Buffer.concat(await (await store.get(name)).body.toArray());
    const body = await read(key!);
    await writeFile(file, body);
    await writeFile(`${file}.manifest.json`, await read(key!.replace(/\.jsonl$/, '.manifest.json')));
    const run = promisify(execFile);
    const ok = await run(process.execPath, [VERIFY_FILE, file]);
    expect(JSON.parse(ok.stdout)).to.include({ valid: true, rows: 2 });
    await writeFile(file, body.toString().replace('"alice"', '"mallory"'));
    const failed = await run(process.execPath, [VERIFY_FILE, file]).then(() => undefined, (e: { code: number; stdout: string }) => e);
    expect(failed?.code).to.equal(1);
    expect(JSON.parse(failed!.stdout).problems.join(' ')).to.contain('chain broken');
  });
});
