import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the default SQLite file) and exits. */
const config = loadConfig();
const database = openDatabase(config.databaseUrl);
try {
  const applied = await migrateToLatest(database.db);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
} finally {
  await database.close();
}
