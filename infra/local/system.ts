import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { assertPortFree, LocalIssuer, launchService, startEmulator, startPostgres, type LaunchedService } from '@episodic/testing';
import { TOPOLOGY } from '../topology.ts';
import { provisionAuditLogin } from './audit-login.ts';
import { serviceSpecs, type ServicePorts } from './services.ts';
import { SEED_EPISODES } from './seed-episodes.ts';
import { DATABASES, LOCAL_CLIENT_ID } from './settings.ts';

/** The setting that moves each port, named in the error when one is taken. */
const PORT_SETTINGS: Record<string, string> = { gateway: 'GATEWAY_PORT', catalog: 'CATALOG_PORT', media: 'MEDIA_PORT', processing: 'PROCESSING_PORT', audit: 'AUDIT_PORT', 'the token issuer': 'ISSUER_PORT' };

export interface SystemOptions {
  repoRoot: string;
  /** Persistent state folder; undefined = throwaway state (tests). */
  dataDir: string | undefined;
  ports: ServicePorts & { issuer: number; emulator: number; postgres: number };
  logLevel: string;
  seed: boolean;
  /** Every line a child service logs. */
  onServiceLog?: (service: string, line: string) => void;
  logger?: Logger;
}

export interface RunningSystem {
  gatewayUrl: string;
  issuer: LocalIssuer;
  emulatorUrl: string;
  postgresUrl: (database: string) => string;
  services: Record<string, LaunchedService>;
  stop(): Promise<void>;
}

/**
 * Boots the whole system on one machine the way `npm start` does: embedded PostgreSQL with
 * one database per service, the SNS/SQS/S3 emulator with the topology applied, migrations,
 * the local token issuer, each service as its own child process, and the seed data once.
 * The e2e tests boot it the same way.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const log = options.logger ?? createLogger({ name: 'local', level: options.logLevel });
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (stack.length > 0) await stack.pop()!().catch((error: unknown) => log.warn({ err: error }, 'stop step failed'));
  };
  const state = (name: string) => (options.dataDir ? join(options.dataDir, name) : undefined);
  try {
    const { gateway, catalog, media, processing, audit, issuer: issuerPort } = options.ports;
    for (const [name, port] of Object.entries({ gateway, catalog, media, processing, audit, 'the token issuer': issuerPort })) {
      await assertPortFree(port, '127.0.0.1', `${name} (${PORT_SETTINGS[name]})`);
    }
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const postgres = await startPostgres({ port: options.ports.postgres, dataDir: state('postgres'), logger: log });
    stack.push(() => postgres.stop());
    for (const database of Object.values(DATABASES)) await postgres.ensureDatabase(database);

    const emulator = await startEmulator({ port: options.ports.emulator, dataDir: state('emulator') });
    stack.push(() => emulator.stop());
    const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
    await applyTopology(TOPOLOGY, aws);

    for (const [service, database] of Object.entries(DATABASES)) {
      const sequelize = createSequelize({ url: postgres.url(database), logger: log, poolMax: 1 });
      try {
        const applied = await migrateUp(sequelize, join(options.repoRoot, 'migrations', service));
        if (applied.length > 0) log.info({ service, applied }, 'migrations applied');
      } finally {
        await sequelize.close();
      }
    }
    await provisionAuditLogin(postgres.url(DATABASES.audit), log);

    const issuer = await LocalIssuer.start({ port: options.ports.issuer, clientId: LOCAL_CLIENT_ID, keyFile: state('issuer.json') });
    stack.push(() => issuer.close());

    const specs = serviceSpecs(options.repoRoot, options.ports, {
      postgresUrl: (database) => postgres.url(database),
      emulator: emulator.endpoint,
      issuer: issuer.issuer,
      jwksUrl: issuer.jwksUrl,
    }, options.logLevel, randomBytes(32).toString('base64url'));
    const services: Record<string, LaunchedService> = {};
    const launch = async (spec: (typeof specs)[number]) => {
      const service = await launchService({
        name: spec.name,
        entry: spec.entry,
        env: spec.env,
        readyUrl: readyUrlOf(spec, options.ports),
        // Four start at once: on a busy 2-core machine one may take this long (quiet: about 3 s).
        timeoutMs: 45_000,
        onLog: (line) => options.onServiceLog?.(spec.name, line),
      });
      services[spec.name] = service;
      stack.push(async () => void (await service.stop()));
    };
    // The four services behind the gateway start together (none needs another to boot); the
    // gateway last, since its readiness checks theirs.
    const launched = await Promise.allSettled(specs.filter((spec) => spec.name !== 'gateway').map(launch));
    const failed = launched.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    await launch(specs.find((spec) => spec.name === 'gateway')!);
    const gatewayUrl = `http://localhost:${options.ports.gateway}`;
    if (options.seed) await seedOnce(gatewayUrl, issuer, options.dataDir, log);
    return { gatewayUrl, issuer, emulatorUrl: emulator.endpoint, postgresUrl: (db) => postgres.url(db), services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Where a service says it is ready: its /ready, but the gateway's lives on its admin listener
 * (without one, its /health: the services it checks are ready already).
 */
function readyUrlOf(spec: { name: string; port: number }, ports: ServicePorts): string {
  if (spec.name !== 'gateway') return `http://127.0.0.1:${spec.port}/ready`;
  return ports.gatewayAdmin === undefined ? `http://127.0.0.1:${spec.port}/health` : `http://127.0.0.1:${ports.gatewayAdmin}/ready`;
}

/** Loads the sample episodes through the API (so they are audited like any write), once per data folder. */
async function seedOnce(gatewayUrl: string, issuer: LocalIssuer, dataDir: string | undefined, log: Logger): Promise<void> {
  const marker = dataDir ? join(dataDir, 'seeded') : undefined;
  if (marker && existsSync(marker)) return;
  const token = await issuer.sign({ role: 'admin', sub: 'seed-loader', username: 'seed-loader' });
  for (const episode of SEED_EPISODES) {
    const response = await fetch(`${gatewayUrl}/api/v1/episodes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': 'episodic-seed' },
      body: JSON.stringify(episode),
    });
    if (response.status !== 201 && response.status !== 409) {
      throw new Error(`seeding failed: POST /api/v1/episodes answered ${response.status}: ${await response.text()}`);
    }
  }
  if (marker) writeFileSync(marker, new Date().toISOString());
  log.info({ episodes: SEED_EPISODES.length }, 'seed episodes loaded');
}
