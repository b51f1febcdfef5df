import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startFauxqs, type FauxqsServer, type MessageSpyParams } from 'fauxqs';
import { assertPortFree } from './ports.ts';

/**
 * The SNS/SQS/S3 emulator (fauxqs) running in this process: one endpoint for all three
 * services, any credentials accepted. Point the real AWS SDK clients at it (S3 with
 * `forcePathStyle: true`). Queue URLs look like AWS's,
 * `http://sqs.us-east-1.localhost:PORT/000000000000/<queue>`; the SDK sends requests to
 * `endpoint` anyway, because an explicit endpoint wins over the queue URL's host.
 */
export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  region: 'us-east-1';
  credentials: { accessKeyId: 'test'; secretAccessKey: 'test' };
  /** The fauxqs server: `server.spy` (when started with messageSpies), `inspectQueue(name)`, `reset()`. */
  server: FauxqsServer;
  /** Stops listening (and closes the persistence file); safe to call twice. */
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** 0 or undefined: any free port. */
  port?: number;
  /** Keeps queues, messages, topics, subscriptions and objects in SQLite here across restarts; undefined: memory only. */
  dataDir?: string;
  /**
   * Records message events so tests can await them (`server.spy.waitForMessage`) instead of
   * polling; `{ bufferSize }` keeps more than fauxqs's default 100 (oldest evicted first).
   */
  messageSpies?: boolean | MessageSpyParams;
}

const REGION = 'us-east-1';

/**
 * Starts fauxqs on all interfaces (fauxqs always binds 0.0.0.0).
 *
 *   const emulator = await startEmulator({ messageSpies: true });
 *   const sqs = new SQSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials });
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (options.port) await assertPortFree(options.port, '0.0.0.0', 'the SNS/SQS/S3 emulator');
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const server = await startFauxqs({
    port: options.port ?? 0,
    logger: false,
    defaultRegion: REGION,
    dataDir,
    messageSpies: options.messageSpies ?? false,
  });
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    server,
    stop: () => (stopping ??= server.stop()),
  };
}
