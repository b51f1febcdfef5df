import { expect } from 'chai';
import pg from 'pg';
import { testEnvironment, type TestEnvironment } from '@episodic/testing';
import { provisionServiceDatabase } from '../src/provisioning/service-databases.ts';

describe('infra/aws: provisioning of service databases', () => {
  let env: TestEnvironment;
  let admin: pg.Client;
  const suffix = Math.random().toString(36).slice(2, 8);
  const catalog = { database: `prov_catalog_${suffix}`, username: `prov_catalog_${suffix}`, password: "p'w\"d-1; DROP ROLE x" };
  const media = { database: `prov_media_${suffix}`, username: `prov_media_${suffix}`, password: 'media-password-1' };
  const urlOf = (user: { username: string; password: string }, database: string) => {
    const url = new URL(env.postgres.url(database));
    url.username = user.username;
    url.password = user.password;
    return url.toString();
  };
  const connectAs = async (user: { username: string; password: string }, database: string) => {
    const client = new pg.Client({ connectionString: urlOf(user, database) });
    await client.connect();
    return client;
  };

  before(async () => {
    env = await testEnvironment();
    admin = new pg.Client({ connectionString: env.postgres.url('postgres') });
    await admin.connect();
  });
  after(async () => {
    for (const service of [catalog, media]) {
      await env.postgres.dropDatabase(service.database);
      await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(service.username)}`);
    }
    await admin.end();
  });

  it('When run twice, then each service role logs in to its own database and owns it', async () => {
    for (let run = 0; run < 2; run += 1) {
      await provisionServiceDatabase(admin, catalog);
      await provisionServiceDatabase(admin, media);
    }
    const client = await connectAs(catalog, catalog.database);
    try {
      const { rows } = await client.query('SELECT current_user AS who, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()');
      expect(rows[0]).to.deep.equal({ who: catalog.username, owner: catalog.username });
      await client.query('CREATE TABLE owned_here (id int)');
    } finally {
      await client.end();
    }
  });

  it("When a role tries another service's database, then PostgreSQL refuses the connection", async () => {
    await provisionServiceDatabase(admin, catalog);
    await provisionServiceDatabase(admin, media);
    const refused = await connectAs(media, catalog.database).then(async (client) => { await client.end(); return undefined; }, (error: Error) => error);
    expect(refused?.message).to.match(/permission denied for database/);
  });

  it("When a service's migrations create a group role, then only its login is given CREATEROLE", async () => {
    await provisionServiceDatabase(admin, { ...catalog, createRoles: true });
    await provisionServiceDatabase(admin, media);
    const { rows } = await admin.query('SELECT rolname, rolcreaterole FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname', [[catalog.username, media.username]]);
    expect(rows).to.deep.equal([{ rolname: catalog.username, rolcreaterole: true }, { rolname: media.username, rolcreaterole: false }].sort((a, b) => a.rolname.localeCompare(b.rolname)));
    await provisionServiceDatabase(admin, catalog);
    const again = await admin.query('SELECT rolcreaterole FROM pg_roles WHERE rolname = $1', [catalog.username]);
    expect(again.rows[0].rolcreaterole).to.equal(false);
  });

  it('When the secret holds a new password, then the next run makes it the one that works', async () => {
    await provisionServiceDatabase(admin, media);
    const rotated = { ...media, password: 'media-password-2' };
    await provisionServiceDatabase(admin, rotated);
    const old = await connectAs(media, media.database).then(async (client) => { await client.end(); return undefined; }, (error: Error) => error);
    expect(old?.message).to.match(/password authentication failed/);
    const client = await connectAs(rotated, media.database);
    await client.end();
  });
});
