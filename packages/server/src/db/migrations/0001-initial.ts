import type { Kysely } from 'kysely';

// Numbered migrations are never edited once merged: add a new file instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('rank', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_sessions_staff_id').on('staff_sessions').column('staff_id').execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('danger', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('waiting_since', 'text', (c) => c.notNull())
    .addColumn('assigned_operator_id', 'text', (c) => c.references('staff.id'))
    .addColumn('assigned_operator_rank', 'text')
    .addColumn('assigned_operator_first_name', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('citizen_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('operator_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('waiting_messages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('citizen_token_hash', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('conversations_status_waiting').on('conversations').columns(['status', 'waiting_since']).execute();
  await db.schema
    .createIndex('conversations_operator_status')
    .on('conversations')
    .columns(['assigned_operator_id', 'status'])
    .execute();

  await db.schema
    .createTable('conversation_events')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('sender', 'text')
    .addColumn('client_message_id', 'text')
    .addColumn('body', 'text')
    .addColumn('operator_id', 'text')
    .addColumn('operator_rank', 'text')
    .addColumn('operator_first_name', 'text')
    .addColumn('data', 'text')
    .addPrimaryKeyConstraint('conversation_events_pk', ['conversation_id', 'seq'])
    // The idempotency guarantee: one stored message per client id in a conversation.
    .addUniqueConstraint('conversation_events_client_message_id', ['conversation_id', 'client_message_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['conversation_events', 'conversations', 'staff_sessions', 'staff']) {
    await db.schema.dropTable(table).execute();
  }
}
