/**
 * The floor of the read benchmark, started by the bench like a service (its own process, its own
 * event loop): one Koa handler and one pg pool of the catalog's default size (10) answering
 * GET /api/v1/episodes/:id with the same row from the catalog's database. Nothing else: no
 * authentication, validation, logging or audit. Env: DATABASE_URL, PORT; GET /ready answers 200.
 */
import Koa from 'koa';
import pg from 'pg';
import { closeServer, listen } from '@episodic/http';

const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
const app = new Koa();
app.use(async (ctx) => {
  if (ctx.path === '/ready') {
    ctx.body = { status: 'ready' };
    return;
  }
  const { rows } = await pool.query('SELECT * FROM episodes WHERE id = $1 AND deleted_at IS NULL', [Number(ctx.path.split('/').at(-1))]);
  if (rows[0] === undefined) ctx.status = 404;
  else ctx.body = rows[0];
});
const { server } = await listen(app, Number(process.env['PORT'] ?? 0));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void closeServer(server).then(() => pool.end()).then(() => process.exit(0)));
}
