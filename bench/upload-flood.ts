import { randomBytes } from 'node:crypto';
import { sampleRss } from './uploads.ts';

/**
 * Upload admission under a flood: `clients` uploads of `megabytes` MiB each, all at once, through
 * the gateway. Media admits what MEDIA_UPLOADS_AT_ONCE and MEDIA_UPLOAD_BUFFER_BYTES allow (4 of
 * 15 MiB by default) and answers the rest 503 with Retry-After before reading their bodies; each
 * client waits as told and tries again until media took its upload. The bodies are random bytes:
 * media reads each whole (the memory admission bounds), then refuses it as no image (415), so the
 * sample measures buffering, not decoding. Returns media's RSS (sampled every 100 ms) and counts.
 */
export async function uploadFloodBench(options: { gatewayUrl: string; token: string; episodeId: number; mediaPid: number; clients: number; megabytes: number }) {
  const body = randomBytes(options.megabytes * 1024 * 1024 - 4096);
  const rss = sampleRss(options.mediaPid);
  const statuses: Record<string, number> = {};
  const started = performance.now();
  let refusals = 0;
  await Promise.all(Array.from({ length: options.clients }, async () => {
    for (;;) {
      const form = new FormData();
      form.append('thumbnail_type', 'frame');
      form.append('file', new Blob([new Uint8Array(body)], { type: 'image/jpeg' }), 'flood.jpg');
      const response = await fetch(`${options.gatewayUrl}/api/v1/episodes/${options.episodeId}/thumbnails`, {
        method: 'POST', headers: { authorization: `Bearer ${options.token}` }, body: form,
      }).catch((error: Error) => ({ status: `error ${error.message}`, headers: new Headers(), arrayBuffer: async () => undefined }));
      await response.arrayBuffer();
      if (response.status !== 503) {
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        return;
      }
      refusals += 1;
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
    }
  }));
  const mediaRssMb = rss.stop();
  return {
    clients: options.clients,
    uploadMiB: options.megabytes,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    finalStatuses: statuses,
    refusals503: refusals,
    mediaRssMb: { ...mediaRssMb, target: 'max < 400 (4 uploads of 15 MiB buffered at once by default)' },
  };
}
