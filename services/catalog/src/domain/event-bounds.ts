import type { EventDataOf } from '@episodic/contracts';
import type { CloudEvent } from '@episodic/messaging';

/** One object name under an episode's folder: no dot segment, no slash, no spaces. */
const SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}';

/**
 * Why an event of processing names something processing may not, or undefined. Its subject must
 * be the episode the data names, and video.uploaded's key must be under that episode's `video/`
 * (where processing's upload URLs put it): catalog records that key as the episode's
 * raw_video_s3_key, which later jobs read. Such an event is dead-lettered, not applied.
 *
 *   processingEventOutOfBounds(uploaded)  // 'key episodes/8/video/x.mp4 is not under episodes/7/video/'
 */
export function processingEventOutOfBounds(event: CloudEvent): string | undefined {
  const episodeId = episodeIdNamed(event);
  if (episodeId === undefined) return undefined;
  if (event.subject !== `episodes/${episodeId}` && !event.subject?.startsWith(`episodes/${episodeId}/`)) return `subject ${event.subject} is not episode ${episodeId}`;
  if (event.type !== 'video.uploaded') return undefined;
  const { s3_key: key } = event.data as EventDataOf<'video.uploaded'>;
  if (!new RegExp(`^episodes/${episodeId}/video/${SEGMENT}$`).test(key)) return `key ${key} is not under episodes/${episodeId}/video/`;
  return undefined;
}

function episodeIdNamed(event: CloudEvent): number | undefined {
  const data = event.data as { episode_id?: unknown; job?: { episode_id?: unknown } } | undefined;
  const id = event.type === 'video.uploaded' ? data?.episode_id : data?.job?.episode_id;
  return typeof id === 'number' ? id : undefined;
}
