import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { auditVerdict } from '../../infra/supply-chain/audit-verdict.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const REGISTRY = 'https://registry.npmjs.org/';

interface LockEntry {
  resolved?: string;
  integrity?: string;
  link?: boolean;
  inBundle?: boolean;
}

describe('supply chain: the lockfile and npm audit', function () {
  this.timeout(60_000);
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  /** Installed packages: not the root, not a workspace or its link, not bundled inside another package's tarball. */
  const installed = Object.entries(lock.packages).filter(([path, entry]) => path.includes('node_modules/') && !entry.link && !entry.inBundle);

  it('When lockfile-lint checks package-lock.json, then every resolved URL is on the npm registry over https with a matching name', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'lockfile-lint', 'bin', 'lockfile-lint.js'),
      '--path', 'package-lock.json', '--type', 'npm', '--allowed-hosts', 'npm', '--validate-https', '--validate-package-names', '--validate-integrity', '--empty-hostname', 'false'],
    { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).to.equal(0);
  });

  it('When any installed package is in the lockfile, then it has a sha512 integrity hash, and any resolved URL is the one registry', () => {
    expect(installed.length).to.be.greaterThan(100);
    expect(installed.filter(([, entry]) => !entry.integrity?.startsWith('sha512-')).map(([path]) => path)).to.deep.equal([]);
    expect(installed.filter(([, entry]) => entry.resolved !== undefined && !entry.resolved.startsWith(REGISTRY)).map(([path]) => path)).to.deep.equal([]);
  });

  it('When npm installs in this repo, then .npmrc names that one registry over https', () => {
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).to.match(/^registry=https:\/\/registry\.npmjs\.org\/$/m);
  });

  it('When the advisory endpoint answers 405 or cannot be reached, then audit:deps says it could not check and passes', () => {
    const refused = auditVerdict({ status: 1, stdout: JSON.stringify({ statusCode: 405, message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' }) });
    expect(refused).to.include({ exitCode: 0 }).and.to.have.property('message').that.contains('could not check');
    expect(auditVerdict({ status: 1, stdout: JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND' } }) }).exitCode).to.equal(0);
  });

  it('When npm audit reports a high or critical advisory, then audit:deps fails; moderate ones alone pass', () => {
    const report = (vulnerabilities: Record<string, number>) => ({ status: 1, stdout: JSON.stringify({ metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...vulnerabilities } } }) });
    expect(auditVerdict(report({ high: 1 })).exitCode).to.equal(1);
    expect(auditVerdict(report({ critical: 2 })).exitCode).to.equal(1);
    expect(auditVerdict(report({ moderate: 3 })).exitCode).to.equal(0);
    expect(auditVerdict({ status: 1, stdout: 'not json' }).exitCode, 'no report is not a pass').to.equal(1);
  });

  it('When audit:deps runs here, then it exits 0 and says what it found or that it could not check', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'infra', 'supply-chain', 'audit-deps.ts')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.match(/audit:deps: (could not check|no high or critical)/);
  });
});
