// The databases every server storage test runs against: SQLite and PostgreSQL.
//
//   import { afterAll, describe } from 'vitest';
//   import { dropTestDatabases, testDatabases } from '../support/databases';
//   afterAll(dropTestDatabases);
//   describe.each(testDatabases())('store on $name', ({ url }) => { … await url() … });
//
// PostgreSQL is never skipped: scripts/test.mjs (`npm test`) starts a throw-away server and sets
// BRIGADE_TEST_PG_URL; without it, url() throws.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Creates a fresh, empty database and returns its URL (`sqlite:/path` or `postgres://…`). */
  url: () => Promise<string>;
}

const createdPgDatabases: Array<{ adminUrl: string; name: string }> = [];
const createdSqliteDirs: string[] = [];

function pgAdminUrl(): string {
  const url = process.env.BRIGADE_TEST_PG_URL;
  if (!url) {
    throw new Error(
      'BRIGADE_TEST_PG_URL is not set: PostgreSQL tests are never skipped. Run the tests through ' +
        '`npm test` (scripts/test.mjs starts a throw-away PostgreSQL), or set BRIGADE_TEST_PG_URL ' +
        'to a server where this user may CREATE DATABASE.',
    );
  }
  return url;
}

async function createSqliteDatabase(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-sqlite-'));
  createdSqliteDirs.push(dir);
  return `sqlite:${join(dir, 'brigade.db')}`;
}

async function createPgDatabase(): Promise<string> {
  const adminUrl = pgAdminUrl();
  const name = `brigade_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  createdPgDatabases.push({ adminUrl, name });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function testDatabases(): TestDatabase[] {
  return [
    { name: 'sqlite', url: createSqliteDatabase },
    { name: 'postgres', url: createPgDatabase },
  ];
}

/**
 * Drops the PostgreSQL databases and removes the SQLite directories created so far by this
 * test file (close your connections first). Never throws: failures are only logged.
 */
export async function dropTestDatabases(): Promise<void> {
  for (const dir of createdSqliteDirs.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      console.warn(`could not remove ${dir}: ${(e as Error).message}`);
    }
  }
  for (const { adminUrl, name } of createdPgDatabases.splice(0)) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } catch (e) {
      console.warn(`could not drop test database ${name}: ${(e as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
