import { expect } from 'chai';
import pg from 'pg';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { testEnvironment, type TestEnvironment } from '../src/index.ts';

describe('testing/testEnvironment', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });

  it('When asked twice in one process, then both callers share the same servers', async () => {
    const again = await testEnvironment();
    expect(again).to.equal(env);
    expect(again.postgres.port).to.equal(env.postgres.port);
  });

  it('When two suites ask for a database with the same prefix, then each gets its own, empty and usable', async () => {
    const [first, second] = await Promise.all([env.newDatabase('Catalog-Suite'), env.newDatabase('Catalog-Suite')]);
    expect(first).to.not.equal(second);
    expect(new URL(first).pathname).to.match(/^\/catalog_suite_\d+_\d+_[0-9a-f]{6}$/);
    const client = new pg.Client(first);
    await client.connect();
    try {
      const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows[0].n).to.equal(0);
    } finally {
      await client.end();
    }
  });

  it('When a suite talks to the emulator and the issuer, then both answer', async () => {
    const sqs = new SQSClient({ endpoint: env.emulator.endpoint, region: env.emulator.region, credentials: env.emulator.credentials });
    const queues = await sqs.send(new ListQueuesCommand({}));
    expect(queues.$metadata.httpStatusCode).to.equal(200);
    const jwks = await fetch(env.issuer.jwksUrl);
    expect(jwks.status).to.equal(200);
    expect(((await jwks.json()) as any).keys).to.have.length.greaterThan(0);
  });
});
