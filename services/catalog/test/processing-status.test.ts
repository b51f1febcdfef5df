import { expect } from 'chai';
import { durationMinutesOf, scenesOf } from '../src/domain/extraction.ts';
import { episodeStatusOf } from '../src/domain/processing-status.ts';

const at = (minute: number) => `2026-01-06T11:${String(minute).padStart(2, '0')}:00.000Z`;

describe('catalog/processing status and extraction rules', () => {
  it('When any job is processing, then the episode is processing; else pending if any is pending', () => {
    expect(episodeStatusOf([{ jobId: 1, status: 'completed', finishedAt: at(5) }, { jobId: 2, status: 'processing', finishedAt: null }])).to.equal('processing');
    expect(episodeStatusOf([{ jobId: 1, status: 'pending', finishedAt: null }, { jobId: 2, status: 'processing', finishedAt: null }])).to.equal('processing');
    expect(episodeStatusOf([{ jobId: 1, status: 'failed', finishedAt: at(5) }, { jobId: 2, status: 'pending', finishedAt: null }])).to.equal('pending');
  });

  it('When every job has ended, then the one that finished last decides; cancelled jobs do not count', () => {
    expect(episodeStatusOf([{ jobId: 2, status: 'failed', finishedAt: at(3) }, { jobId: 1, status: 'completed', finishedAt: at(7) }])).to.equal('complete');
    expect(episodeStatusOf([{ jobId: 1, status: 'completed', finishedAt: at(3) }, { jobId: 2, status: 'failed', finishedAt: at(3) }])).to.equal('failed');
    expect(episodeStatusOf([{ jobId: 1, status: 'completed', finishedAt: at(3) }, { jobId: 2, status: 'cancelled', finishedAt: at(9) }])).to.equal('complete');
    expect(episodeStatusOf([{ jobId: 1, status: 'cancelled', finishedAt: at(9) }])).to.equal(undefined);
    expect(episodeStatusOf([])).to.equal(undefined);
  });

  it('When scene changes are given, then scenes start at 0 and each ends where the next starts, the last at the duration', () => {
    expect(scenesOf([14, 8], 20)).to.deep.equal([
      { start_seconds: 0, end_seconds: 8 }, { start_seconds: 8, end_seconds: 14 }, { start_seconds: 14, end_seconds: 20 },
    ]);
    expect(scenesOf([0, 5])).to.deep.equal([{ start_seconds: 0, end_seconds: 5 }, { start_seconds: 5 }]);
    expect(scenesOf([], 42.5)).to.deep.equal([{ start_seconds: 0, end_seconds: 42.5 }]);
  });

  it('When a duration is turned into minutes, then it is rounded and at least 1', () => {
    const technical = { width: 1, height: 1, video_codec: 'h264', audio_codec: null, bit_rate: null, frame_rate: null, format: 'mp4', size_bytes: 1 };
    expect(durationMinutesOf({ ...technical, duration_seconds: 2841.6 })).to.equal(47);
    expect(durationMinutesOf({ ...technical, duration_seconds: 89 })).to.equal(1);
    expect(durationMinutesOf({ ...technical, duration_seconds: 4 })).to.equal(1);
  });
});
