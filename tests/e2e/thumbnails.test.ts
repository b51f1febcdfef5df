import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { S3Client, HeadObjectCommand } from '@aws-sdk/client-s3';
import { waitFor } from '@episodic/core';
import type { RunningSystem } from '../../infra/local/system.ts';
import { MEDIA_BUCKET } from '../../infra/topology.ts';
import { bootSystem, call, roleTokens, type Role } from './system.ts';

/** A real 1280×720 JPEG with detail in it. */
const frame = () => sharp({ create: { width: 1280, height: 720, channels: 3, background: '#357', noise: { type: 'gaussian', mean: 110, sigma: 35 } } }).jpeg().toBuffer();

describe('e2e: thumbnails through the gateway', function () {
  this.timeout(60_000);
  let system: RunningSystem;
  let s3: S3Client;
  let tokens: Record<Role, string>;
  let episodeNumber = 0;

  before(async () => {
    system = await bootSystem();
    tokens = await roleTokens(system);
    s3 = new S3Client({ endpoint: system.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' }, forcePathStyle: true });
  });
  after(() => system?.stop());

  const createEpisode = async (): Promise<number> => {
    const reply = await call(system, 'POST', '/api/v1/episodes', tokens.admin, { show_name: 'E2E Thumbs', season_number: 1, episode_number: ++episodeNumber, episode_title: `Frame ${episodeNumber}` });
    expect(reply.status).to.equal(201);
    return reply.body.id;
  };

  /** POST /episodes/:id/thumbnails as multipart/form-data, the way curl -F sends it. */
  const upload = async (episodeId: number, role: Role, fields: Record<string, string> = { thumbnail_type: 'primary' }, bytes?: Buffer) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes ?? (await frame()))], { type: 'image/jpeg' }), 'frame.jpg');
    const requestId = randomUUID();
    const response = await fetch(`${system.gatewayUrl}/api/v1/episodes/${episodeId}/thumbnails`, {
      method: 'POST', headers: { authorization: `Bearer ${tokens[role]}`, 'x-request-id': requestId }, body: form,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, requestId };
  };

  const auditRows = (correlationId: string, count: number) =>
    waitFor(async () => {
      const items = (await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${correlationId}`, tokens.admin)).body.items as any[];
      return items.length >= count ? items : undefined;
    }, { timeoutMs: 10_000, what: `${count} audit rows for ${correlationId}` });

  const exists = async (key: string) => s3.send(new HeadObjectCommand({ Bucket: MEDIA_BUCKET, Key: key })).then(() => true, () => false);

  it('When an editor uploads right after creating the episode, then 201, the thumbnail lists first and audit records the create', async () => {
    const episodeId = await createEpisode();
    const created = await upload(episodeId, 'editor');
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.include({ episode_id: episodeId, thumbnail_type: 'primary', width_pixels: 1280, height_pixels: 720, format: 'jpeg' });
    const listed = await call(system, 'GET', `/api/v1/episodes/${episodeId}/thumbnails`, tokens.viewer);
    expect(listed.body.items.map((item: { id: number }) => item.id)).to.deep.equal([created.body.id]);
    const row = (await auditRows(created.requestId, 2)).find((item) => item.event_type === 'thumbnail.created');
    expect(row).to.include({ action_type: 'create', resource_type: 'thumbnail', resource_id: created.body.id, user_id: 'editor-e2e', outcome: 'success' });
  });

  it('When a viewer asks for a thumbnail, then its download URL works with a plain GET, and the content download is audited as a download', async () => {
    const episodeId = await createEpisode();
    const created = await upload(episodeId, 'editor');
    const details = await call(system, 'GET', `/api/v1/thumbnails/${created.body.id}`, tokens.viewer);
    expect(details.status).to.equal(200);
    const direct = await fetch(details.body.download_url);
    expect(direct.status).to.equal(200);
    const bytes = Buffer.from(await direct.arrayBuffer());
    expect(bytes.length).to.equal(created.body.file_size_bytes);

    const requestId = randomUUID();
    const content = await fetch(`${system.gatewayUrl}/api/v1/thumbnails/${created.body.id}/content`, { headers: { authorization: `Bearer ${tokens.viewer}`, 'x-request-id': requestId } });
    expect(content.status).to.equal(200);
    expect(content.headers.get('content-type')).to.equal('image/jpeg');
    expect(content.headers.get('content-length')).to.equal(String(created.body.file_size_bytes));
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).to.equal(true);
    const [row] = await auditRows(requestId, 1);
    expect(row).to.include({ action_type: 'download', resource_type: 'thumbnail', resource_id: created.body.id, user_id: 'viewer-e2e', outcome: 'success' });
  });

  it('When each role calls each thumbnail route, then the policy table decides', async () => {
    const episodeId = await createEpisode();
    for (const role of ['admin', 'editor', 'viewer', 'system'] as const) {
      const { body: thumbnail } = await upload(episodeId, 'admin', { thumbnail_type: 'cover' });
      const statuses = {
        list: (await call(system, 'GET', `/api/v1/episodes/${episodeId}/thumbnails`, tokens[role])).status,
        get: (await call(system, 'GET', `/api/v1/thumbnails/${thumbnail.id}`, tokens[role])).status,
        content: (await call(system, 'GET', `/api/v1/thumbnails/${thumbnail.id}/content`, tokens[role])).status,
        upload: (await upload(episodeId, role, { thumbnail_type: 'cover' })).status,
        delete: (await call(system, 'DELETE', `/api/v1/thumbnails/${thumbnail.id}`, tokens[role])).status,
      };
      const expected = {
        admin: { list: 200, get: 200, content: 200, upload: 201, delete: 204 },
        editor: { list: 200, get: 200, content: 200, upload: 201, delete: 403 },
        viewer: { list: 200, get: 200, content: 200, upload: 403, delete: 403 },
        system: { list: 403, get: 403, content: 403, upload: 403, delete: 403 },
      }[role];
      expect(statuses, role).to.deep.equal(expected);
    }
  });

  it('When an upload is larger than the media limit, then the gateway answers 413 problem+json', async () => {
    const episodeId = await createEpisode();
    const reply = await upload(episodeId, 'editor', { thumbnail_type: 'cover' }, Buffer.alloc(16 * 1024 * 1024, 7));
    expect(reply.status).to.equal(413);
    expect(reply.body.type).to.equal('urn:problem:episodic:too-large');
  });

  it('When the episode is deleted, then its thumbnails, their objects in S3 and their listing go, and audit records each under the delete request', async () => {
    const episodeId = await createEpisode();
    const first = await upload(episodeId, 'editor');
    const second = await upload(episodeId, 'editor', { thumbnail_type: 'frame', position_seconds: '42' });
    const keys = [first.body, second.body].flatMap((thumbnail) => [thumbnail.s3_key, ...thumbnail.renditions.map((r: { s3_key: string }) => r.s3_key)]);
    for (const key of keys) expect(await exists(key), key).to.equal(true);

    const requestId = randomUUID();
    const deleted = await call(system, 'DELETE', `/api/v1/episodes/${episodeId}`, tokens.admin, undefined, { 'x-request-id': requestId });
    expect(deleted.status).to.equal(204);
    const rows = await auditRows(requestId, 4);
    const accessRows = rows.filter((row) => row.event_type === 'access.recorded');
    expect(accessRows.map((row) => `${row.action_type} ${row.resource_type} ${row.resource_id}`)).to.deep.equal([`delete episode ${episodeId}`]);
    expect(rows.filter((row) => row.event_type !== 'access.recorded').map((row) => `${row.action_type} ${row.resource_type} ${row.resource_id}`)).to.have.members([
      `delete episode ${episodeId}`, `delete thumbnail ${first.body.id}`, `delete thumbnail ${second.body.id}`,
    ]);
    await waitFor(async () => (await Promise.all(keys.map(exists))).every((present) => !present) || undefined, { timeoutMs: 10_000, what: 'the objects to be deleted' });
    expect((await call(system, 'GET', `/api/v1/thumbnails/${first.body.id}`, tokens.viewer)).status).to.equal(404);
    expect((await call(system, 'GET', `/api/v1/episodes/${episodeId}/thumbnails`, tokens.viewer)).status).to.equal(404);
    expect((await upload(episodeId, 'editor')).status).to.equal(404);
  });
});
