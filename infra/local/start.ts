/**
 * `npm start`: the whole of Episodic on this machine, with nothing else installed.
 * Ctrl-C stops the services, the issuer, the emulator and PostgreSQL, in that order.
 */
import { ConfigError } from '@episodic/core';
import { formatLogLine } from './log-format.ts';
import { readLocalSettings, type LocalSettings } from './settings.ts';
import { startSystem } from './system.ts';

const started = Date.now();
let settings: LocalSettings;
try {
  settings = readLocalSettings();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const color = process.stdout.isTTY;
console.log(`Starting Episodic: the gateway will be at http://localhost:${settings.GATEWAY_PORT} (data in ${settings.dataDir})`);
let interrupted = false;
const interruptDuringBoot = () => {
  interrupted = true;
};
process.once('SIGINT', interruptDuringBoot);
process.once('SIGTERM', interruptDuringBoot);
try {
  const system = await startSystem({
    repoRoot: settings.repoRoot,
    dataDir: settings.dataDir,
    logLevel: settings.LOG_LEVEL,
    seed: settings.EPISODIC_SEED,
    ports: {
      gateway: settings.GATEWAY_PORT,
      gatewayAdmin: settings.GATEWAY_ADMIN_PORT,
      catalog: settings.CATALOG_PORT,
      media: settings.MEDIA_PORT,
      processing: settings.PROCESSING_PORT,
      audit: settings.AUDIT_PORT,
      issuer: settings.ISSUER_PORT,
      emulator: settings.EMULATOR_PORT,
      postgres: settings.POSTGRES_PORT,
    },
    onServiceLog: (service, line) => console.log(formatLogLine(service, line, color)),
  });
  process.off('SIGINT', interruptDuringBoot);
  process.off('SIGTERM', interruptDuringBoot);
  if (interrupted) {
    await system.stop();
    process.exit(130);
  }
  await printBanner(system.gatewayUrl, system.issuer, Date.now() - started);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Episodic...');
    await system.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  fail((error as Error).message);
}

async function printBanner(gatewayUrl: string, issuer: { sign(o: { role: 'admin' | 'editor' | 'viewer' }): Promise<string> }, elapsedMs: number) {
  const tokens = {
    admin: await issuer.sign({ role: 'admin' }),
    editor: await issuer.sign({ role: 'editor' }),
    viewer: await issuer.sign({ role: 'viewer' }),
  };
  const lines = [
    '',
    `Episodic is running (ready in ${(elapsedMs / 1000).toFixed(1)} s)`,
    '',
    `  Gateway   ${gatewayUrl}`,
    `  API docs  ${gatewayUrl}/docs`,
    `  OpenAPI   ${gatewayUrl}/api/v1/openapi.json`,
    `  Data      ${settings.dataDir}`,
    '',
    'Tokens (valid 1 h; `npm run token -- --role editor` prints a fresh one):',
    `  export ADMIN_TOKEN=${tokens.admin}`,
    `  export EDITOR_TOKEN=${tokens.editor}`,
    `  export VIEWER_TOKEN=${tokens.viewer}`,
    '',
    'Try:',
    `  curl -s ${gatewayUrl}/api/v1/episodes -H "Authorization: Bearer $VIEWER_TOKEN"`,
    `  curl -s -X POST ${gatewayUrl}/api/v1/episodes -H "Authorization: Bearer $EDITOR_TOKEN" -H 'Content-Type: application/json' \\`,
    `       -d '{"show_name":"Harbor Lights","season_number":2,"episode_number":1,"episode_title":"Slack Water"}'`,
    `  curl -s "${gatewayUrl}/api/v1/audit/activity?limit=5" -H "Authorization: Bearer $ADMIN_TOKEN"`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}

function fail(message: string): never {
  console.error(`npm start failed: ${message}`);
  process.exit(1);
}
