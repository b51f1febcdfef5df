/**
 * `npm run test:containers`: builds the image, brings docker-compose.yml up as project `smoke`,
 * runs a smoke subset of the e2e suite against its gateway from this process (the host), and
 * takes everything down again, also when something fails. Needs a running Docker engine; not
 * part of `npm test`.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { DockerComposeEnvironment, GenericContainer, getContainerRuntimeClient, Wait, type StartedDockerComposeEnvironment, type StartedTestContainer } from 'testcontainers';
import { waitFor } from '@episodic/core';
import { freePort, generateTestVideo } from '@episodic/testing';

const REPO = resolve(import.meta.dirname, '../..');
const PROJECT = 'smoke';
const IMAGE = 'episodic:local';
/** A busy two-core host needs minutes for the first build and for eight containers to boot. */
const BOOT_MS = 15 * 60_000;
const SERVICES = ['gateway', 'catalog', 'media', 'processing', 'audit'];

describe('containers: the image and docker compose, smoke-tested from the host', function () {
  this.timeout(BOOT_MS);
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings[step] = (Date.now() - started) / 1000;
    }
  };
  let environment: StartedDockerComposeEnvironment | undefined;
  let gatewayUrl: string;
  let tokens: Record<'admin' | 'editor' | 'viewer', string>;
  let folder: string;
  let testsStartedAt = 0;

  before(async () => {
    await getContainerRuntimeClient().catch((error: Error) => {
      throw new Error(`npm run test:containers needs a running Docker engine (as root: ../shared/docker-up.sh): ${error.message}`);
    });
    folder = await mkdtemp(join(tmpdir(), 'episodic-containers-'));
    await timed('build', () => GenericContainer.fromDockerfile(REPO).build(IMAGE, { deleteOnExit: false }));
    const ports = { GATEWAY_PORT: String(await freePort()), EMULATOR_PORT: String(await freePort()) };
    // On two cores shared with other work, a service's first requests (validators compiled, sharp
    // loaded) can take longer than the gateway's and media's default timeouts.
    const patience = { UPSTREAM_TIMEOUT_MS: '60000', CATALOG_TIMEOUT_MS: '20000' };
    gatewayUrl = `http://localhost:${ports.GATEWAY_PORT}`;
    environment = await timed('up', () =>
      new DockerComposeEnvironment(REPO, 'docker-compose.yml')
        .withProjectName(PROJECT)
        .withEnvironment({ ...ports, ...patience })
        // Not testcontainers' default for containers with a healthcheck (it gives up at the first
        // "unhealthy"): allHealthy below waits through restarts.
        .withDefaultWaitStrategy(Wait.forListeningPorts())
        .withWaitStrategy(`${PROJECT}_gateway_1`, Wait.forHttp('/health', 3000))
        .withStartupTimeout(BOOT_MS)
        .up());
    await timed('healthy', () => allHealthy(SERVICES.map((service) => container(service))));
    const token = async (role: 'admin' | 'editor' | 'viewer') =>
      (await exec(container('issuer'), ['node', 'infra/local/token.ts', '--role', role, '--sub', `${role}-containers`])).trim();
    tokens = { admin: await token('admin'), editor: await token('editor'), viewer: await token('viewer') };
    testsStartedAt = Date.now();
  });

  after(async () => {
    if (testsStartedAt > 0) timings['tests'] = (Date.now() - testsStartedAt) / 1000;
    await timed('down', async () => {
      await environment?.down({ removeVolumes: true, timeout: 20_000 });
    });
    if (folder) await rm(folder, { recursive: true, force: true });
    console.log(`    timings (s): ${JSON.stringify(timings)}`);
  });

  const container = (service: string): StartedTestContainer => environment!.getContainer(`${PROJECT}_${service}_1`);

  const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  };

  const auditRows = (correlationId: string, count: number) =>
    waitFor(async () => {
      const items = (await call('GET', `/api/v1/audit/activity?correlation_id=${correlationId}`, tokens.admin)).body.items as Record<string, unknown>[] | undefined;
      return items && items.length >= count ? items : undefined;
    }, { timeoutMs: 30_000, what: `${count} audit rows for ${correlationId}` });

  let episodeNumber = 0;
  const createEpisode = async (): Promise<number> => {
    const reply = await call('POST', '/api/v1/episodes', tokens.editor, { show_name: 'Containers', season_number: 1, episode_number: ++episodeNumber, episode_title: `Smoke ${episodeNumber}` });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body.id;
  };

  it('When the image runs, then as uid 1000 (node), with a read-only root filesystem, and its ffmpeg and ffprobe are Debian 5 or newer', async () => {
    const processing = container('processing');
    expect((await exec(processing, ['id', '-u'])).trim()).to.equal('1000');
    expect((await processing.exec(['touch', '/app/written'])).exitCode).to.not.equal(0);
    expect((await processing.exec(['touch', '/tmp/written'])).exitCode).to.equal(0);
    for (const tool of ['ffmpeg', 'ffprobe']) {
      const version = await exec(processing, [tool, '-hide_banner', '-version']);
      const major = Number(/version (\d+)\./.exec(version)?.[1]);
      expect(major, version.split('\n')[0]).to.be.at.least(5);
    }
    expect((await exec(processing, ['printenv', 'FFMPEG_PATH'])).trim()).to.equal('/usr/bin/ffmpeg');
  });

  it('When an episode lives its whole life through the gateway, then create, read, update and delete work and audit records the edit', async () => {
    const id = await createEpisode();
    expect((await call('GET', `/api/v1/episodes/${id}`, tokens.viewer)).body).to.include({ id, episode_title: `Smoke ${episodeNumber}` });
    const requestId = randomUUID();
    const updated = await call('PUT', `/api/v1/episodes/${id}`, tokens.editor, { rating: 8.5 }, { 'x-request-id': requestId });
    expect(updated.status, JSON.stringify(updated.body)).to.equal(200);
    expect(updated.body.rating).to.equal(8.5);
    const [row] = await auditRows(requestId, 1);
    expect(row).to.include({ action_type: 'edit', resource_type: 'episode', resource_id: id, outcome: 'success' });
    expect((await call('DELETE', `/api/v1/episodes/${id}`, tokens.admin)).status).to.equal(204);
    expect((await call('GET', `/api/v1/episodes/${id}`, tokens.viewer)).status).to.equal(404);
  });

  it('When a thumbnail is uploaded, then media stores it and its presigned download URL works from the host', async () => {
    const id = await createEpisode();
    const form = new FormData();
    form.append('thumbnail_type', 'primary');
    form.append('file', new Blob([new Uint8Array(await sampleJpeg())], { type: 'image/jpeg' }), 'frame.jpg');
    const response = await fetch(`${gatewayUrl}/api/v1/episodes/${id}/thumbnails`, { method: 'POST', headers: { authorization: `Bearer ${tokens.editor}` }, body: form });
    const created = await response.json() as { id: number; file_size_bytes: number };
    expect(response.status, JSON.stringify(created)).to.equal(201);
    const details = await call('GET', `/api/v1/thumbnails/${created.id}`, tokens.viewer);
    expect(new URL(details.body.download_url).host).to.equal(`localhost:${new URL(details.body.download_url).port}`);
    const direct = await fetch(details.body.download_url);
    expect(direct.status).to.equal(200);
    expect((await direct.arrayBuffer()).byteLength).to.equal(created.file_size_bytes);
  });

  it("When a video is uploaded to its presigned URL from the host, then a thumbnail job runs with the image's ffmpeg and its frames become thumbnails", async () => {
    const id = await createEpisode();
    const file = join(folder, 'episode.mp4');
    await generateTestVideo(file, { seconds: 10, audio: false });
    const video = await readFile(file);
    const ticket = await call('POST', `/api/v1/episodes/${id}/video`, tokens.editor, { content_type: 'video/mp4', size_bytes: video.length });
    expect(ticket.status, JSON.stringify(ticket.body)).to.equal(201);
    const put = await fetch(ticket.body.upload_url, { method: 'PUT', headers: ticket.body.headers, body: new Uint8Array(video) });
    expect(put.status, await put.text()).to.equal(200);
    await waitFor(async () => (await call('GET', `/api/v1/episodes/${id}`, tokens.viewer)).body.raw_video_s3_key === ticket.body.s3_key || undefined,
      { timeoutMs: 60_000, what: 'the episode to name its raw video' });

    const requestId = randomUUID();
    const accepted = await call('POST', `/api/v1/episodes/${id}/process`, tokens.editor, { job_type: 'thumbnail_generation', config: { positions: [1, 4] } }, { 'x-request-id': requestId });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
    const job = await waitFor(async () => {
      const current = (await call('GET', `/api/v1/processing-queue/${accepted.body.id}`, tokens.editor)).body;
      return ['completed', 'failed', 'cancelled'].includes(current.status) ? current : undefined;
    }, { timeoutMs: 120_000, what: `job ${accepted.body.id} to finish` });
    expect(job, job.error_message).to.include({ status: 'completed' });
    const thumbnails = await waitFor(async () => {
      const items = (await call('GET', `/api/v1/episodes/${id}/thumbnails`, tokens.viewer)).body.items;
      return items?.length === 2 ? items : undefined;
    }, { timeoutMs: 30_000, what: 'the two frames as thumbnails' });
    expect(thumbnails.map((t: { position_seconds: number }) => t.position_seconds).sort()).to.deep.equal([1, 4]);
    const rows = await auditRows(requestId, 3);
    expect(rows.map((row) => row['action_type'])).to.include('process');
  });
});

