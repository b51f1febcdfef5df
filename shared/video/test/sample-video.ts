// The generated clips the video tests share: made once per test process, removed when it exits.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AppError } from '@episodic/core';
import { generateTestVideo } from '@episodic/testing';

/** A folder for this process's videos; file names carry a UUID so `pgrep -f` finds only our tools. */
export const videoDir = mkdtempSync(join(tmpdir(), 'episodic-video-'));
process.once('exit', () => rmSync(videoDir, { recursive: true, force: true }));

/** A path in the test folder no other test process uses. */
export function uniquePath(label: string): string {
  return join(videoDir, `${label}-${randomUUID()}.mp4`);
}

let episode: Promise<string> | undefined;

/** The 30 s, 640×360, 10 fps clip of `generateTestVideo` (black from 20 to 24 s), generated on first use. */
export function episodeVideo(): Promise<string> {
  episode ??= (async () => {
    const file = uniquePath('episode');
    await generateTestVideo(file);
    return file;
  })();
  return episode;
}

/** The AppError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'expected a rejection with an AppError').to.be.instanceOf(AppError);
  return error as AppError;
}
