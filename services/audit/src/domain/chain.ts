import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ActivityEntry } from './activity.ts';

/** The hash scheme new rows use; rows keep the version they were written with. */
export const CURRENT_HASH_VERSION = 2;

/**
 * Version 1 (rows written before RFC 8785 was adopted): JSON with object keys sorted at every
 * depth. Kept only so those rows still verify; an append-only log is never re-hashed.
 */
function legacyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(legacyJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${legacyJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The exact bytes a version 2 hash covers: the RFC 8785 (JCS) form of
 * `{ "hash_version": 2, "prev_hash": <previous row's hash or null>, "row": <the row's content> }`.
 * docs/AUDIT.md shows how to recompute it with any JCS implementation.
 */
export function hashInput(entry: ActivityEntry, prevHash: string | null): string {
  return canonicalize({ hash_version: 2, prev_hash: prevHash, row: entry })!;
}

/**
 * A row's hash: it covers the row's content and the previous row's hash, so changing any row
 * breaks every later link.
 *
 *   chainHash(entry, previous.hash)      // version 2: SHA-256 hex of hashInput(entry, previous.hash)
 *   chainHash(entry, previous.hash, 1)   // how a version 1 row was hashed
 */
export function chainHash(entry: ActivityEntry, prevHash: string | null, version: number = CURRENT_HASH_VERSION): string {
  const sha = createHash('sha256');
  if (version === 1) return sha.update(prevHash ?? '').update('\n').update(legacyJson(entry)).digest('hex');
  if (version === 2) return sha.update(hashInput(entry, prevHash)).digest('hex');
  throw new Error(`unknown hash version ${version}`);
}
