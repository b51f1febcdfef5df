import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EVENT_DATA_SCHEMAS } from '../events/data.ts';
import { OPERATIONS } from '../operations.ts';
import { breakingChanges, canonical, type BreakingChange } from './breaking-changes.ts';

/** Contracts by file name under `contracts/published/`, e.g. `events/episode.updated.v1.json`. */
export type ContractSet = Record<string, unknown>;

/** What one published contract's comparison found. */
export interface ContractBreak extends BreakingChange {
  contract: string;
}

/** `contracts/published/` in this checkout. */
export const PUBLISHED_DIR = new URL('../../published/', import.meta.url).pathname;

/**
 * Every contract a consumer relies on today, as the snapshot stores it: each event type's data
 * schema per version (its `$id` names the version), and each REST route's success body per API
 * version (the `/api/v1` prefix names it).
 */
export function currentContracts(): ContractSet {
  const contracts: ContractSet = {};
  for (const [type, schema] of Object.entries(EVENT_DATA_SCHEMAS)) {
    const version = /:v(\d+)$/.exec(schema.$id)?.[1] ?? '1';
    contracts[`events/${type}.v${version}.json`] = canonical(schema, true);
  }
  for (const operation of OPERATIONS) {
    if (!operation.success.schema) continue;
    const version = /^\/api\/(v\d+)\//.exec(operation.path)?.[1] ?? 'v1';
    contracts[`rest/${version}/${operation.operationId}.${operation.success.status}.json`] = canonical(operation.success.schema, true);
  }
  return contracts;
}

/** The committed snapshot (every `.json` under `dir`). */
export function readPublished(dir = PUBLISHED_DIR): ContractSet {
  const contracts: ContractSet = {};
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) contracts[relative(dir, path)] = JSON.parse(readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return contracts;
}

/**
 * The breaking changes from a published set to a current one (a field that becomes required
 * breaks events, not REST responses: see CompareOptions). A published contract must stay
 * (a version is retired only by removing it from the snapshot on purpose) and stay compatible;
 * a contract the snapshot lacks is new (a new type, or v2 beside v1) and breaks nothing.
 *
 *   compatibilityBreaks(readPublished(), currentContracts())   // [] when CI may pass
 */
export function compatibilityBreaks(published: ContractSet, current: ContractSet): ContractBreak[] {
  return Object.entries(published).flatMap(([contract, schema]) => {
    if (!(contract in current)) return [{ contract, path: '/', message: 'published contract removed' }];
    const options = { newRequiredBreaks: contract.startsWith('events/') };
    return breakingChanges(schema, current[contract], options).map((change) => ({ contract, ...change }));
  });
}
