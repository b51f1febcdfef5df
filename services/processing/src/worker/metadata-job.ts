import type { MetadataJobConfig, ProcessingJob } from '@episodic/contracts';
import type { VideoTools } from '@episodic/video';

/**
 * metadata_extraction: ffprobe's technical facts and the times where scenes change. catalog
 * stores both in the episode's metadata and fills duration_minutes when it is empty.
 */
export async function extractMetadata(tools: VideoTools, job: ProcessingJob, file: string, signal: AbortSignal) {
  const config = job.job_config as MetadataJobConfig;
  const { start_seconds: _start, ...technical } = await tools.probe(file, { signal });
  const sceneChanges = await tools.sceneChanges(file, config.scene_threshold ?? 0.3, { signal });
  return { technical, scene_changes: sceneChanges };
}
