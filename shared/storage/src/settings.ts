/**
 * The object-store settings a service reads (spread into its config spec next to AWS_SETTINGS).
 *
 *   const config = loadConfig({ ...AWS_SETTINGS, ...STORAGE_SETTINGS });
 *   const store = createObjectStore({ s3, bucket: config.S3_BUCKET, timeoutMs: config.S3_TIMEOUT_MS, publicEndpoint: config.S3_PUBLIC_ENDPOINT });
 */
export const STORAGE_SETTINGS = {
  S3_BUCKET: { type: 'string', default: 'episodic-media', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', description: 'Bucket holding thumbnails and videos.' },
  S3_TIMEOUT_MS: { type: 'integer', default: 5000, minimum: 1, description: 'Longest wait for one S3 call before it fails with 503 and counts against the circuit.' },
  S3_PUBLIC_ENDPOINT: { type: 'string', optional: true, pattern: '^https?://', description: "Endpoint that presigned URLs name, when clients reach S3 elsewhere than the service does (docker compose: the emulator's published port, http://localhost:4566); unset: the service's own." },
  S3_URL_EXPIRES_SECONDS: { type: 'integer', default: 900, minimum: 1, maximum: 604800, description: 'How long presigned download/upload URLs stay valid (S3 allows at most 7 days).' },
} as const;
