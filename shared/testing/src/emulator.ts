import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildApp, type FauxqsServer, type MessageSpyParams } from 'fauxqs';
import { fauxqsParts } from './fauxqs-parts.ts';
import { addMultipartListing } from './multipart-listing.ts';
import { assertPortFree } from './ports.ts';

/** What tests use of the running emulator. */
export type EmulatorServer = Pick<FauxqsServer, 'port' | 'address' | 'spy' | 'inspectQueue' | 'stop'>;

/**
 * The SNS/SQS/S3 emulator (fauxqs) running in this process: one endpoint for all three
 * services, any credentials accepted. Point the real AWS SDK clients at it (S3 with
 * `forcePathStyle: true`). Queue URLs look like AWS's,
 * `http://sqs.us-east-1.localhost:PORT/000000000000/<queue>`; the SDK sends requests to
 * `endpoint` anyway, because an explicit endpoint wins over the queue URL's host.
 * Besides fauxqs's own S3 operations it answers ListParts and ListMultipartUploads
 * (see `addMultipartListing`), so resumable multipart uploads run locally as on S3.
 */
export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  region: 'us-east-1';
  credentials: { accessKeyId: 'test'; secretAccessKey: 'test' };
  /** `server.spy` (when started with messageSpies), `inspectQueue(name)`. */
  server: EmulatorServer;
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
 * Starts fauxqs on all interfaces (fauxqs always binds 0.0.0.0), wired as fauxqs's own
 * `startFauxqs` wires it (stores, SQLite persistence, message spies) plus the two listing
 * operations in front of its S3 router.
 *
 *   const emulator = await startEmulator({ messageSpies: true });
 *   const sqs = new SQSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials });
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (options.port) await assertPortFree(options.port, '0.0.0.0', 'the SNS/SQS/S3 emulator');
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const parts = await fauxqsParts();
  const sqsStore = new parts.SqsStore();
  const snsStore = new parts.SnsStore();
  const s3Store = new parts.S3Store();
  const persistence = dataDir ? new parts.PersistenceManager(dataDir) : undefined;
  if (persistence) {
    // Loaded before the stores know their persistence, so loading does not write everything back.
    persistence.load(sqsStore, snsStore, s3Store);
    sqsStore.persistence = persistence;
    snsStore.persistence = persistence;
    s3Store.persistence = persistence;
    for (const queue of sqsStore.allQueues()) queue.persistence = persistence;
  }
  const spy = options.messageSpies ? new parts.MessageSpy(typeof options.messageSpies === 'object' ? options.messageSpies : undefined) : undefined;
  if (spy) {
    sqsStore.spy = spy;
    snsStore.spy = spy;
    s3Store.spy = spy;
  }
  const app = buildApp({ logger: false, defaultRegion: REGION, stores: { sqsStore, snsStore, s3Store } as never });
  addMultipartListing(app, s3Store);
  if (persistence) app.addHook('preClose', () => persistence.close());
  const address = await app.listen({ port: options.port ?? 0, host: '0.0.0.0' });
  const port = Number(new URL(address).port);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= app.close());
  const server: EmulatorServer = {
    port,
    address,
    get spy() {
      if (!spy) throw new Error('Message spies are off: start the emulator with { messageSpies: true }.');
      return spy;
    },
    inspectQueue: (name) => (sqsStore as unknown as Pick<FauxqsServer, 'inspectQueue'>).inspectQueue(name),
    stop,
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    server,
    stop,
  };
}