/**
 * Resolves once every container's healthcheck passes at the same time. A service that gave up at
 * boot (its database too slow to answer on a busy host) is restarted, and reads "unhealthy" until
 * it is up again, so only the deadline fails the wait.
 */
async function allHealthy(containers: StartedTestContainer[]): Promise<void> {
  const client = await getContainerRuntimeClient();
  const statusOf = async (container: StartedTestContainer) => (await client.container.inspect(client.container.getById(container.getId()))).State.Health?.Status;
  await waitFor(async () => {
    const statuses = await Promise.all(containers.map(statusOf));
    return statuses.every((status) => status === 'healthy') || undefined;
  }, { timeoutMs: BOOT_MS, intervalMs: 2000, what: `${containers.map((c) => c.getName()).join(', ')} to be healthy` });
}

/** An exec that must succeed; its stdout. */
async function exec(container: StartedTestContainer, command: string[]): Promise<string> {
  const result = await container.exec(command);
  if (result.exitCode !== 0) throw new Error(`${command.join(' ')} exited ${result.exitCode}: ${result.stderr || result.output}`);
  return result.stdout;
}

/** A real 1280×720 JPEG with detail in it. */
function sampleJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 1280, height: 720, channels: 3, background: '#357', noise: { type: 'gaussian', mean: 110, sigma: 35 } } }).jpeg().toBuffer();
}
