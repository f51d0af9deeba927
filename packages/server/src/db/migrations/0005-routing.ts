import { type Kysely, sql } from 'kysely';

/** Topics an operator handles unless an administrator says otherwise: all but minors (training needed). */
export const DEFAULT_OPERATOR_TOPICS = JSON.stringify(['general', 'violence', 'cyberharassment', 'discrimination', 'other']);

// Routing: services and the postal codes they cover, operators' routing profile, a conversation's service.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A postal code is covered by at most one service.
  await db.schema
    .createTable('service_postal_codes')
    .addColumn('postal_code', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('service_postal_codes_service').on('service_postal_codes').column('service_id').execute();

  await db.schema.alterTable('staff').addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(6)).execute();
  await db.schema
    .alterTable('staff')
    .addColumn('topics', 'text', (c) => c.notNull().defaultTo(sql.lit(DEFAULT_OPERATOR_TOPICS)))
    .execute();
  await db.schema.alterTable('staff').addColumn('service_id', 'text').execute();
  await db.schema.alterTable('staff').addColumn('availability', 'text', (c) => c.notNull().defaultTo('available')).execute();

  await db.schema.alterTable('conversations').addColumn('service_id', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('service_id').execute();
  for (const column of ['availability', 'service_id', 'topics', 'capacity']) await db.schema.alterTable('staff').dropColumn(column).execute();
  await db.schema.dropTable('service_postal_codes').execute();
  await db.schema.dropTable('services').execute();
}
