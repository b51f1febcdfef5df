import { createHash } from 'node:crypto';
import type { ActivityEntry } from './activity.ts';

/** JSON with object keys sorted at every depth, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A row's hash covers its content and the previous row's hash: changing any row breaks every later link. */
export function chainHash(entry: ActivityEntry, prevHash: string | null): string {
  return createHash('sha256').update(prevHash ?? '').update('\n').update(canonicalJson(entry)).digest('hex');
}
