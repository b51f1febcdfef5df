import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { waitFor } from '@episodic/core';
import { Outbox } from '@episodic/db';
import { closedEndpoint, logger, newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

/** Makes every commit that carries an outbox row for show 'Doomed' fail, after the row was written. */
const FAIL_DOOMED_COMMITS = `
  CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.event -> 'data' -> 'episode' ->> 'show_name' = 'Doomed' THEN
      RAISE EXCEPTION 'refused at commit';
    END IF;
    RETURN NEW;
  END $$;
  CREATE CONSTRAINT TRIGGER refuse_doomed AFTER INSERT ON outbox
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_doomed();`;

describe('catalog/outbox: events and their writes commit together', () => {
  describe('with SNS reachable', () => {
    let catalog: CatalogUnderTest;

    before(async () => {
      catalog = await startCatalog();
      await catalog.sequelize.query(FAIL_DOOMED_COMMITS);
    });
    after(() => catalog.stop());

    it('When a write rolls back after its event was put in the outbox, then neither the episode nor the event exists anywhere', async () => {
      const doomed = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Doomed' }) });
      expect(doomed.status).to.equal(500);
      expect(doomed.body.detail).to.not.contain('refused');
      const marker = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Survivor' }) });
      expect(marker.status).to.equal(201);
      // The relay publishes in outbox order, so once the later write's event arrives, an earlier one would have too.
      await catalog.events.eventOf('episode.created', `episodes/${marker.body.id}`);
      expect(catalog.events.received.filter((event) => event.correlationid === doomed.requestId)).to.deep.equal([]);
      expect((await catalog.call('GET', '/api/v1/episodes?show_name=Doomed')).body.items).to.deep.equal([]);
      const rows = await catalog.sequelize.query("SELECT seq FROM outbox WHERE event -> 'data' -> 'episode' ->> 'show_name' = 'Doomed'", { type: QueryTypes.SELECT });
      expect(rows).to.deep.equal([]);
    });

    it('When the relay has published a write, then its outbox row is marked sent and nothing is pending', async () => {
      const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Sent Show' }) });
      await catalog.events.eventOf('episode.created', `episodes/${created.body.id}`);
      await waitFor(async () => (await catalog.outbox.pendingCount()) === 0, { what: 'an empty outbox' });
    });

    it('When the database and SNS answer, then /ready reports both ok', async () => {
      const response = await fetch(`${catalog.url}/ready`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.include({ checks: { database: 'ok', sns: 'ok' } });
    });
  });

  describe('with SNS unreachable', () => {
    let catalog: CatalogUnderTest;

    before(async () => (catalog = await startCatalog({ snsEndpoint: await closedEndpoint() })));
    after(() => catalog.stop());

    it('When SNS cannot be reached, then /ready answers 503 naming sns', async () => {
      const response = await fetch(`${catalog.url}/ready`);
      expect(response.status).to.equal(503);
      const body = (await response.json()) as any;
      expect(body.checks.database).to.equal('ok');
      expect(body.checks.sns).to.not.equal('ok');
    });

    it('When writes happen while SNS is down, then they succeed, and every event is published in order once a relay reaches SNS', async () => {
      const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Outage Show' }) });
      expect(created.status).to.equal(201);
      const updated = await catalog.call('PATCH', `/api/v1/episodes/${created.body.id}`, { body: { genre: 'Storm' } });
      expect(updated.status).to.equal(200);
      const deleted = await catalog.call('DELETE', `/api/v1/episodes/${created.body.id}`, { role: 'admin' });
      expect(deleted.status).to.equal(204);
      await waitFor(
        async () => {
          const [row] = await catalog.sequelize.query<{ attempts: number }>('SELECT attempts FROM outbox ORDER BY seq LIMIT 1', { type: QueryTypes.SELECT });
          return row !== undefined && row.attempts > 0;
        },
        { what: 'a failed publish attempt' },
      );
      expect(await catalog.outbox.pendingCount()).to.equal(3);

      await catalog.outbox.stop();
      const recovered = new Outbox({ sequelize: catalog.sequelize, logger, publish: catalog.publish, pollIntervalMs: 50 });
      recovered.start();
      try {
        const subject = `episodes/${created.body.id}`;
        await catalog.events.eventOf('episode.deleted', subject, deleted.requestId);
        const arrived = catalog.events.received.filter((event) => event.subject === subject);
        expect(arrived.map((event) => [event.type, event.correlationid])).to.deep.equal([
          ['episode.created', created.requestId],
          ['episode.updated', updated.requestId],
          ['episode.deleted', deleted.requestId],
        ]);
        await waitFor(async () => (await recovered.pendingCount()) === 0, { what: 'an empty outbox' });
      } finally {
        await recovered.stop();
      }
    });
  });
});

