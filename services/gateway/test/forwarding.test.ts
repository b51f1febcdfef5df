import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: forwarding to the services', () => {
  let gateway: RunningGateway;

  before(async () => {
    gateway = await startGateway({ services: ['catalog', 'audit', 'media'] });
  });
  after(() => gateway.close());

  it('When an allowed request arrives, then the service gets method, path, query, body, token, request id and forwarding headers', async () => {
    const token = await gateway.token('editor');
    const response = await fetch(`${gateway.url}/api/v1/episodes/7?fields=title&x=1`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'episodic-test/1.0',
        'x-request-id': 'forwarding-test-1',
        'x-forwarded-for': '203.0.113.9',
        cookie: 'session=secret',
        'if-match': '"v1"',
      },
      body: JSON.stringify({ title: 'Pilot' }),
    });
    expect(response.status).to.equal(200);
    const seen = (await response.json()) as any;
    expect(seen).to.include({ service: 'catalog', method: 'PUT', url: '/api/v1/episodes/7?fields=title&x=1', body: '{"title":"Pilot"}' });
    expect(seen.headers).to.include({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'episodic-test/1.0',
      'x-request-id': 'forwarding-test-1',
      'if-match': '"v1"',
      'x-forwarded-proto': 'http',
    });
    // No proxy is trusted by default: a client's own X-Forwarded-For claim is dropped.
    expect(seen.headers['x-forwarded-for']).to.equal('127.0.0.1');
    expect(seen.headers).to.not.have.property('cookie');
    expect(response.headers.get('x-request-id')).to.equal('forwarding-test-1');
  });

  it('When the service answers, then status, Location, ETag and body come back, and its cookies do not', async () => {
    const response = await gateway.call('/api/v1/episodes', { method: 'POST', as: 'editor', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).to.equal(201);
    expect(response.headers.get('location')).to.equal('/api/v1/episodes/99');
    expect(response.headers.get('etag')).to.equal('"v1"');
    expect(response.headers.get('content-type')).to.contain('application/json');
    expect(response.headers.get('set-cookie')).to.equal(null);
    expect(((await response.json()) as any).service).to.equal('catalog');
    const deleted = await gateway.call('/api/v1/episodes/7', { method: 'DELETE', as: 'admin' });
    expect(deleted.status).to.equal(204);
    expect(await deleted.text()).to.equal('');
  });

  it('When a path belongs to another service, then the routing table sends it there', async () => {
    const cases: [string, string][] = [
      ['/api/v1/audit/activity?limit=5', 'audit'],
      ['/api/v1/episodes/7/thumbnails', 'media'],
      ['/api/v1/thumbnails/3', 'media'],
      ['/api/v1/episodes/7/metadata', 'catalog'],
    ];
    for (const [path, service] of cases) {
      const response = await gateway.call(path, { as: 'admin' });
      expect(response.status, path).to.equal(200);
      expect(((await response.json()) as any).service, path).to.equal(service);
    }
  });

  it('When the owning service is not configured, then 503 problem+json says so', async () => {
    const response = await gateway.call('/api/v1/processing-queue', { as: 'admin' });
    expect(response.status).to.equal(503);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    const problem = (await response.json()) as any;
    expect(problem).to.include({ type: 'urn:problem:episodic:upstream-not-configured', status: 503 });
    expect(problem.detail).to.contain('processing service is not configured');
  });

  it('When the gateway trusts one proxy, then the client ip that proxy saw is kept and the proxy ip appended', async () => {
    const behindProxy = await startGateway({ services: ['catalog'], env: { GATEWAY_TRUSTED_PROXIES: '1' } });
    try {
      const response = await behindProxy.call('/api/v1/episodes', { as: 'viewer', headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } });
      const seen = (await response.json()) as any;
      expect(seen.headers['x-forwarded-for']).to.equal('203.0.113.9, 127.0.0.1');
    } finally {
      await behindProxy.close();
    }
  });
});
