import type BetterSqlite3 from 'better-sqlite3';
import type { StatementCache } from './sqlite-connection.js';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Dialect,
  type Kysely,
} from 'kysely';

/** Longest run of back-to-back hand-overs of the connection in one turn of the event loop. */
const HANDOVER_BUDGET_MS = 5;

/**
 * The one SQLite connection, shared fairly: callers wait in arrival order (FIFO), and each SQL text
 * is prepared once. Kysely's stock driver re-prepares every statement and wakes every waiter on
 * each release, which the benchmark showed to cost a quarter of the server's time and to stall
 * the event loop under load (see BENCHMARKS.md).
 */
export class SqliteLock {
  private busy = false;
  private readonly waiters: (() => void)[] = [];
  /** When this turn's first hand-over happened (-1: none yet), for the budget below. */
  private chainStartedAt = -1;
  private readonly endChain = (): void => {
    this.chainStartedAt = -1;
  };

  async acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /**
   * Hands the connection to the next waiter. A hand-over resumes the waiter as a microtask, and
   * SQLite calls are synchronous, so a long queue (say, every read that arrived while an append
   * batch held the connection during a reconnect storm) would otherwise run to its end in one
   * turn of the event loop, with no timer, heartbeat or group commit in between. Past a few
   * milliseconds of hand-overs in one turn, the next one waits for the next turn (FIFO kept: the
   * connection stays taken in between).
   */
  release(): void {
    const next = this.waiters.shift();
    if (!next) {
      this.busy = false;
      return;
    }
    const now = performance.now();
    if (this.chainStartedAt < 0) {
      this.chainStartedAt = now;
      setImmediate(this.endChain);
    }
    if (now - this.chainStartedAt < HANDOVER_BUDGET_MS) next();
    else setImmediate(next);
  }

  /** Runs `fn` while holding the connection: for synchronous hot paths on the raw database. */
  async exclusive<T>(fn: () => T): Promise<T> {
    await this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }
}

class CachedSqliteConnection implements DatabaseConnection {
  constructor(private readonly statements: StatementCache) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.statements.get(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not used with SQLite');
  }
}

class FairSqliteDriver implements Driver {
  private readonly connection: CachedSqliteConnection;
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly lock: SqliteLock,
    statements: StatementCache,
  ) {
    this.connection = new CachedSqliteConnection(statements);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire();
    return this.connection;
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    this.lock.release();
  }
  async destroy(): Promise<void> {
    this.db.close();
  }
}

/** Kysely's SQLite dialect with the fair, caching driver above. */
export class FairSqliteDialect implements Dialect {
  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly lock: SqliteLock,
    readonly statements: StatementCache,
  ) {}
  createDriver(): Driver {
    return new FairSqliteDriver(this.db, this.lock, this.statements);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
