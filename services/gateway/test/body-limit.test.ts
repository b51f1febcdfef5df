import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

const LIMIT = 1024;

function chunked(...parts: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
}

describe('gateway: request body limits', () => {
  let gateway: RunningGateway;

  before(async () => {
    gateway = await startGateway({
      services: ['catalog', 'audit', 'media'],
      env: { GATEWAY_MAX_BODY_BYTES: String(LIMIT), GATEWAY_MAX_UPLOAD_BYTES: String(4 * LIMIT) },
    });
  });
  after(() => gateway.close());

  it('When Content-Length is above the limit, then 413 problem+json and the service is never called', async () => {
    const before = gateway.echo.catalog!.calls();
    const response = await gateway.call('/api/v1/episodes', {
      method: 'POST',
      as: 'editor',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(2 * LIMIT) }),
    });
    expect(response.status).to.equal(413);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    expect(((await response.json()) as any).type).to.equal('urn:problem:episodic:too-large');
    expect(gateway.echo.catalog!.calls()).to.equal(before);
  });

  it('When Content-Length is above the limit, then 413 comes before the body is even sent', async () => {
    const before = gateway.echo.catalog!.calls();
    const outgoing = request(`${gateway.url}/api/v1/episodes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await gateway.token('editor')}`, 'content-type': 'application/json', 'content-length': String(5 * LIMIT) },
    });
    outgoing.write('{"title":"');
    const [response] = (await once(outgoing, 'response')) as [IncomingMessage];
    response.resume();
    outgoing.destroy();
    expect(response.statusCode).to.equal(413);
    expect(gateway.echo.catalog!.calls()).to.equal(before);
  });

  it('When a chunked body grows past the limit, then 413 and the service never gets a whole request', async () => {
    const before = gateway.echo.catalog!.seen.length;
    const response = await gateway.call('/api/v1/episodes', {
      method: 'POST',
      as: 'editor',
      headers: { 'content-type': 'application/json' },
      body: chunked('{"title":"', 'y'.repeat(LIMIT), '"}'),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).to.equal(413);
    expect(((await response.json()) as any).status).to.equal(413);
    expect(gateway.echo.catalog!.seen.length).to.equal(before);
  });

  it('When a chunked body stays within the limit, then it is forwarded whole', async () => {
    const response = await gateway.call('/api/v1/episodes', {
      method: 'POST',
      as: 'editor',
      headers: { 'content-type': 'application/json' },
      body: chunked('{"title":', '"Pilot"}'),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).to.equal(201);
    expect(((await response.json()) as any).body).to.equal('{"title":"Pilot"}');
  });

  it('When an upload (multipart) is above the JSON limit but within the upload limit, then it is forwarded', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(2 * LIMIT)], { type: 'image/png' }), 'thumb.png');
    const response = await gateway.call('/api/v1/episodes/7/thumbnails', { method: 'POST', as: 'editor', body: form });
    expect(response.status).to.equal(201);
    const seen = (await response.json()) as any;
    expect(seen.service).to.equal('media');
    expect(seen.headers['content-type']).to.match(/^multipart\/form-data; boundary=/);
    expect(seen.body.length).to.be.greaterThan(2 * LIMIT);
  });
});
