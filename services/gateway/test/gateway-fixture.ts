import type { Server } from 'node:http';
import { createLogger } from '@episodic/core';
import { closeServer, listen } from '@episodic/http';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { TEST_GATEWAY_CONTEXT, testEnvironment, type TestEnvironment } from '@episodic/testing';
import { readGatewayConfig } from '../src/config.ts';
import { createGateway, type Gateway } from '../src/gateway.ts';
import type { UpstreamName } from '../src/routing/upstream-routes.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';

export type Caller = 'admin' | 'editor' | 'viewer' | 'system' | 'nobody';

/** A gateway running in-process on a free port, with echo services behind it. */
export interface RunningGateway {
  url: string;
  /** The admin listener: /ready and /metrics. */
  adminUrl: string;
  env: TestEnvironment;
  gateway: Gateway;
  echo: Partial<Record<UpstreamName, EchoUpstream>>;
  /** A real token from the test issuer for a caller ('nobody': a token without any role). */
  token(caller: Caller): Promise<string>;
  /** fetch() against the gateway, as `caller` when given. */
  call(path: string, init?: RequestInit & { as?: Caller }): Promise<Response>;
  close(): Promise<void>;
}

export interface GatewayFixtureOptions {
  /** Services to start echo stand-ins for (default catalog and audit). */
  services?: UpstreamName[];
  /** Extra or overriding environment settings of the gateway. */
  env?: Record<string, string>;
}

/**
 * Starts echo services and the gateway, configured as main.ts would configure it (through
 * readGatewayConfig), against the shared test issuer and emulator.
 */
export async function startGateway(options: GatewayFixtureOptions = {}): Promise<RunningGateway> {
  const env = await testEnvironment();
  const echo: Partial<Record<UpstreamName, EchoUpstream>> = {};
  for (const name of options.services ?? ['catalog', 'audit']) echo[name] = await startEchoUpstream(name);
  const config = readGatewayConfig({
    CATALOG_URL: echo.catalog?.url ?? 'http://127.0.0.1:9',
    AUDIT_URL: echo.audit?.url ?? 'http://127.0.0.1:9',
    ...(echo.media ? { MEDIA_URL: echo.media.url } : {}),
    ...(echo.processing ? { PROCESSING_URL: echo.processing.url } : {}),
    COGNITO_ISSUER: env.issuer.issuer,
    COGNITO_JWKS_URL: env.issuer.jwksUrl,
    COGNITO_CLIENT_IDS: env.issuer.clientId,
    GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key,
    AWS_REGION: env.emulator.region,
    AWS_ENDPOINT: env.emulator.endpoint,
    AWS_ACCESS_KEY_ID: env.emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: env.emulator.credentials.secretAccessKey,
    ...options.env,
  });
  // Acknowledged access records need the topic: create the default one, as the deployment does (a test naming its own topic decides for itself).
  if (!options.env?.['GATEWAY_TOPIC']) {
    const aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
    await applyTopology({ topics: [config.GATEWAY_TOPIC], queues: [], buckets: [] }, aws);
  }
  const gateway = createGateway(config, createLogger({ name: 'gateway', level: 'silent' }));
  const { server, url } = await listen(gateway.app, 0);
  const admin = await listen(gateway.admin, 0);
  const token = (caller: Caller) => tokenFor(env, caller);
  return {
    url,
    adminUrl: admin.url,
    env,
    gateway,
    echo,
    token,
    call: async (path, init = {}) => {
      const { as, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as) headers.set('authorization', `Bearer ${await token(as)}`);
      return fetch(`${url}${path}`, { ...rest, headers });
    },
    close: async () => {
      await closeServer(admin.server);
      await stop(server, gateway, echo);
    },
  };
}

function tokenFor(env: TestEnvironment, caller: Caller): Promise<string> {
  if (caller === 'system') return env.issuer.sign({ system: true });
  if (caller === 'nobody') return env.issuer.sign({ groups: [] });
  return env.issuer.sign({ role: caller });
}

async function stop(server: Server, gateway: Gateway, echo: Partial<Record<UpstreamName, EchoUpstream>>): Promise<void> {
  server.closeAllConnections();
  await closeServer(server);
  await gateway.close(500);
  await Promise.all(Object.values(echo).map((upstream) => upstream.close()));
}
