import { expect } from 'chai';
import { readGatewayContext } from '@episodic/http';
import { TEST_GATEWAY_CONTEXT } from '@episodic/testing';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: the signed context it sends to services', () => {
  let gateway: RunningGateway;
  let behindProxy: RunningGateway;

  before(async () => {
    gateway = await startGateway({ services: ['catalog', 'audit'] });
    behindProxy = await startGateway({ services: ['catalog', 'audit'], env: { GATEWAY_TRUSTED_PROXIES: '1' } });
  });
  after(async () => {
    await gateway.close();
    await behindProxy.close();
  });

  const seenBy = async (running: RunningGateway, path: string, headers: Record<string, string>) => {
    const response = await running.call(path, { as: 'viewer', headers });
    const seen = (await response.json()) as { method: string; url: string; headers: Record<string, string> };
    return { seen, requestId: response.headers.get('x-request-id') };
  };

  it('When a request is forwarded, then the service gets the client ip and request id signed for that method and path', async () => {
    const { seen, requestId } = await seenBy(gateway, '/api/v1/episodes?limit=5', { 'x-request-id': 'signed-1', 'x-forwarded-for': '203.0.113.66' });
    const reading = readGatewayContext(TEST_GATEWAY_CONTEXT, { method: seen.method, url: seen.url, headers: seen.headers });
    expect(reading).to.have.property('context').that.includes({ ip: '127.0.0.1', requestId: 'signed-1' });
    expect(requestId).to.equal('signed-1');
    const moved = readGatewayContext(TEST_GATEWAY_CONTEXT, { method: 'DELETE', url: '/api/v1/episodes/1', headers: seen.headers });
    expect(moved).to.deep.equal({ rejected: 'bad-signature' });
  });

  it('When a client sends context headers of its own, then they are replaced by the gateway\'s', async () => {
    const { seen } = await seenBy(gateway, '/api/v1/episodes', { 'x-episodic-client-ip': '203.0.113.66', 'x-episodic-signature': 'forged' });
    expect(seen.headers['x-episodic-client-ip']).to.equal('127.0.0.1');
    expect(readGatewayContext(TEST_GATEWAY_CONTEXT, { method: seen.method, url: seen.url, headers: seen.headers })).to.have.property('context');
  });

  it('When GATEWAY_TRUSTED_PROXIES is 1, then the signed ip is the last X-Forwarded-For entry, not an earlier (client-written) one', async () => {
    const { seen } = await seenBy(behindProxy, '/api/v1/episodes', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' });
    const reading = readGatewayContext(TEST_GATEWAY_CONTEXT, { method: seen.method, url: seen.url, headers: seen.headers });
    expect(reading).to.have.property('context').that.includes({ ip: '203.0.113.9' });
  });

  it('When a client sends a request id outside ^[A-Za-z0-9._:-]{1,128}$, then a fresh one is used, signed, and named in the response', async () => {
    for (const bad of ['has space', 'x'.repeat(129), 'semi;colon', '<script>']) {
      const { seen, requestId } = await seenBy(gateway, '/api/v1/episodes', { 'x-request-id': bad });
      expect(requestId).to.match(/^[0-9a-f-]{36}$/);
      expect(seen.headers['x-episodic-request-id']).to.equal(requestId);
    }
  });
});
