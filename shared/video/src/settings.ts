/**
 * The video-tool settings a service reads (spread into its config spec), then hands to `videoTools`.
 *
 *   const config = loadConfig({ ...VIDEO_SETTINGS });
 *   const tools = videoTools({ ffmpegPath: config.FFMPEG_PATH, ffprobePath: config.FFPROBE_PATH, timeoutMs: config.VIDEO_TOOL_TIMEOUT_MS });
 */
export const VIDEO_SETTINGS = {
  FFMPEG_PATH: { type: 'string', optional: true, description: 'ffmpeg binary, found first; unset, the npm @ffmpeg-installer build (ffmpeg 4.1, 2018: for local runs and tests only, not for untrusted uploads).' },
  FFPROBE_PATH: { type: 'string', optional: true, description: 'ffprobe binary, found first; unset, the npm @ffprobe-installer build.' },
  VIDEO_TOOL_TIMEOUT_MS: { type: 'integer', default: 120000, minimum: 1, description: 'Longest run of one ffmpeg/ffprobe call before it is killed (SIGKILL) and fails with video-tool-timeout (503).' },
} as const;
