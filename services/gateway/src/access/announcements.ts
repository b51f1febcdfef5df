import { randomUUID } from 'node:crypto';
import type { Logger } from '@episodic/core';
import { createEvent, SYSTEM_ACTOR, type CloudEvent, type Publisher } from '@episodic/messaging';
import type { AccessMode } from './access-modes.ts';
import { GATEWAY_SOURCE } from './access-event.ts';

/** What the buffer lost: records dropped while full, and the window they fall in. */
export interface Losses {
  dropped: number;
  firstLostAt: Date | undefined;
  lastLostAt: Date | undefined;
}

/**
 * A gateway instance's announcements: `gateway.started` when it starts, `gateway.stopped` (with
 * the records it lost and their window) when it stops cleanly. The audit log turns a stop with
 * losses into an `audit-gap` row, and a start without a stop into a possible gap.
 *
 *   const announcer = new InstanceAnnouncer({ mode: 'best-effort', logger });
 *   buffer.add(announcer.started());
 *   await publish(topic, announcer.stopped(buffer.losses, unpublished));
 */
export class InstanceAnnouncer {
  readonly instance = randomUUID();
  readonly #startedAt = new Date();
  readonly #mode: AccessMode;

  constructor(options: { mode: AccessMode }) {
    this.#mode = options.mode;
  }

  started(): CloudEvent {
    return this.#event('gateway.started', { instance: this.instance, access_mode: this.#mode, started_at: this.#startedAt.toISOString() });
  }

  stopped(losses: Losses, unpublished: number): CloudEvent {
    const lastLostAt = unpublished > 0 ? new Date() : losses.lastLostAt;
    const firstLostAt = losses.firstLostAt ?? lastLostAt;
    return this.#event('gateway.stopped', {
      instance: this.instance,
      access_mode: this.#mode,
      started_at: this.#startedAt.toISOString(),
      stopped_at: new Date().toISOString(),
      dropped: losses.dropped,
      unpublished,
      first_lost_at: firstLostAt?.toISOString() ?? null,
      last_lost_at: lastLostAt?.toISOString() ?? null,
    });
  }

  #event(type: 'gateway.started' | 'gateway.stopped', data: Record<string, unknown>): CloudEvent {
    return createEvent({ source: GATEWAY_SOURCE, type, subject: `gateway/${this.instance}`, data, actor: SYSTEM_ACTOR, correlationId: this.instance });
  }
}

/** Publishes the stop announcement; if even that fails, the start without a stop shows as a possible gap. */
export async function announceStop(publish: Publisher, topic: string, event: CloudEvent, logger: Logger): Promise<void> {
  try {
    await publish(topic, event);
  } catch (error) {
    logger.error({ err: error, instance: event.subject }, 'gateway.stopped could not be published; the audit log will show a possible gap');
  }
}
