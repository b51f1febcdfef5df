import { expect } from 'chai';
import { EVENT_TYPES, EVENT_TOPICS } from '@episodic/contracts';
import { QUEUES, TOPOLOGY } from '../topology.ts';

/** The queues an event of `type`, published on `topic`, is delivered to. */
function queuesOf(type: string, topic: string): string[] {
  return TOPOLOGY.queues
    .filter((queue) => queue.subscriptions.some((subscription) => subscription.topic === topic && subscription.types.some((t) => (t.endsWith('.') ? type.startsWith(t) : type === t))))
    .map((queue) => queue.name);
}

describe('infra/topology: where audit gets its events', () => {
  it('When the gateway publishes access records and announcements, then they reach audit-access-events only, apart from domain events', () => {
    for (const type of ['access.recorded', 'gateway.started', 'gateway.stopped']) expect(queuesOf(type, 'gateway-events'), type).to.deep.equal([QUEUES.auditAccess]);
  });

  it('When any other event type is published, then audit-events takes it (and audit-access-events never does)', () => {
    for (const type of EVENT_TYPES.filter((t) => EVENT_TOPICS[t] !== 'gateway-events')) {
      const queues = queuesOf(type, EVENT_TOPICS[type]);
      expect(queues, type).to.include(QUEUES.audit);
      expect(queues, type).not.to.include(QUEUES.auditAccess);
    }
  });
});
