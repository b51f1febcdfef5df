import { expect } from 'chai';
import { createEvent, SYSTEM_ACTOR, type CloudEvent } from '@episodic/messaging';
import { waitFor } from '@episodic/core';
import { startAudit, type AuditUnderTest } from './audit-under-test.ts';

const announcement = (type: 'gateway.started' | 'gateway.stopped', data: Record<string, unknown>): CloudEvent =>
  createEvent({ source: 'episodic/gateway', type, subject: `gateway/${String(data['instance'])}`, data, actor: SYSTEM_ACTOR, correlationId: String(data['instance']) });

const started = (instance: string) => announcement('gateway.started', { instance, access_mode: 'best-effort', started_at: '2026-01-06T10:00:00.000Z' });
const stopped = (instance: string, dropped: number) => announcement('gateway.stopped', {
  instance, access_mode: 'best-effort', started_at: '2026-01-06T10:00:00.000Z', stopped_at: '2026-01-06T12:00:00.000Z',
  dropped, unpublished: 0, first_lost_at: dropped ? '2026-01-06T11:00:00.000Z' : null, last_lost_at: dropped ? '2026-01-06T11:30:00.000Z' : null,
});

describe('audit: gaps announced by best-effort gateways', () => {
  let audit: AuditUnderTest;
  before(async () => { audit = await startAudit(); });
  after(() => audit.stop());

  const rows = async () => (await audit.get('/api/v1/audit/activity?resource_type=gateway_instance&limit=100')).body.items as any[];

  it('When an instance stops cleanly after dropping records, then an audit-gap row says how many and when', async () => {
    await audit.publish(started('gw-lossy'));
    await audit.publish(stopped('gw-lossy', 3));
    const [gap] = await waitFor(async () => {
      const found = (await rows()).filter((row) => row.action_type === 'audit-gap');
      return found.length > 0 ? found : undefined;
    }, { what: 'the audit-gap row' });
    expect(gap).to.include({ outcome: 'failure', event_type: 'gateway.stopped' });
    expect(gap.new_values).to.include({ instance: 'gw-lossy', dropped: 3, first_lost_at: '2026-01-06T11:00:00.000Z' });
  });

  it('When an instance started and never stopped cleanly, then verify lists it as a possible gap; a clean stop clears it', async () => {
    await audit.publish(started('gw-killed'));
    await audit.publish(started('gw-clean'));
    await audit.publish(stopped('gw-clean', 0));
    await waitFor(async () => (await rows()).length >= 5, { what: 'five announcement rows' });
    const verdict = (await audit.get('/api/v1/audit/verify')).body;
    expect(verdict.valid).to.equal(true);
    expect(verdict.possible_gaps.map((gap: { instance: string }) => gap.instance)).to.deep.equal(['gw-killed']);
    expect((await rows()).find((row) => row.new_values.instance === 'gw-clean' && row.event_type === 'gateway.stopped')).to.include({ action_type: 'announce', outcome: 'success' });
  });
});
