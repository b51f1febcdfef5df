import type { Logger } from '@episodic/core';
import { createSequelize } from '@episodic/db';
import { ensureServiceLogin, urlAs } from '@episodic/audit/service-login';

/**
 * The audit service's own database login on the local cluster: a member of the writer role that
 * migrations/audit/04 creates, so it may only INSERT and SELECT the log. Local only; in AWS the
 * login and its password come from a secret.
 */
export const AUDIT_SERVICE_LOGIN = { user: 'episodic_audit_service', password: 'episodic-audit-local' } as const;

/** Creates the login (after audit's migrations, as the owner) and returns the URL audit connects with. */
export async function provisionAuditLogin(ownerUrl: string, logger: Logger): Promise<string> {
  const owner = createSequelize({ url: ownerUrl, logger, poolMax: 1 });
  try {
    await ensureServiceLogin(owner, AUDIT_SERVICE_LOGIN);
  } finally {
    await owner.close();
  }
  return auditServiceUrl(ownerUrl);
}

/** The audit database URL with the service's own credentials. */
export function auditServiceUrl(ownerUrl: string): string {
  return urlAs(ownerUrl, AUDIT_SERVICE_LOGIN);
}
