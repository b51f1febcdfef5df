/**
 * Verifies an exported segment offline, without the database: `npm run audit:verify -- FILE`.
 * FILE is JSON Lines of activity rows in id order (a retention segment from the archive bucket);
 * when FILE.manifest.json (or segments/…manifest.json beside it) exists, the file's SHA-256, row
 * count and first/last hashes are checked against it too. Exits 0 when valid, 1 when not.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { toActivity, type ActivityRow } from './data/activity-row.ts';
import type { SegmentManifest } from './data/archive.ts';
import { verifyChain } from './domain/verification.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run audit:verify -- FILE.jsonl');
  process.exit(2);
}

const manifestPath = [`${file}.manifest.json`, file.replace(/\.jsonl$/, '.manifest.json')].find((path) => path !== file && existsSync(path));
const manifest = manifestPath ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as SegmentManifest) : undefined;
const sha = createHash('sha256');
let firstPrevHash: string | null | undefined;

/** Rows one line at a time (constant memory), hashing the raw bytes for the manifest check. */
async function* rows(): AsyncGenerator<ActivityRow> {
  const input = createReadStream(file!);
  input.on('data', (chunk) => sha.update(chunk));
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const row = toActivity(JSON.parse(line) as Record<string, unknown>);
    if (firstPrevHash === undefined) firstPrevHash = row.prev_hash;
    yield row;
  }
}

const iterator = rows();
const first = await iterator.next();
async function* all(): AsyncGenerator<ActivityRow> {
  if (!first.done) yield first.value;
  yield* iterator;
}
const start = manifest ? manifest.first_prev_hash : (firstPrevHash ?? null);
const verdict = await verifyChain(all(), { startPrevHash: start });
const problems: string[] = [];
if (!verdict.valid) problems.push(`chain broken at id ${verdict.first_broken_id}: ${verdict.reason}`);
if (manifest) {
  const digest = sha.digest('hex');
  if (digest !== manifest.sha256) problems.push(`SHA-256 ${digest} differs from the manifest's ${manifest.sha256}`);
  if (verdict.rows !== manifest.row_count) problems.push(`${verdict.rows} rows, the manifest says ${manifest.row_count}`);
  if (verdict.valid && verdict.last_hash !== manifest.last_hash) problems.push("the last row's hash differs from the manifest's last_hash");
}
console.log(JSON.stringify({ file, manifest: manifestPath ?? null, valid: problems.length === 0, rows: verdict.rows, first_broken_id: verdict.first_broken_id, last_id: verdict.last_id, last_hash: verdict.last_hash, problems }, null, 2));
process.exit(problems.length === 0 ? 0 : 1);
