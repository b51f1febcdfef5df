import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { uploadTo } from './upload-forms.ts';

const BOUNDARY = 'admission-test-boundary';

/**
 * An upload whose headers (and the first bytes of its body) are sent, then nothing more until
 * `finish()` or `abort()`: a slow client holding its place.
 */
function heldUpload(app: MediaUnderTest, episodeId: number, token: string, declaredBytes: number) {
  const url = new URL(`${app.url}/api/v1/episodes/${episodeId}/thumbnails`);
  let request: ClientRequest;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request = httpRequest(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(declaredBytes) },
    }, resolve);
    request.on('error', reject);
  });
  request!.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="thumbnail_type"\r\n\r\ncover\r\n`);
  return {
    response,
    /** Hangs up without sending the rest. */
    abort: () => request.destroy(),
  };
}

async function problemOf(response: IncomingMessage): Promise<{ status: number; type: string; retryAfter: string | undefined; contentType: string | undefined }> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString()) as { type: string };
  return { status: response.statusCode!, type: body.type, retryAfter: response.headers['retry-after'], contentType: response.headers['content-type'] };
}

describe('media: upload admission', () => {
  let app: MediaUnderTest;
  let episodeId: number;
  let token: string;

  before(async () => {
    app = await startMedia({ admission: { maxUploads: 2, maxBytes: 1_000_000 } });
    episodeId = await app.createEpisode();
    token = await app.env.issuer.sign({ role: 'editor', sub: 'editor-user', username: 'editor-user' });
  });
  after(() => app.stop());

  it('When as many uploads as media admits are in progress, then one more gets 503 problem+json with Retry-After before its body is sent', async () => {
    const held = [heldUpload(app, episodeId, token, 100_000), heldUpload(app, episodeId, token, 100_000)];
    await waitForAdmitted(app, 2);
    // Its body is never sent: only the refusal, which needs no body, can answer it.
    const refused = await problemOf(await heldUpload(app, episodeId, token, 100_000).response);
    expect(refused).to.deep.include({ status: 503, retryAfter: '2' });
    expect(refused.type).to.contain('uploads-busy');
    expect(refused.contentType).to.contain('application/problem+json');
    for (const upload of held) upload.abort();
    await waitForAdmitted(app, 0);
    expect((await uploadTo(app, episodeId)).status, 'admitted again once the places are free').to.equal(201);
  });

  it('When the declared bytes of the uploads in progress would exceed the byte budget, then a large one is refused while a small one is admitted', async () => {
    const held = heldUpload(app, episodeId, token, 900_000);
    await waitForAdmitted(app, 1);
    expect((await problemOf(await heldUpload(app, episodeId, token, 200_000).response)).status).to.equal(503);
    expect((await uploadTo(app, episodeId)).status).to.equal(201);
    held.abort();
    await waitForAdmitted(app, 0);
  });
});

/** Polls the admission until `uploads` are in flight (the held requests reached the route, or their places came back). */
async function waitForAdmitted(app: MediaUnderTest, uploads: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (app.admission.inFlight.uploads !== uploads) {
    if (Date.now() > deadline) throw new Error(`expected ${uploads} uploads in flight, have ${app.admission.inFlight.uploads}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
