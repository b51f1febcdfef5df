import { expect } from 'chai';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createLogger, waitFor } from '@episodic/core';
import { closeServer, listen } from '@episodic/http';
import { startTracing, type Tracing } from '@episodic/tracing';
import { TEST_GATEWAY_CONTEXT } from '@episodic/testing';
import { readGatewayConfig } from '../../services/gateway/src/config.ts';
import { createGateway, type Gateway } from '../../services/gateway/src/gateway.ts';
import { newEpisode, startCatalog, type CatalogUnderTest } from '../../services/catalog/test/catalog-under-test.ts';
import { startAudit, type AuditUnderTest } from '../../services/audit/test/audit-under-test.ts';

const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_PARENT = `00-${CLIENT_TRACE}-00f067aa0ba902b7-01`;

/*
 * One process runs the gateway, catalog (with its outbox relay) and audit's consumer, so the
 * SDK's in-memory exporter sees every span: the request's trace must run through all of them.
 */
describe('tracing: gateway → catalog → outbox → SNS/SQS → audit consumer', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let catalog: CatalogUnderTest;
  let audit: AuditUnderTest;
  let gateway: Gateway;
  let server: Awaited<ReturnType<typeof listen>>['server'];
  let url: string;

  before(async () => {
    tracing = await startTracing({ service: 'episodic-test', exporter });
    catalog = await startCatalog();
    audit = await startAudit();
    const env = catalog.env;
    const config = readGatewayConfig({
      CATALOG_URL: catalog.url,
      AUDIT_URL: audit.url,
      COGNITO_ISSUER: env.issuer.issuer,
      COGNITO_JWKS_URL: env.issuer.jwksUrl,
      COGNITO_CLIENT_IDS: env.issuer.clientId,
      GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key,
      AWS_REGION: env.emulator.region,
      AWS_ENDPOINT: env.emulator.endpoint,
      AWS_ACCESS_KEY_ID: env.emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: env.emulator.credentials.secretAccessKey,
    });
    gateway = createGateway(config, createLogger({ name: 'gateway', level: 'silent' }));
    ({ server, url } = await listen(gateway.app, 0));
  });
  after(async () => {
    server.closeAllConnections();
    await closeServer(server);
    await gateway.close(500);
    await audit.stop();
    await catalog.stop();
    await tracing?.shutdown();
  });

  let episodeNumber = 0;
  async function create(headers: Record<string, string>): Promise<{ status: number; id: number; requestId: string }> {
    episodeNumber += 1;
    const token = await catalog.token('editor');
    const response = await fetch(`${url}/api/v1/episodes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(newEpisode({ show_name: 'Traced Show', episode_number: episodeNumber })),
    });
    const body = await response.json() as { id: number };
    return { status: response.status, id: body.id, requestId: response.headers.get('x-request-id')! };
  }

  /** The finished spans of one trace once its audit consumer span is among them. */
  function traceOf(traceId: string): Promise<ReadableSpan[]> {
    return waitFor(() => {
      const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      return spans.some((span) => span.name === 'process episode.created') ? spans : undefined;
    }, { timeoutMs: 15_000, what: `the audit consumer span of trace ${traceId}` });
  }

  it("When a client's request carries a traceparent, then the gateway, catalog, outbox publish and audit consumer spans share its trace id", async () => {
    const created = await create({ traceparent: CLIENT_PARENT });
    expect(created.status).to.equal(201);
    const spans = await traceOf(CLIENT_TRACE);
    const names = spans.map((span) => span.name);
    expect(names).to.include.members(['POST /api/v1/episodes', 'publish episode.created', 'process episode.created']);
    // The gateway's server span and catalog's: the same route, one the parent of the other.
    const servers = spans.filter((span) => span.name === 'POST /api/v1/episodes');
    expect(servers).to.have.length(2);
    const [gatewaySpan, catalogSpan] = servers.sort((a, b) => (a.attributes['episodic.service'] === 'gateway' ? -1 : 1) - (b.attributes['episodic.service'] === 'gateway' ? -1 : 1));
    expect(gatewaySpan!.attributes['episodic.service']).to.equal('gateway');
    expect(gatewaySpan!.parentSpanContext?.spanId).to.equal('00f067aa0ba902b7');
    expect(catalogSpan!.parentSpanContext?.spanId).to.equal(gatewaySpan!.spanContext().spanId);
    const publish = spans.find((span) => span.name === 'publish episode.created')!;
    const consume = spans.find((span) => span.name === 'process episode.created')!;
    expect(publish.parentSpanContext?.spanId).to.equal(catalogSpan!.spanContext().spanId);
    expect(consume.parentSpanContext?.spanId).to.equal(publish.spanContext().spanId);
    const [stored] = await catalog.sequelize.query<{ trace_context: string }>('SELECT trace_context FROM outbox WHERE event_type = :type ORDER BY seq DESC LIMIT 1', { replacements: { type: 'episode.created' }, type: 'SELECT' as never });
    expect(stored!.trace_context).to.match(new RegExp(`^00-${CLIENT_TRACE}-${catalogSpan!.spanContext().spanId}-01$`));
  });

  it('When the traceparent is malformed, then the request still succeeds and a new trace runs through to the audit consumer', async () => {
    const created = await create({ traceparent: '00-not-a-trace-01' });
    expect(created.status).to.equal(201);
    const gatewaySpan = await waitFor(() => exporter.getFinishedSpans().find((span) =>
      span.attributes['episodic.service'] === 'gateway' && span.name === 'POST /api/v1/episodes' && span.spanContext().traceId !== CLIENT_TRACE && span.parentSpanContext === undefined));
    const spans = await traceOf(gatewaySpan.spanContext().traceId);
    expect(spans.map((span) => span.name)).to.include.members(['publish episode.created', 'process episode.created']);
  });
});
