import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: health and readiness', () => {
  let gateway: RunningGateway;

  before(async () => {
    gateway = await startGateway({ services: ['catalog', 'audit'] });
  });
  after(() => gateway.close());

  it('When the identity provider and every configured service answer, then /ready is 200 listing each check', async () => {
    const response = await gateway.call('/ready');
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ready', checks: { jwks: 'ok', catalog: 'ok', audit: 'ok' } });
    expect((await gateway.call('/health')).status).to.equal(200);
  });

  it('When a service is down, then /ready is 503 problem+json naming it, while /health stays 200', async () => {
    await gateway.echo.audit!.close();
    const response = await gateway.call('/ready');
    expect(response.status).to.equal(503);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    const problem = (await response.json()) as any;
    expect(problem.checks).to.include({ jwks: 'ok', catalog: 'ok' });
    expect(problem.checks.audit).to.not.equal('ok');
    expect((await gateway.call('/health')).status).to.equal(200);
  });
});
