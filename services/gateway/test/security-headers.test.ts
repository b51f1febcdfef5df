import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: security headers', () => {
  let gateway: RunningGateway;

  before(async () => {
    gateway = await startGateway({ services: ['catalog'] });
  });
  after(() => gateway.close());

  it('When any response leaves the gateway (proxied, refused, unknown), then it carries the security headers and a request id', async () => {
    const responses = [
      await gateway.call('/api/v1/episodes', { as: 'viewer' }),
      await gateway.call('/api/v1/episodes'),
      await gateway.call('/nowhere'),
      await gateway.call('/api/v1/episodes', { method: 'DELETE', as: 'admin' }),
    ];
    for (const response of responses) {
      const headers = response.headers;
      expect(headers.get('x-content-type-options'), String(response.status)).to.equal('nosniff');
      expect(headers.get('x-frame-options')).to.equal('DENY');
      expect(headers.get('referrer-policy')).to.equal('no-referrer');
      expect(headers.get('strict-transport-security')).to.contain('max-age=');
      expect(headers.get('content-security-policy')).to.equal("default-src 'none'; frame-ancestors 'none'");
      expect(headers.get('x-powered-by')).to.equal(null);
      expect(headers.get('x-request-id')).to.be.a('string');
      await response.body?.cancel();
    }
  });
});
