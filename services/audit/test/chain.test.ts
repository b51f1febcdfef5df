import { expect } from 'chai';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ownEntry } from '../src/domain/own-entry.ts';
import { headAnchoring } from '../src/domain/anchoring.ts';
import { chainHash } from '../src/domain/chain.ts';
import { createLogger } from '@episodic/core';
import { startAudit, type AuditUnderTest } from './audit-under-test.ts';

const logger = createLogger({ name: 'chain-test', level: 'silent' });
const entry = (n: number) => ownEntry({ action_type: 'view', resource_type: 'episode', resource_id: n, new_values: { n, note: 'ünïcode €' }, event_type: 'access.recorded', user_id: `user-${n % 3}` });

describe('audit: the database role', () => {
  let audit: AuditUnderTest;
  before(async () => {
    audit = await startAudit();
    await audit.activity.recordOwn(entry(1));
  });
  after(() => audit.stop());

  for (const [what, sql] of [
    ['UPDATE', "UPDATE activity_logs SET user_id = 'mallory'"],
    ['DELETE', 'DELETE FROM activity_logs'],
    ['TRUNCATE', 'TRUNCATE activity_logs'],
    ['disable the trigger', 'ALTER TABLE activity_logs DISABLE TRIGGER activity_logs_append_only'],
    ['drop the trigger', 'DROP TRIGGER activity_logs_append_only ON activity_logs'],
    ['remove an unarchived range', 'SELECT audit_remove_segment(1)'],
  ] as const) {
    it(`When the service's own role tries to ${what}, then PostgreSQL refuses`, async () => {
      const error = await audit.sequelize.query(sql).then(() => undefined, (e: Error) => e);
      expect(error, what).to.be.instanceOf(Error);
      expect(String(error)).to.match(/permission denied|must be owner|no archived segment/);
      expect((await audit.get('/api/v1/audit/verify')).body.rows).to.equal(1);
    });
  }

  it('When even the owner TRUNCATEs, then the trigger refuses', async () => {
    const error = await audit.owner.query('TRUNCATE activity_logs').then(() => undefined, (e: Error) => e);
    expect(String(error)).to.contain('append-only (TRUNCATE refused)');
  });
});

describe('audit: the hash chain and its anchors', () => {
  let audit: AuditUnderTest;
  before(async () => {
    audit = await startAudit();
    for (let n = 1; n <= 5; n += 1) await audit.activity.recordOwn(entry(n));
  });
  after(() => audit.stop());

  it('When a third party recomputes a row hash with any RFC 8785 implementation, then it matches', async () => {
    const rows = (await audit.get('/api/v1/audit/activity?limit=100')).body.items as any[];
    for (const row of rows) {
      const { id: _id, recorded_at: _r, prev_hash, hash, hash_version, ...content } = row;
      expect(hash_version).to.equal(2);
      const input = canonicalize({ hash_version: 2, prev_hash, row: content })!;
      expect(createHash('sha256').update(input, 'utf8').digest('hex')).to.equal(hash);
    }
  });

  it('When rows written under hash version 1 precede version 2 rows, then verify accepts both', async () => {
    const legacy = await startAudit();
    try {
      const old = entry(9);
      await legacy.owner.query(
        `INSERT INTO activity_logs (user_id, action_type, resource_type, resource_id, old_values, new_values, ip_address, user_agent, correlation_id, outcome, event_id, event_type, occurred_at, recorded_at, prev_hash, hash, hash_version)
         VALUES (:user_id, :action_type, :resource_type, :resource_id, NULL, CAST(:new_values AS jsonb), NULL, NULL, :correlation_id, :outcome, :event_id, :event_type, :occurred_at, now(), NULL, :hash, 1)`,
        { replacements: { ...old, new_values: JSON.stringify(old.new_values), hash: chainHash(old, null, 1) } },
      );
      await legacy.activity.recordOwn(entry(10));
      expect((await legacy.get('/api/v1/audit/verify')).body).to.include({ valid: true, rows: 2 });
    } finally {
      await legacy.stop();
    }
  });

  it('When the head is anchored and rows are then cut from the end, then verify reports the cut', async () => {
    const anchor = headAnchoring(audit.activity, audit.archive, logger);
    expect(await anchor()).to.match(/^anchors\/0+5-[0-9a-f]{64}\.json$/);
    expect(await anchor(), 'an unmoved head is not anchored again').to.equal(undefined);
    expect((await audit.get('/api/v1/audit/verify')).body).to.include({ valid: true, anchors_checked: 1 });
    await audit.owner.query('ALTER TABLE activity_logs DISABLE TRIGGER activity_logs_append_only; DELETE FROM activity_logs WHERE id >= 4; ALTER TABLE activity_logs ENABLE TRIGGER activity_logs_append_only;');
    const verdict = (await audit.get('/api/v1/audit/verify')).body;
    expect(verdict).to.include({ valid: false, first_broken_id: 4, rows: 3 });
    expect(verdict.reason).to.contain('anchored');
  });

  it('When the whole chain is rewritten consistently, then the anchor exposes it', async () => {
    const fresh = await startAudit();
    try {
      for (let n = 1; n <= 3; n += 1) await fresh.activity.recordOwn(entry(n));
      await headAnchoring(fresh.activity, fresh.archive, logger)();
      // The owner rewrites every row and recomputes every hash: the chain alone still holds.
      const rows = (await fresh.get('/api/v1/audit/activity?limit=100')).body.items.reverse() as any[];
      let prev: string | null = null;
      const script = ['ALTER TABLE activity_logs DISABLE TRIGGER activity_logs_append_only;'];
      for (const row of rows) {
        const { id, recorded_at: _r, prev_hash: _p, hash: _h, hash_version: _v, ...content } = row;
        const forged = { ...content, user_id: 'mallory' };
        const hash = chainHash(forged, prev);
        script.push(`UPDATE activity_logs SET user_id = 'mallory', prev_hash = ${prev ? `'${prev}'` : 'NULL'}, hash = '${hash}' WHERE id = ${id};`);
        prev = hash;
      }
      script.push('ALTER TABLE activity_logs ENABLE TRIGGER activity_logs_append_only;');
      await fresh.owner.query(script.join('\n'));
      const verdict = (await fresh.get('/api/v1/audit/verify')).body;
      expect(verdict).to.include({ valid: false, first_broken_id: 3, reason: 'hash differs from the anchored hash' });
    } finally {
      await fresh.stop();
    }
  });
});
