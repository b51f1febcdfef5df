/** What `npm audit --json` printed and how it exited. */
export interface AuditRun {
  status: number | null;
  stdout: string;
}

/** What `npm run audit:deps` concludes: pass, fail (a high or critical advisory), or could not check. */
export interface AuditVerdict {
  exitCode: 0 | 1;
  message: string;
}

interface AuditReport {
  statusCode?: number;
  message?: string;
  error?: { code?: string; summary?: string };
  code?: string;
  metadata?: { vulnerabilities?: Record<string, number> };
}

/** Failures of the advisory endpoint itself (not of the dependencies): an answer it cannot give here. */
const UNREACHABLE = /^(E?405|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|EAUDITNOLOCK)$/;

/**
 * Reads an `npm audit --omit=dev --audit-level=high --json` run. High or critical advisories fail;
 * an endpoint that answers 405 (the registry these machines reach has no bulk advisory API) or
 * cannot be reached is "could not check", which passes, so CI does not go red for it.
 */
export function auditVerdict(run: AuditRun): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(run.stdout || '{}') as AuditReport;
  } catch {
    return { exitCode: 1, message: `audit:deps: npm audit printed no report (exit ${run.status}); not treated as a pass` };
  }
  const code = report.error?.code ?? report.code;
  if (report.statusCode === 405 || (code !== undefined && UNREACHABLE.test(code))) {
    const why = report.statusCode === 405 ? 'the registry answered 405 to the advisory request' : `the advisory endpoint could not be reached (${code})`;
    return { exitCode: 0, message: `audit:deps: could not check: ${why}. No result either way; run it where the npm advisory API answers.` };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) return { exitCode: 1, message: `audit:deps: npm audit answered without a vulnerability summary (exit ${run.status}): ${report.message ?? report.error?.summary ?? 'unknown'}` };
  const serious = (counts['high'] ?? 0) + (counts['critical'] ?? 0);
  if (serious > 0) return { exitCode: 1, message: `audit:deps: ${counts['critical'] ?? 0} critical and ${counts['high'] ?? 0} high advisories in production dependencies (npm audit --omit=dev)` };
  return { exitCode: 0, message: `audit:deps: no high or critical advisories in production dependencies (${counts['moderate'] ?? 0} moderate, ${counts['low'] ?? 0} low)` };
}
