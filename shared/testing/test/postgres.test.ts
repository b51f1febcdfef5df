import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../src/ports.ts';
import { startPostgres, type EmbeddedDatabase } from '../src/postgres.ts';

async function query(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** As root the server runs as 'postgres'; otherwise as us. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'))!;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

describe('testing/startPostgres', () => {
  describe('with a throwaway data folder', () => {
    let postgres: EmbeddedDatabase;
    before(async () => {
      postgres = await startPostgres();
    });
    after(() => postgres.stop());

    it('When started without options, then it listens on loopback on a free port and answers queries', async () => {
      expect(postgres.host).to.equal('127.0.0.1');
      expect(postgres.port).to.be.greaterThan(0);
      const result = await query(postgres.url('postgres'), "SELECT current_setting('server_encoding') AS encoding, lower('ÉPISODE') AS lowered");
      expect(result.rows[0]).to.deep.equal({ encoding: 'UTF8', lowered: 'épisode' });
    });

    it('When ensureDatabase is called twice, even concurrently, then the database exists once and keeps its data', async () => {
      await Promise.all([postgres.ensureDatabase('twice'), postgres.ensureDatabase('twice')]);
      await query(postgres.url('twice'), 'CREATE TABLE kept (id int)');
      await postgres.ensureDatabase('twice');
      const tables = await query(postgres.url('twice'), "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'kept'");
      expect(tables.rows[0].n).to.equal(1);
    });

    it('When a database is dropped while a client is still connected, then it is gone', async () => {
      await postgres.ensureDatabase('doomed');
      const client = new pg.Client(postgres.url('doomed'));
      client.on('error', () => undefined);
      await client.connect();
      await postgres.dropDatabase('doomed');
      await postgres.dropDatabase('doomed');
      const found = await query(postgres.url('postgres'), 'SELECT 1 FROM pg_database WHERE datname = $1', ['doomed']);
      expect(found.rowCount).to.equal(0);
      await client.end().catch(() => undefined);
    });

    it('When its port is already taken, then starting another fails with one line naming the port', async () => {
      const error = await startPostgres({ port: postgres.port }).catch((caught: Error) => caught);
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(new RegExp(`^Port ${postgres.port} is already in use, so PostgreSQL cannot listen on it`));
      expect((error as Error).message).not.to.include('\n');
    });
  });

  describe('with a persistent data folder', () => {
    let parent: string;
    let dataDir: string;
    before(async () => {
      // Under the OS temp dir: as root the server runs as 'postgres', which must reach the folder.
      parent = await mkdtemp(join(tmpdir(), 'episodic-pg-test-'));
      await chmod(parent, 0o755);
      dataDir = join(parent, 'cluster');
    });
    after(() => rm(parent, { recursive: true, force: true }));

    it('When stopped and started again on the same folder, then the data is still there', async () => {
      const first = await startPostgres({ dataDir });
      await first.ensureDatabase('kept');
      await query(first.url('kept'), 'CREATE TABLE episodes (title text); INSERT INTO episodes VALUES ($$Pilot$$)');
      await first.stop();
      expect(existsSync(join(dataDir, 'PG_VERSION'))).to.equal(true);

      const second = await startPostgres({ dataDir });
      try {
        const rows = await query(second.url('kept'), 'SELECT title FROM episodes');
        expect(rows.rows).to.deep.equal([{ title: 'Pilot' }]);
      } finally {
        await second.stop();
      }
      expect(existsSync(join(dataDir, 'PG_VERSION'))).to.equal(true);
    });

    it('When a killed run left postmaster.pid naming a live process that is not PostgreSQL, then it starts anyway', async () => {
      // Pid reuse after a killed run: a process of the server's own user got the old pid.
      // PostgreSQL alone would refuse ("lock file already exists").
      const stranger = spawn('sleep', ['60'], serverUser());
      try {
        await writeFile(join(dataDir, 'postmaster.pid'), `${stranger.pid}\n${dataDir}\n0\n5432\n\n\n`);
        const postgres = await startPostgres({ dataDir });
        const result = await query(postgres.url('kept'), 'SELECT count(*)::int AS n FROM episodes');
        await postgres.stop();
        expect(result.rows[0].n).to.equal(1);
      } finally {
        stranger.kill();
      }
    });

    it('When a killed run left postmaster.pid naming a dead process, then it starts anyway', async () => {
      await writeFile(join(dataDir, 'postmaster.pid'), `2147483646\n${dataDir}\n0\n5432\n\n\n`);
      const postgres = await startPostgres({ dataDir });
      await postgres.stop();
    });

    it('When a PostgreSQL from an earlier run still serves the folder, then starting again names its pid', async () => {
      const running = await startPostgres({ dataDir });
      try {
        const error = await startPostgres({ dataDir, port: await freePort() }).catch((caught: Error) => caught);
        expect((error as Error).message).to.match(/^PostgreSQL \(pid \d+\) is still running on .*cluster/);
      } finally {
        await running.stop();
      }
    });
  });

  it('When run as root with a data folder the postgres user cannot reach, then the error names the blocking folder', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const closed = await mkdtemp(join(tmpdir(), 'episodic-pg-closed-'));
    try {
      const error = await startPostgres({ dataDir: join(closed, 'cluster') }).catch((caught: Error) => caught);
      expect((error as Error).message).to.include(`${closed} lacks the x bit for others`);
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });

  it('When stopped, then its throwaway data folder is removed and stop can be called again', async () => {
    const postgres = await startPostgres();
    const found = await query(postgres.url('postgres'), "SELECT current_setting('data_directory') AS dir");
    const folder = found.rows[0].dir as string;
    expect(existsSync(folder)).to.equal(true);
    await postgres.stop();
    await postgres.stop();
    expect(existsSync(folder)).to.equal(false);
  });
});
