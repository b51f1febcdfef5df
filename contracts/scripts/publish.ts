/*
 * Records the current contracts as the published snapshot (`contracts/published/`):
 *   npm run contracts:publish
 * Run it after an additive change, or after adding a new version. A breaking change to a
 * published version fails `npm test` until it becomes a new version; overwriting the snapshot
 * to hide one is a decision the diff of `contracts/published/` shows to reviewers.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compatibilityBreaks, currentContracts, PUBLISHED_DIR, readPublished } from '../src/compatibility/published-contracts.ts';

const current = currentContracts();
const breaks = compatibilityBreaks(readPublished(), current);
for (const change of breaks) console.warn(`breaking: ${change.contract} ${change.path}: ${change.message}`);
if (breaks.length > 0 && !process.argv.includes('--accept-breaking')) {
  console.error('Not written: make these a new version, or pass --accept-breaking to record them anyway.');
  process.exit(1);
}
rmSync(PUBLISHED_DIR, { recursive: true, force: true });
for (const [name, schema] of Object.entries(current)) {
  const file = join(PUBLISHED_DIR, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(`${Object.keys(current).length} contracts written to ${PUBLISHED_DIR}`);
