/**
 * `npm run audit:deps`: npm audit of the production dependencies, failing on a high or critical
 * advisory; where the advisory endpoint answers 405 or cannot be reached it says it could not
 * check and exits 0 (docs/SECURITY.md, supply chain).
 */
import { spawnSync } from 'node:child_process';
import { auditVerdict } from './audit-verdict.ts';

const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8', timeout: 120_000 });
const verdict = auditVerdict({ status: run.status, stdout: run.stdout ?? '' });
(verdict.exitCode === 0 ? console.log : console.error)(verdict.message);
process.exit(verdict.exitCode);
