// fauxqs's store classes are not exported; buildApp({ stores }) takes them, so they are loaded
// from the files beside its entry point. The types below are only what this package reads.
import type { FauxqsServer, MessageSpyParams } from 'fauxqs';

/** One part of an unfinished multipart upload, as fauxqs keeps it. */
export interface StoredPart {
  partNumber: number;
  body: Buffer;
  etag: string;
  lastModified: Date;
}

/** An unfinished multipart upload in fauxqs's S3 store. */
export interface StoredUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  parts: Map<number, StoredPart>;
}

/** The part of fauxqs's S3Store that ListParts and ListMultipartUploads read. */
export interface S3StoreView {
  multipartUploads: Map<string, StoredUpload>;
  multipartUploadsByBucket: Map<string, Set<string>>;
  buckets: Map<string, unknown>;
  persistence?: unknown;
  spy?: unknown;
}

interface QueueView {
  persistence?: unknown;
}

/** fauxqs's stores and helpers, constructed as its own startFauxqs does. */
export interface FauxqsParts {
  SqsStore: new () => { persistence?: unknown; spy?: unknown; allQueues(): Iterable<QueueView> };
  SnsStore: new () => { persistence?: unknown; spy?: unknown };
  S3Store: new () => S3StoreView;
  MessageSpy: new (params?: MessageSpyParams) => FauxqsServer['spy'];
  PersistenceManager: new (dataDir: string) => { load(sqs: unknown, sns: unknown, s3: unknown): void; close(): void };
}

const entry = import.meta.resolve('fauxqs');
const load = async <T>(path: string, name: string): Promise<T> => ((await import(new URL(path, entry).href)) as Record<string, T>)[name]!;

/** Loads the classes once; fauxqs 2.4's file layout (checked by the emulator's tests). */
export async function fauxqsParts(): Promise<FauxqsParts> {
  return {
    SqsStore: await load('./sqs/sqsStore.js', 'SqsStore'),
    SnsStore: await load('./sns/snsStore.js', 'SnsStore'),
    S3Store: await load('./s3/s3Store.js', 'S3Store'),
    MessageSpy: await load('./spy.js', 'MessageSpy'),
    PersistenceManager: await load('./persistence.js', 'PersistenceManager'),
  };
}
