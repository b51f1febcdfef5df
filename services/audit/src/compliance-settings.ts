/** The audit service's compliance settings: the archive, anchoring and retention. */
export const COMPLIANCE_SETTINGS = {
  AUDIT_ARCHIVE_BUCKET: { type: 'string', default: 'episodic-audit-archive', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', description: 'Archive bucket (S3 Object Lock in AWS) for chain anchors and retention segments; the service needs s3:PutObject, s3:GetObject and s3:ListBucket on it.' },
  AUDIT_ARCHIVE_TIMEOUT_MS: { type: 'integer', default: 5000, minimum: 1, description: 'Longest wait for one archive (S3) call; a slower one fails the anchor, verify (503) or retention pass (nothing removed).' },
  AUDIT_ANCHOR_INTERVAL_MS: { type: 'integer', default: 60_000, minimum: 1000, description: 'How often the chain head (last id, hash, time) is written to the archive bucket when it moved; it is also written on shutdown.' },
  AUDIT_RETENTION_DAYS: { type: 'integer', optional: true, minimum: 1, description: 'Rows recorded longer ago are archived as whole segments and then removed (unless a legal hold matches them); unset: keep forever.' },
  AUDIT_RETENTION_INTERVAL_MS: { type: 'integer', default: 3_600_000, minimum: 1000, description: 'How often a retention pass runs when AUDIT_RETENTION_DAYS is set.' },
  AUDIT_SEGMENT_ROWS: { type: 'integer', default: 10_000, minimum: 1, maximum: 1_000_000, description: 'Rows per archived retention segment (the unit retention removes and legal holds keep).' },
} as const;
