import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Engine } from './schema.js';
import { openSqliteConnection, StatementCache } from './sqlite-connection.js';
import { FairSqliteDialect, SqliteLock } from './sqlite-driver.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** SQLite only: the raw connection, its lock and statement cache, for synchronous hot paths. */
  sqlite: SqliteHandle | null;
  close(): Promise<void>;
}

/** The raw SQLite connection of a handle, and the file it opened (':memory:' for none). */
export interface SqliteHandle {
  db: SqliteDatabase.Database;
  lock: SqliteLock;
  statements: StatementCache;
  file: string;
}

/**
 * Opens the database named by a URL: `sqlite:/path/file.db` (or a bare path) or
 * `postgres://…`. The one place that knows each engine's durability settings.
 */
export function openDatabase(url: string): DatabaseHandle {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    // synchronous_commit stays at its default (on): COMMIT returns after the WAL is flushed.
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', sqlite: null, close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = openSqliteConnection(file);
  const lock = new SqliteLock();
  const statements = new StatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new FairSqliteDialect(sqlite, lock, statements) });
  return { db, engine: 'sqlite', sqlite: { db: sqlite, lock, statements, file }, close: () => db.destroy() };
}

/** True for a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True when PostgreSQL aborted a serializable transaction to keep it serializable: the caller
 * retries it. (SQLite serializes every write transaction and never answers this.)
 */
export function isSerializationFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40001';
}
