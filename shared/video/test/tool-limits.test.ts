import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { copyFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { videoTools } from '../src/index.ts';
import { episodeVideo, rejection, uniquePath } from './sample-video.ts';

const run = promisify(execFile);

/** Processes whose command line mentions `name` (pgrep exits 1 when there are none). */
async function processesMentioning(name: string): Promise<string[]> {
  try {
    const { stdout } = await run('pgrep', ['-f', name]);
    return stdout.split('\n').filter(Boolean);
  } catch (error) {
    if ((error as { code?: number }).code === 1) return [];
    throw error;
  }
}

/** A copy of the episode under a name no other process uses, so pgrep sees only our tools. */
async function privateCopy(): Promise<string> {
  const file = uniquePath('limits');
  await copyFile(await episodeVideo(), file);
  return file;
}

describe('video tool limits', () => {
  it('When a tool runs past its timeout, then it fails with video-tool-timeout (503) and no ffmpeg is left', async () => {
    const file = await privateCopy();
    const error = await rejection(videoTools({ timeoutMs: 1 }).sceneChanges(file));
    expect(error).to.include({ code: 'video-tool-timeout', status: 503 });
    expect(await processesMentioning(basename(file))).to.deep.equal([]);
  });

  it('When the signal aborts while ffmpeg runs, then the call rejects with its reason and no ffmpeg is left', async () => {
    const file = await privateCopy();
    const controller = new AbortController();
    const scan = videoTools().sceneChanges(file, 0.3, { signal: controller.signal }); // ffmpeg is spawned synchronously
    const reason = new Error('worker stopping');
    controller.abort(reason);
    expect(await scan.then(() => undefined, (thrown: unknown) => thrown)).to.equal(reason);
    expect(await processesMentioning(basename(file))).to.deep.equal([]);
  });

  it('When the signal is already aborted, then nothing is started', async () => {
    const reason = new Error('already stopping');
    const probe = videoTools().probe(await episodeVideo(), { signal: AbortSignal.abort(reason) });
    expect(await probe.then(() => undefined, (thrown: unknown) => thrown)).to.equal(reason);
  });

  it('When the configured ffmpeg does not exist, then the call fails with video-tool-unavailable (500)', async () => {
    const error = await rejection(videoTools({ ffmpegPath: '/nonexistent/ffmpeg' }).frameAt(await episodeVideo(), 1));
    expect(error).to.include({ code: 'video-tool-unavailable', status: 500, expose: false });
  });
});
