import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { ObjectStore } from '@episodic/storage';

/**
 * A scratch folder for one job attempt, holding its downloaded video; removed afterwards
 * whatever happened.
 *
 *   await inWorkspace(store, key, (file) => tools.probe(file));
 */
export async function inWorkspace<T>(store: ObjectStore, videoKey: string, work: (file: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'episodic-job-'));
  try {
    const file = join(folder, `video${extname(videoKey) || '.bin'}`);
    await store.download(videoKey, file);
    return await work(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
