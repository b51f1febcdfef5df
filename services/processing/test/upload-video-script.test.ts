import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { uploadVideoFile } from '../../../infra/local/video-uploader.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

describe('processing/npm run upload-video: a file in parts, resumed after an interruption', () => {
  let app: ProcessingUnderTest;
  let folder: string;

  before(async () => {
    app = await startProcessing({ startWorker: false });
    folder = await mkdtemp(join(tmpdir(), 'episodic-upload-script-'));
  });
  after(async () => {
    await app?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('When the upload stops after one part and is run again, then only the missing parts are sent and the video arrives whole', async () => {
    const episodeId = await app.createEpisode();
    const file = join(folder, 'episode.mp4');
    const bytes = randomBytes(18 * 1024 * 1024);
    await writeFile(file, bytes);
    const token = await app.env.issuer.sign({ role: 'editor', sub: 'editor-user', username: 'editor-user' });
    const target = { apiUrl: app.url, token, episodeId, file };

    const interrupted = await uploadVideoFile({ ...target, stopAfterParts: 1 });
    const saved = JSON.parse(await readFile(`${file}.upload.json`, 'utf8')) as { uploadId: number };
    const finished = await uploadVideoFile(target);

    expect(interrupted).to.include({ status: 'uploading', partsSent: 1, resumed: false });
    expect(saved.uploadId).to.equal(interrupted.uploadId);
    expect(finished).to.include({ uploadId: interrupted.uploadId, status: 'completed', partsSent: 2, resumed: true });
    const uploaded = await app.events.next((event) => event.type === 'video.uploaded' && (event.data as { episode_id: number }).episode_id === episodeId, 10_000);
    const stored = await app.store.get((uploaded.data as { s3_key: string }).s3_key);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).to.equal(true);
    expect(await readFile(`${file}.upload.json`).catch(() => 'gone')).to.equal('gone');
  });
});
