import type pg from 'pg';

/** One service's database and the login role that owns it (from the service's own secret). */
export interface ServiceDatabase {
  database: string;
  username: string;
  password: string;
  /** CREATEROLE, for a service whose migrations create a group role (since PostgreSQL 16 it manages only the roles it created). */
  createRoles?: boolean;
}

type Sql = Pick<pg.Client, 'query' | 'escapeIdentifier' | 'escapeLiteral'>;

/**
 * Makes `username` a login role with `password` that owns `database`, which only it (and the
 * admin) may connect to. Idempotent: run at every deployment, it creates what is missing and
 * sets the password again, so a rotated secret takes effect at the next run.
 *
 *   await provisionServiceDatabase(adminClient, { database: 'catalog', username: 'catalog', password });
 */
export async function provisionServiceDatabase(client: Sql, wanted: ServiceDatabase): Promise<void> {
  const role = client.escapeIdentifier(wanted.username);
  const database = client.escapeIdentifier(wanted.database);
  const password = client.escapeLiteral(wanted.password);
  const roleExists = await exists(client, 'SELECT 1 FROM pg_roles WHERE rolname = $1', wanted.username);
  const createRole = wanted.createRoles ? 'CREATEROLE' : 'NOCREATEROLE';
  await client.query(`${roleExists ? 'ALTER' : 'CREATE'} ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB ${createRole} PASSWORD ${password}`);
  // Since PostgreSQL 16 the creator of a role may not act as it by default, and RDS's admin is
  // no superuser: membership lets it hand the database to the role.
  await client.query(`GRANT ${role} TO CURRENT_USER`);
  if (await exists(client, 'SELECT 1 FROM pg_database WHERE datname = $1', wanted.database)) {
    await client.query(`ALTER DATABASE ${database} OWNER TO ${role}`);
  } else {
    await client.query(`CREATE DATABASE ${database} OWNER ${role}`);
  }
  // Services never read each other's tables: no role but the owner may connect.
  await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
}

async function exists(client: Sql, sql: string, name: string): Promise<boolean> {
  const { rowCount } = await client.query(sql, [name]);
  return (rowCount ?? 0) > 0;
}
