import type { AppendMessage, AppendResult } from '@brigade/core';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { ConversationEventTable, ConversationTable } from '../db/schema.js';
import type { SqliteLock, StatementCache } from '../db/sqlite-driver.js';
import { eventRow, storedMessage, toConversation, toEvent } from './kysely-conversation-store.js';

// The SQL of the message hot path, the only SQLite-specific statements of the store.
const FIND_MESSAGE = 'select * from conversation_events where conversation_id = ? and client_message_id = ?';
// Allocates the seq and checks the precondition (open; held by this operator) in one statement.
const BUMP_SEQ = `update conversations
  set last_seq = last_seq + 1,
      waiting_messages = waiting_messages + (case when ? = 1 and status = 'waiting' then 1 else 0 end)
  where id = ? and status <> 'closed' and (? is null or assigned_operator_id = ?)
  returning *`;
const INSERT_EVENT = `insert into conversation_events
  (conversation_id, seq, kind, at, sender, client_message_id, body, operator_id, operator_rank, operator_first_name, data)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const STATUS = 'select status from conversations where id = ?';

/**
 * The SQLite batch for the group committer: every append of one event-loop turn in one synchronous
 * transaction on prepared statements, under the connection's lock so it never interleaves with a
 * Kysely transaction (WAL with synchronous=FULL: durable when it returns).
 */
export class SqliteMessageAppender {
  private readonly transaction: (ops: AppendMessage[]) => AppendResult[];

  constructor(
    db: BetterSqlite3.Database,
    private readonly lock: SqliteLock,
    private readonly statements: StatementCache,
  ) {
    this.transaction = db.transaction((ops: AppendMessage[]) => ops.map((op) => this.appendOne(op)));
  }

  runBatch(ops: AppendMessage[]): Promise<AppendResult[]> {
    return this.lock.exclusive(() => this.transaction(ops));
  }

  private appendOne(input: AppendMessage): AppendResult {
    const existing = this.statements.get(FIND_MESSAGE).get(input.conversationId, input.clientMessageId) as
      | Selectable<ConversationEventTable>
      | undefined;
    if (existing) {
      const event = toEvent(existing);
      if (event.kind === 'message') return { status: 'duplicate', event };
    }
    const operatorId = input.sender === 'operator' ? (input.operator?.id ?? '') : null;
    const row = this.statements
      .get(BUMP_SEQ)
      .get(input.sender === 'citizen' ? 1 : 0, input.conversationId, operatorId, operatorId) as Selectable<ConversationTable> | undefined;
    if (!row) {
      const current = this.statements.get(STATUS).get(input.conversationId) as { status: string } | undefined;
      if (!current) return { status: 'rejected', reason: 'not_found' };
      return { status: 'rejected', reason: current.status === 'closed' ? 'closed' : 'not_assigned' };
    }
    const conversation = toConversation(row);
    const event = storedMessage(input, conversation.lastSeq);
    const r = eventRow(input.conversationId, event);
    this.statements
      .get(INSERT_EVENT)
      .run(r.conversation_id, r.seq, r.kind, r.at, r.sender, r.client_message_id, r.body, r.operator_id, r.operator_rank, r.operator_first_name, r.data);
    return { status: 'stored', event, conversation };
  }
}
