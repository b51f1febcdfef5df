import { expect } from 'chai';
import { videoTools } from '../src/index.ts';
import { episodeVideo } from './sample-video.ts';

describe('video sceneChanges', () => {
  const tools = videoTools();

  it('When the episode is scanned with the default threshold, then the four cuts (8, 14, 20, 24 s) are found and nothing else', async () => {
    const changes = await tools.sceneChanges(await episodeVideo());
    expect(changes).to.have.length(4);
    [8, 14, 20, 24].forEach((cut, i) => expect(changes[i]).to.be.closeTo(cut, 1));
  });

  it('When the threshold is raised, then only the harder cuts remain', async () => {
    // ffmpeg 4.1 scores the cuts about 1.0 (8 s), 0.74 (14 s), 1.0 (20 s) and 0.96 (24 s); nothing inside a scene passes 0.05.
    expect(await tools.sceneChanges(await episodeVideo(), 0.9)).to.deep.equal([8, 20, 24]);
  });
});
