import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: health, readiness and metrics', () => {
  let gateway: RunningGateway;
  const admin = (path: string) => fetch(`${gateway.adminUrl}${path}`);

  before(async () => {
    gateway = await startGateway({ services: ['catalog', 'audit'] });
  });
  after(() => gateway.close());

  it('When the identity provider and every configured service answer, then the admin /ready is 200 listing each check', async () => {
    const response = await admin('/ready');
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ready', checks: { jwks: 'ok', catalog: 'ok', audit: 'ok' } });
  });

  it('When /health is asked on the public port, then 200 with nothing but the status', async () => {
    const response = await gateway.call('/health');
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ok' });
  });

  it('When /ready or /metrics is asked on the public port, then 404: they live on the admin listener only', async () => {
    await (await gateway.call('/api/v1/episodes', { as: 'viewer' })).body?.cancel();
    for (const path of ['/ready', '/metrics']) expect((await gateway.call(path)).status, path).to.equal(404);
    const metrics = await (await admin('/metrics')).text();
    expect(metrics).to.match(/http_request_duration_seconds_count\{[^}]*service="gateway"/);
  });

  it('When a service is down, then the admin /ready is 503 problem+json naming it without its URL, while /health stays 200', async () => {
    await gateway.echo.audit!.close();
    const response = await admin('/ready');
    expect(response.status).to.equal(503);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    const text = await response.text();
    expect(JSON.parse(text).checks).to.deep.equal({ jwks: 'ok', catalog: 'ok', audit: 'failing' });
    expect(text).to.not.match(/127\.0\.0\.1|http:|localhost/);
    expect((await gateway.call('/health')).status).to.equal(200);
  });
});
