import SqliteDatabase from 'better-sqlite3';

// The raw SQLite connection with Brigade's settings, and its statement cache. Nothing else is
// imported here: the message-append thread loads this file alone (no Kysely, no pg).

/**
 * Opens one SQLite connection with Brigade's durability settings: the main connection and the
 * message-append thread's both come from here.
 */
export function openSqliteConnection(file: string): SqliteDatabase.Database {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL defaults to NORMAL, which may lose acknowledged commits on power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/** Prepared statements by SQL text, bounded (an unbounded cache would grow with ad hoc SQL). */
export class StatementCache {
  private readonly statements = new Map<string, SqliteDatabase.Statement>();
  constructor(
    private readonly db: SqliteDatabase.Database,
    private readonly max = 500,
  ) {}

  get(sql: string): SqliteDatabase.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= this.max) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
