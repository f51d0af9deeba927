import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-audit.js';
import * as m0003 from './migrations/0003-second-factors.js';
import * as m0004 from './migrations/0004-settings.js';
import * as m0005 from './migrations/0005-routing.js';
import * as m0006 from './migrations/0006-waiting-groups.js';

/** Migrations in code (no file scanning), so they bundle and run the same everywhere. */
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-audit': m0002,
  '0003-second-factors': m0003,
  '0004-settings': m0004,
  '0005-routing': m0005,
  '0006-waiting-groups': m0006,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws with the failing migration's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${cause.message}`, { cause });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
