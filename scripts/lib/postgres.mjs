// A throw-away PostgreSQL server for the tests: Debian's binaries, a fresh data directory
// under os.tmpdir(), 127.0.0.1 on a free non-default port, trust authentication.
// PostgreSQL refuses to run as root: as root, everything runs as the `postgres` user.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall, isRoot } from './apt.mjs';

/** Highest-version Debian PostgreSQL bin dir that has initdb and pg_ctl, or null. */
export function findPgBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const v of versions) {
    const bin = join(base, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

function ensurePgBin() {
  let bin = findPgBin();
  if (bin) return bin;
  if (!isRoot()) {
    throw new Error(
      'PostgreSQL is missing (no initdb/pg_ctl under /usr/lib/postgresql/*/bin). Install it with ' +
        '`sudo apt-get install -y --no-install-recommends postgresql`, or set BRIGADE_TEST_PG_URL ' +
        'to a server where the user may CREATE DATABASE.',
    );
  }
  console.error('[test] PostgreSQL missing: installing Debian package postgresql');
  aptInstall(['postgresql']);
  bin = findPgBin();
  if (!bin) throw new Error('apt-get installed postgresql but initdb/pg_ctl are still missing');
  return bin;
}

/** A port the OS says is free on 127.0.0.1 (never 5432). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as `postgres` when we are root; output captured. */
function pgRun(bin, args) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { ok: !r.error && r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

/**
 * Starts a fresh server. Returns { url, dir, stop } — stop() is synchronous, idempotent,
 * and also removes the directory. On failure, everything created is removed and it throws.
 */
export async function startPostgres() {
  const bin = ensurePgBin();
  const initdb = join(bin, 'initdb');
  const pgCtl = join(bin, 'pg_ctl');
  const dir = mkdtempSync(join(tmpdir(), 'brigade-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  let started = false;
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (started) {
      const r = pgRun(pgCtl, ['-D', data, 'stop', '-m', 'fast', '-w', '-t', '30']);
      if (!r.ok) {
        // Last resort: the postmaster's pid, from its own pid file.
        try {
          const pid = Number.parseInt(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0], 10);
          if (pid > 0) process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (isRoot()) chownSync(dir, ...postgresIds());
    const init = pgRun(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
    if (!init.ok) throw new Error(`initdb failed:\n${init.out}`);

    let lastError = '';
    for (let attempt = 1; attempt <= 3 && !started; attempt++) {
      const port = await freePort();
      const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on`;
      const r = pgRun(pgCtl, ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start']);
      if (r.ok) {
        started = true;
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        console.error(`[test] PostgreSQL ${bin.split('/').at(-2)} started on 127.0.0.1:${port} (${data})`);
        return { url, dir, stop };
      }
      lastError = `${r.out}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`;
      // A half-started server (e.g. timed out) must not survive the retry.
      started = existsSync(join(data, 'postmaster.pid'));
      if (started) {
        pgRun(pgCtl, ['-D', data, 'stop', '-m', 'immediate', '-w']);
        started = false;
      }
    }
    throw new Error(`pg_ctl start failed:\n${lastError}`);
  } catch (e) {
    stop();
    throw e;
  }
}

function postgresIds() {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error('there is no `postgres` system user (is PostgreSQL installed?)');
  return [Number(r.stdout.trim()), Number(g.stdout.trim())];
}

// Standalone check: `node scripts/lib/postgres.mjs` starts a server, runs `select version()`
// through psql, and stops it.
if (import.meta.url === `file://${process.argv[1]}`) {
  let pg;
  try {
    pg = await startPostgres();
    const psql = join(findPgBin(), 'psql');
    const r = spawnSync(psql, [pg.url, '-Atc', 'select version(), current_setting($$fsync$$), pg_encoding_to_char(encoding) from pg_database where datname = current_database()'], { encoding: 'utf8' });
    console.log(r.stdout.trim() || r.stderr.trim());
    pg.stop();
    console.log(`stopped; ${pg.dir} exists: ${existsSync(pg.dir)}`);
  } catch (e) {
    pg?.stop();
    console.error(`[test] ERROR: ${e.message}`);
    process.exit(1);
  }
}
