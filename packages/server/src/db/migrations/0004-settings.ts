import type { Kysely } from 'kysely';

// Settings administrators change at run time (danger rules first), as JSON values.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('settings').execute();
}
