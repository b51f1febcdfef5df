import type { CloudEvent } from '@episodic/messaging';
import type { AccessBuffer } from './access-buffer.ts';
import type { GroupCommit } from './group-commit.ts';
import type { AccessSink } from './record-access.ts';

/** AUDIT_ACCESS_MODE: whether an answer waits for SNS to accept its access record. */
export const ACCESS_MODES = ['acknowledged', 'best-effort'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

const isRead = (event: CloudEvent) => ['GET', 'HEAD'].includes(String((event.data as { method?: string }).method));

/**
 * Acknowledged mode: a record is safe once SNS accepted it (group-committed). When SNS cannot
 * accept it in time, a write's record goes to the retrying buffer (the write is done; its answer
 * goes out) while a read's record is dropped with the read itself, which answers 503.
 */
export function acknowledgedSink(commit: GroupCommit, retry: AccessBuffer): AccessSink {
  return {
    async record(event) {
      try {
        await commit.record(event);
      } catch (error) {
        if (!isRead(event)) retry.add(event);
        throw error;
      }
    },
  };
}
