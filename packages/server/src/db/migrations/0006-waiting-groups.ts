import type { Kysely } from 'kysely';

// "Take next" and automatic assignment read the longest-waiting conversations of each group of
// equal topic, danger flag and service (see ConversationStore.listWaitingHeads): this index makes
// each of those reads a short range scan, however long the queue.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversations_waiting_groups')
    .on('conversations')
    .columns(['status', 'topic', 'danger', 'service_id', 'waiting_since', 'id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversations_waiting_groups').execute();
}
