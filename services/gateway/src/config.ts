import { loadConfig, type ConfigOf } from '@episodic/core';
import { COGNITO_SETTINGS } from '@episodic/auth';
import { GATEWAY_CONTEXT_SETTINGS } from '@episodic/http';
import { AWS_SETTINGS } from '@episodic/messaging';
import { TRACING_SETTINGS } from '@episodic/tracing';
import { ACCESS_MODES } from './access/access-modes.ts';

/**
 * Every setting the gateway reads from its environment. The README's configuration table is
 * generated from these descriptions, so each says what the setting is for and when to change it.
 */
export const GATEWAY_CONFIG = {
  ...AWS_SETTINGS,
  ...COGNITO_SETTINGS,
  ...GATEWAY_CONTEXT_SETTINGS,
  ...TRACING_SETTINGS,
  PORT: { type: 'integer', default: 3000, minimum: 0, maximum: 65535, description: 'TCP port of the public REST API (0 picks a free port).' },
  HOST: { type: 'string', default: '127.0.0.1', description: 'Interface to listen on; 0.0.0.0 in a container so the load balancer can reach it.' },
  LOG_LEVEL: { type: 'string', default: 'info', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], description: 'Minimum level of the JSON log lines written to stdout.' },
  CATALOG_URL: { type: 'string', pattern: '^https?://', description: 'Base URL of the catalog service (episodes and metadata), e.g. http://127.0.0.1:3001.' },
  AUDIT_URL: { type: 'string', pattern: '^https?://', description: 'Base URL of the audit service (activity reports), e.g. http://127.0.0.1:3002.' },
  MEDIA_URL: { type: 'string', optional: true, pattern: '^https?://', description: 'Base URL of the media service (thumbnails); unset, thumbnail routes answer 503 "not configured".' },
  PROCESSING_URL: { type: 'string', optional: true, pattern: '^https?://', description: 'Base URL of the processing service (jobs, video upload); unset, those routes answer 503 "not configured".' },
  UPSTREAM_TIMEOUT_MS: { type: 'integer', default: 10_000, minimum: 1, description: 'How long the gateway waits for a service to start answering (and between body chunks) before answering 504.' },
  UPSTREAM_CONNECTIONS: { type: 'integer', default: 64, minimum: 1, description: 'Keep-alive connections the gateway may open to each service.' },
  GATEWAY_MAX_BODY_BYTES: { type: 'integer', default: 1_048_576, minimum: 0, description: 'Largest request body (bytes) the gateway forwards for JSON and other non-upload requests; larger ones get 413.' },
  GATEWAY_MAX_UPLOAD_BYTES: { type: 'integer', default: 20_971_520, minimum: 0, description: 'Largest multipart/form-data body (bytes), i.e. a thumbnail upload, the gateway forwards; larger ones get 413.' },
  GATEWAY_TRUSTED_PROXIES: { type: 'integer', default: 0, minimum: 0, description: 'Proxies in front of the gateway (e.g. 1 behind an ALB) whose X-Forwarded-For entries are trusted; 0 trusts none and uses the socket address as the client ip.' },
  GATEWAY_TOPIC: { type: 'string', default: 'gateway-events', description: 'SNS topic (name) the gateway publishes access.recorded events to.' },
  AUDIT_ACCESS_MODE: { type: 'string', default: 'acknowledged', enum: ACCESS_MODES, description: 'acknowledged: a request is answered only once SNS accepted its access record (group-committed; a read that cannot be recorded within GATEWAY_ACCESS_ACK_TIMEOUT_MS answers 503). best-effort: records are queued in memory and published after the answer; losses show as audit-gap rows.' },
  GATEWAY_ACCESS_ACK_TIMEOUT_MS: { type: 'integer', default: 2000, minimum: 1, description: 'Acknowledged mode: how long a request waits for SNS to accept its access record before a read answers 503 (a write answers, its record left to the retry queue).' },
  GATEWAY_ACCESS_BATCH_WINDOW_MS: { type: 'integer', default: 0, minimum: 0, maximum: 1000, description: 'Acknowledged mode: how long a record waits for others to share its PublishBatch (up to 10 per batch; a full batch goes at once). 0: records of the same event-loop turn go together, and those arriving while GATEWAY_ACCESS_BATCHES_IN_FLIGHT calls are out go together when one returns.' },
  GATEWAY_ACCESS_BATCHES_IN_FLIGHT: { type: 'integer', default: 4, minimum: 1, maximum: 64, description: 'Acknowledged mode: PublishBatch calls out at once. Fewer fill batches better (less CPU per record); more keep reads flowing when SNS answers slowly (at most this × 10 records per SNS round trip).' },
  GATEWAY_ACCESS_BUFFER: { type: 'integer', default: 10_000, minimum: 1, description: 'access.recorded events held in memory while SNS is unreachable; beyond it new ones are dropped (and logged).' },
  PUBLIC_URL: { type: 'string', optional: true, pattern: '^https?://', description: 'URL clients use to reach the gateway, put in the OpenAPI servers list; unset, the first request\'s origin is used.' },
  GATEWAY_ADMIN_PORT: { type: 'integer', optional: true, minimum: 0, maximum: 65535, description: 'Port of the admin listener serving /ready and /metrics (never on the public port); unset, there is none. `npm start` uses 3010.' },
  GATEWAY_ADMIN_HOST: { type: 'string', default: '127.0.0.1', description: 'Interface of the admin listener; loopback keeps /ready and /metrics off the network (a sidecar or the host scrapes them).' },
  CORS_ORIGINS: { type: 'string', default: '', pattern: '^(\\*|https?://[^,\\s/]+(,\\s*https?://[^,\\s/]+)*)?$', description: 'Browser origins (comma-separated, e.g. https://tools.example.com) allowed to call the API; `*` allows any origin; empty (the default) allows none.' },
  CORS_ALLOW_CREDENTIALS: { type: 'boolean', default: false, description: 'Let browsers send credentials (cookies) cross-origin; refused at boot together with CORS_ORIGINS=*. Bearer tokens do not need it.' },
  GATEWAY_RATE_LIMITS: { type: 'string', default: 'anonymous=10/30,viewer=50/100,editor=50/100,admin=50/100,system=200/400', pattern: '^(anonymous|viewer|editor|admin|system)=\\d+(\\.\\d+)?/\\d+(,(anonymous|viewer|editor|admin|system)=\\d+(\\.\\d+)?/\\d+)*$', description: 'Token buckets per caller, `role=<requests per second>/<burst>`: one bucket per user or client id (its most generous role), `anonymous` one per ip for requests without a valid token. Roles left out keep their default. Per gateway instance.' },
  GATEWAY_RATE_LIMIT_CALLERS: { type: 'integer', default: 100_000, minimum: 1, description: 'Buckets (callers) the rate limiter remembers; beyond it the least recently seen is forgotten (it starts full again).' },
  SNS_TOPIC_ARN_PREFIX: { type: 'string', default: 'arn:aws:sns:us-east-1:000000000000:', description: 'Topic ARN without the topic name (arn:aws:sns:<region>:<account>:).' },
} as const;

export type GatewayConfig = ConfigOf<typeof GATEWAY_CONFIG>;

/** Reads and validates the gateway's settings; a bad value stops the process naming the variable. */
export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig(GATEWAY_CONFIG, env);
}
