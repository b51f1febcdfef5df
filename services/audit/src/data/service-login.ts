import type { Sequelize } from 'sequelize';

/** The group role migrations/audit/04 creates and grants (INSERT and SELECT on the log, nothing else). */
export const AUDIT_WRITER_ROLE = 'episodic_audit_writer';

/**
 * Creates (or re-grants, with the password given) the login user the audit service connects as,
 * a member of the writer role only. Run by whoever provisions the database, as its owner, after
 * the migrations: `npm start`, the test environment, docker compose's provision step, and in AWS
 * audit's init container (services/audit/src/migrate.ts, the login from its own secret).
 *
 *   await ensureServiceLogin(owner, { user: 'episodic_audit_service', password });
 */
export async function ensureServiceLogin(owner: Sequelize, login: { user: string; password: string }): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(login.user)) throw new Error(`not a plain role name: ${login.user}`);
  const password = owner.escape(login.password);
  await owner.query(`
    DO $$ BEGIN
      CREATE ROLE ${login.user} LOGIN PASSWORD ${password};
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    -- Again when it existed: a rotated secret takes effect at the next run.
    ALTER ROLE ${login.user} WITH LOGIN PASSWORD ${password};
    GRANT ${AUDIT_WRITER_ROLE} TO ${login.user};
    -- Where CONNECT is revoked from PUBLIC (infra/aws does), the login needs it by name.
    DO $$ BEGIN
      EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${login.user}', current_database());
    END $$;`);
}

/** The same database URL with other credentials. */
export function urlAs(url: string, login: { user: string; password: string }): string {
  const parsed = new URL(url);
  parsed.username = login.user;
  parsed.password = encodeURIComponent(login.password);
  return parsed.toString();
}
