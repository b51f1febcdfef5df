/**
 * Technical metadata of a video, as metadata_extraction stores it. `width`/`height` are the size a
 * viewer sees: rotation applied (a portrait phone clip is 1080×1920) and non-square pixels
 * stretched; frames from `frameAt` have exactly this size unless `maxWidth` shrinks them.
 */
export interface VideoFacts {
  duration_seconds: number;
  width: number;
  height: number;
  /** ffmpeg's codec name, e.g. 'h264', 'hevc', 'vp9'. */
  video_codec: string;
  audio_codec: string | null;
  /** Overall bits per second, when the container or stream states it. */
  bit_rate: number | null;
  /** Frames per second, e.g. 25 or 29.97 (3 decimals); null when the stream does not say. */
  frame_rate: number | null;
  /** Container as ffmpeg names its demuxer, e.g. 'mov,mp4,m4a,3gp,3g2,mj2'. */
  format: string;
  size_bytes: number;
  /** Where the timeline starts (often 0; MPEG-TS files start later). Seeks add it for you. */
  start_seconds: number;
}

/** The parts of `ffprobe -show_format -show_streams -of json` that the facts come from. */
export interface ProbeOutput {
  format?: { format_name?: string; duration?: string; size?: string; bit_rate?: string; start_time?: string };
  streams?: ProbeStream[];
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  bit_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

/**
 * Turns ffprobe's JSON into facts, or returns a reason the file is not a usable video.
 *
 *   const facts = factsFromProbe(JSON.parse(stdout)); if (typeof facts === 'string') throw videoUnreadable(facts);
 */
export function factsFromProbe(output: ProbeOutput): VideoFacts | string {
  const streams = output.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic);
  if (!video?.codec_name || !video.width || !video.height) return 'it has no video stream';
  const duration = numberOrNull(output.format?.duration) ?? numberOrNull(video.duration);
  if (duration === null || duration <= 0) return 'its duration is unknown';
  const [width, height] = displaySize(video);
  return {
    duration_seconds: duration,
    width,
    height,
    video_codec: video.codec_name,
    audio_codec: streams.find((stream) => stream.codec_type === 'audio')?.codec_name ?? null,
    bit_rate: numberOrNull(output.format?.bit_rate) ?? numberOrNull(video.bit_rate),
    frame_rate: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate),
    format: output.format?.format_name ?? 'unknown',
    size_bytes: numberOrNull(output.format?.size) ?? 0,
    start_seconds: numberOrNull(output.format?.start_time) ?? 0,
  };
}

function displaySize(video: ProbeStream): [number, number] {
  const [num, den] = (video.sample_aspect_ratio ?? '1:1').split(':').map(Number);
  const stretch = num && den ? num / den : 1;
  const width = Math.round(video.width! * stretch);
  const rotation = Number(video.tags?.rotate ?? video.side_data_list?.find((data) => data.rotation !== undefined)?.rotation ?? 0);
  return Math.abs(rotation) % 180 === 90 ? [video.height!, width] : [width, video.height!];
}

function rate(fraction: string | undefined): number | null {
  const [num, den] = (fraction ?? '').split('/').map(Number);
  if (!num || !den) return null;
  return Math.round((num / den) * 1000) / 1000;
}

function numberOrNull(text: string | undefined): number | null {
  const value = Number(text);
  return text !== undefined && text !== 'N/A' && Number.isFinite(value) ? value : null;
}
