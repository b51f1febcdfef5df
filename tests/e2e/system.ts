import { resolve } from 'node:path';
import { freePort } from '@episodic/testing';
import { startSystem, type RunningSystem } from '../../infra/local/system.ts';

/** The running system and the ports it was given (to call a service behind the gateway directly). */
export type BootedSystem = RunningSystem & { ports: Awaited<ReturnType<typeof freePorts>> };

/** A free port for each of the system's listeners. */
export async function freePorts() {
  return {
    gateway: await freePort(),
    gatewayAdmin: await freePort(),
    catalog: await freePort(),
    media: await freePort(),
    processing: await freePort(),
    audit: await freePort(),
    issuer: await freePort(),
    emulator: await freePort(),
    postgres: await freePort(),
  };
}

/** Boots the whole system the way `npm start` does, on free ports, with throwaway state. */
export async function bootSystem(): Promise<BootedSystem> {
  const ports = await freePorts();
  const system = await startSystem({
    repoRoot: resolve(import.meta.dirname, '../..'),
    dataDir: undefined,
    ports,
    logLevel: process.env['TEST_LOG_LEVEL'] ?? 'warn',
    seed: false,
    onServiceLog: process.env['TEST_LOG_LEVEL'] ? (service, line) => console.log(service, line) : undefined,
  });
  return { ...system, ports };
}

export type Role = 'admin' | 'editor' | 'viewer' | 'system';

/** A token for each role, signed by the system's issuer (users `<role>-e2e`; system is a machine client). */
export async function roleTokens(system: RunningSystem): Promise<Record<Role, string>> {
  const user = (role: 'admin' | 'editor' | 'viewer') => system.issuer.sign({ role, sub: `${role}-e2e`, username: `${role}-e2e` });
  return { admin: await user('admin'), editor: await user('editor'), viewer: await user('viewer'), system: await system.issuer.sign({ system: true }) };
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** A call through the gateway with a bearer token (or none). */
export async function call(system: RunningSystem, method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`${system.gatewayUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text, headers: response.headers };
}
