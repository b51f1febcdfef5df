import type { MetadataJobConfig, ProcessingJob } from '@episodic/contracts';
import type { VideoTools } from '@episodic/video';
import type { VideoSource } from './video-source.ts';

/**
 * metadata_extraction: ffprobe's technical facts (the header, and one packet near the end) and
 * the times where scenes change (one streamed decode at 320 px wide), both read from the video's
 * URL with no copy on disk. catalog stores them in the episode's metadata and fills
 * duration_minutes when it is empty.
 */
export async function extractMetadata(tools: VideoTools, job: ProcessingJob, source: VideoSource, signal: AbortSignal) {
  const config = job.job_config as MetadataJobConfig;
  const { start_seconds: _start, ...technical } = await tools.probe(await source(), { signal });
  const sceneChanges = await tools.sceneChanges(await source(), config.scene_threshold ?? 0.3, { signal });
  return { technical, scene_changes: sceneChanges };
}
