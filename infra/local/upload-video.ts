/**
 * `npm run -s upload-video -- <episode-id> <file>`: uploads a video to an episode in parts
 * (multipart, presigned part URLs, 4 at once) through the gateway; run it again after an
 * interruption and it sends only the parts the server does not have yet.
 * EDITOR_TOKEN (printed by `npm start`) authorizes it; API_URL defaults to http://localhost:3000.
 */
import { uploadVideoFile } from './video-uploader.ts';

const [episode, file] = process.argv.slice(2);
const token = process.env['EDITOR_TOKEN'];
if (!episode || !file || !/^\d+$/.test(episode) || !token) {
  console.error('usage: EDITOR_TOKEN=... npm run -s upload-video -- <episode-id> <file>');
  process.exit(2);
}
const outcome = await uploadVideoFile({
  apiUrl: process.env['API_URL'] ?? 'http://localhost:3000', token, episodeId: Number(episode), file,
  log: (line) => console.error(line),
});
console.log(JSON.stringify(outcome));
