import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

const TIMEOUT_MS = 200;

describe('gateway: when a service fails', () => {
  let gateway: RunningGateway;

  beforeEach(async () => {
    gateway = await startGateway({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });
  afterEach(() => gateway.close());

  async function problemOf(response: Response, status: number): Promise<any> {
    expect(response.status).to.equal(status);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    return response.json();
  }

  it('When the service refuses connections, then 503 problem+json naming it by role, not by URL, host or stack', async () => {
    await gateway.echo.catalog!.close();
    const problem = await problemOf(await gateway.call('/api/v1/episodes', { as: 'viewer' }), 503);
    expect(problem).to.include({ type: 'urn:problem:episodic:dependency-unavailable' });
    expect(problem.detail).to.contain('catalog service');
    expect(JSON.stringify(problem)).to.not.match(/127\.0\.0\.1|localhost|http:|ECONNREFUSED|\bat .+\.ts:\d+/);
  });

  it('When the service is slower than UPSTREAM_TIMEOUT_MS, then 504 problem+json within the timeout', async () => {
    gateway.echo.catalog!.delayMs = 2_000;
    const started = Date.now();
    const problem = await problemOf(await gateway.call('/api/v1/episodes', { as: 'viewer' }), 504);
    expect(Date.now() - started).to.be.lessThan(TIMEOUT_MS + 700);
    expect(problem).to.include({ type: 'urn:problem:episodic:upstream-timeout' });
  });

  it('When calls keep failing, then the circuit opens and the gateway answers 503 without calling the service', async () => {
    const catalog = gateway.echo.catalog!;
    catalog.delayMs = 2_000;
    for (let attempt = 0; attempt < 5; attempt += 1) await problemOf(await gateway.call('/api/v1/episodes', { as: 'viewer' }), 504);
    expect(gateway.gateway.upstreams.catalog!.breaker.opened).to.equal(true);
    const callsBefore = catalog.calls();
    const started = Date.now();
    const problem = await problemOf(await gateway.call('/api/v1/episodes/1', { as: 'viewer' }), 503);
    expect(problem.detail).to.contain('catalog service is unavailable');
    expect(Date.now() - started).to.be.lessThan(TIMEOUT_MS);
    expect(catalog.calls()).to.equal(callsBefore);
    // Other services keep their own circuit.
    expect((await gateway.call('/api/v1/audit/activity', { as: 'admin' })).status).to.equal(200);
  });

  it('When the service answers 5xx itself, then its answer passes through unchanged', async () => {
    gateway.echo.catalog!.failWith = 500;
    const problem = await problemOf(await gateway.call('/api/v1/episodes', { as: 'viewer' }), 500);
    expect(problem).to.deep.equal({ type: 'urn:problem:episodic:internal', title: 'Upstream failure', status: 500 });
  });

  it('When the service breaks off its answer midway, then 502 problem+json, never half a body', async () => {
    gateway.echo.catalog!.breakOff = true;
    const problem = await problemOf(await gateway.call('/api/v1/episodes', { as: 'viewer' }), 502);
    expect(problem).to.include({ type: 'urn:problem:episodic:upstream-broken-answer' });
    expect(problem.detail).to.contain('catalog service');
  });
});
