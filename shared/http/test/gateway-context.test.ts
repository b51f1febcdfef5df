import { expect } from 'chai';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { closeServer, createHttpApp, GATEWAY_CONTEXT_SETTINGS, listen, requestActor, signGatewayContext } from '../src/index.ts';
import { loadConfig } from '@episodic/core';

const trust = { key: 'a-gateway-context-key-of-forty-characters', maxAgeSeconds: 30 };

/** A service behind the gateway: answers with the request id and client ip it settled on. */
describe('http/signed gateway context', () => {
  let server: Server;
  let url: string;
  const warnings: { reason?: string; msg?: string }[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) warnings.push(JSON.parse(line));
        done();
      },
    });
    const app = createHttpApp({
      service: 'behind',
      caller: trust,
      logger: pino({ level: 'warn' }, sink),
      middleware: [(ctx) => void (ctx.body = { requestId: ctx.state.requestId, ip: requestActor(ctx).ip })],
    });
    ({ server, url } = await listen(app, 0));
  });
  after(() => closeServer(server));
  beforeEach(() => (warnings.length = 0));

  const signed = (path: string, context: { ip?: string; requestId?: string; time?: number } = {}, method = 'GET') =>
    signGatewayContext(trust.key, { method, url: path }, { ip: context.ip ?? '198.51.100.7', requestId: context.requestId ?? 'gw-req-1', time: context.time ?? Date.now() });

  const ask = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${url}${path}`, { headers });
    return { body: (await response.json()) as { requestId: string; ip: string }, echoed: response.headers.get('x-request-id') };
  };

  it('When the gateway signed the context, then the service takes its client ip and request id', async () => {
    const { body, echoed } = await ask('/things?limit=5', signed('/things?limit=5'));
    expect(body).to.deep.equal({ requestId: 'gw-req-1', ip: '198.51.100.7' });
    expect(echoed).to.equal('gw-req-1');
    expect(warnings).to.deep.equal([]);
  });

  it('When a caller forges the ip (X-Forwarded-For, or a context signed with another key), then the socket address and a fresh id are used, and a warning logged', async () => {
    const forged = signGatewayContext('not-the-key-not-the-key-not-the-key-!!', { method: 'GET', url: '/things' }, { ip: '203.0.113.66', requestId: 'forged-1', time: Date.now() });
    for (const headers of [{ 'x-forwarded-for': '203.0.113.66', 'x-request-id': 'forged-1' }, forged]) {
      const { body } = await ask('/things', headers);
      expect(body.ip).to.equal('127.0.0.1');
      expect(body.requestId).to.not.equal('forged-1');
    }
    expect(warnings.map((line) => line.reason)).to.deep.equal(['unsigned x-forwarded-for', 'bad-signature']);
  });

  it('When a signed context is replayed after its max age, then it is ignored as expired', async () => {
    const old = signed('/things', { time: Date.now() - 31_000 });
    const { body } = await ask('/things', old);
    expect(body.ip).to.equal('127.0.0.1');
    expect(warnings.map((line) => line.reason)).to.deep.equal(['expired']);
  });

  it('When a signature is moved to another path, method or ip, then it does not check', async () => {
    const forThings = signed('/things');
    expect((await ask('/other', forThings)).body.ip).to.equal('127.0.0.1');
    expect((await ask('/things', { ...forThings, 'x-episodic-client-ip': '192.0.2.1' })).body.ip).to.equal('127.0.0.1');
    expect((await ask('/things', signed('/things', {}, 'DELETE'))).body.ip).to.equal('127.0.0.1');
    expect(warnings.map((line) => line.reason)).to.deep.equal(['bad-signature', 'bad-signature', 'bad-signature']);
  });

  it('When a plain call carries no context (a health probe), then nothing is logged', async () => {
    expect((await ask('/things', {})).body.ip).to.equal('127.0.0.1');
    expect(warnings).to.deep.equal([]);
  });

  it('When GATEWAY_CONTEXT_KEY is shorter than 32 characters, then the config fails naming it without echoing the value', () => {
    const error = (() => {
      try {
        loadConfig(GATEWAY_CONTEXT_SETTINGS, { GATEWAY_CONTEXT_KEY: 'short-secret' });
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error?.message).to.match(/GATEWAY_CONTEXT_KEY/).and.not.match(/short-secret/);
  });
});

describe('http/request log lines behind the gateway', () => {
  let server: Server;
  let url: string;
  const lines: { level: number; msg: string; requestId?: string }[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = createHttpApp({ service: 'behind', caller: trust, logger: pino({ level: 'debug' }, sink), middleware: [(ctx) => void (ctx.body = { ok: true })] });
    ({ server, url } = await listen(app, 0));
  });
  after(() => closeServer(server));

  const requestLine = async (requestId: string) => {
    await new Promise((resolve) => setImmediate(resolve));
    return lines.find((line) => line.msg === 'request' && line.requestId === requestId);
  };

  it('When the gateway forwarded a request, then the service logs it at debug (the gateway has it at info); a direct call stays at info', async () => {
    const headers = signGatewayContext(trust.key, { method: 'GET', url: '/things' }, { ip: '198.51.100.7', requestId: 'forwarded-1', time: Date.now() });
    await (await fetch(`${url}/things`, { headers })).text();
    expect((await requestLine('forwarded-1'))?.level).to.equal(20);
    const direct = await fetch(`${url}/things`);
    await direct.text();
    expect((await requestLine(direct.headers.get('x-request-id')!))?.level).to.equal(30);
  });
});
