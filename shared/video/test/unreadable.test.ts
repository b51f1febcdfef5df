import { expect } from 'chai';
import { corruptCopy, garbageVideo } from '@episodic/testing';
import { videoTools } from '../src/index.ts';
import { episodeVideo, rejection, uniquePath, videoDir } from './sample-video.ts';

describe('video unreadable files', () => {
  const tools = videoTools();
  const files: Record<string, () => Promise<string>> = {
    'truncated to 30 %': async () => {
      const file = uniquePath('truncated');
      await corruptCopy(await episodeVideo(), file, 0.3);
      return file;
    },
    'random bytes': async () => {
      const file = uniquePath('garbage');
      await garbageVideo(file);
      return file;
    },
    missing: async () => uniquePath('missing'),
  };

  for (const [what, make] of Object.entries(files)) {
    it(`When the file is ${what}, then probe and sceneChanges fail with video-unreadable (422) naming no path of ours`, async () => {
      const file = await make();
      for (const call of [tools.probe(file), tools.sceneChanges(file)]) {
        const error = await rejection(call);
        expect(error).to.include({ code: 'video-unreadable', status: 422, expose: true });
        expect(error.message).not.to.include(videoDir);
      }
    });
  }

  it('When a frame is asked for past the point where the file was cut, then it is video-unreadable', async () => {
    const file = await files['truncated to 30 %']!();
    expect(await tools.frameAt(file, 2)).to.include({ width: 640 });
    expect(await rejection(tools.frameAt(file, 25))).to.include({ code: 'video-unreadable', status: 422 });
  });

  it('When the file is random bytes or missing, then frameAt fails with video-unreadable and its reason', async () => {
    const garbage = await files['random bytes']!();
    expect((await rejection(tools.frameAt(garbage, 1))).message).to.match(/cannot be read: .+/);
    const missing = await rejection(tools.frameAt(uniquePath('missing'), 1));
    expect(missing.code).to.equal('video-unreadable');
    expect(missing.message).to.include('No such file or directory');
  });
});
