import type { Kysely } from 'kysely';

// Second factors, recovery codes, and richer sessions (stage, idle tracking, step-up).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_last_step', 'integer')
    .addColumn('credential_id', 'text', (c) => c.unique())
    .addColumn('public_key', 'text')
    .addColumn('sign_count', 'integer')
    .addColumn('transports', 'text')
    .execute();
  await db.schema.createIndex('staff_factors_staff').on('staff_factors').column('staff_id').execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['staff_id', 'code_hash'])
    .execute();
  await db.schema.alterTable('staff_sessions').addColumn('stage', 'text', (c) => c.notNull().defaultTo('full')).execute();
  await db.schema.alterTable('staff_sessions').addColumn('last_seen_at', 'text').execute();
  await db.schema.alterTable('staff_sessions').addColumn('step_up_at', 'text').execute();
  await db.schema.alterTable('staff_sessions').addColumn('address', 'text').execute();
  await db.schema.alterTable('staff_sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('staff_sessions').addColumn('pending', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['pending', 'user_agent', 'address', 'step_up_at', 'last_seen_at', 'stage']) {
    await db.schema.alterTable('staff_sessions').dropColumn(column).execute();
  }
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.dropTable('staff_factors').execute();
}
