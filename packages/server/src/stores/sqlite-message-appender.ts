import type { AppendMessage, AppendResult, StoredEvent } from '@brigade/core';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { ConversationEventTable, ConversationTable } from '../db/schema.js';
import type { SqliteLock, StatementCache } from '../db/sqlite-driver.js';
import { eventRow, toConversation, toEvent } from './kysely-conversation-store.js';

type MessageEvent = StoredEvent & { kind: 'message' };

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

interface Pending {
  op: AppendMessage;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit on SQLite without the query builder: every append submitted during one event-loop
 * turn runs in one synchronous transaction on prepared statements, under the connection's lock so
 * it never interleaves with a Kysely transaction. Each promise settles after the commit (WAL with
 * synchronous=FULL: durable). If the batch fails, each append is retried alone.
 */
export class SqliteMessageAppender {
  private pending: Pending[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();
  private readonly batch: (ops: AppendMessage[]) => AppendResult[];

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly lock: SqliteLock,
    private readonly statements: StatementCache,
    private readonly maxBatch = 1024,
  ) {
    this.batch = db.transaction((ops: AppendMessage[]) => ops.map((op) => this.appendOne(op)));
  }

  submit(op: AppendMessage): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.running = this.running.then(() => this.flush());
      });
    });
  }

  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.scheduled) {
      await new Promise((r) => setImmediate(r));
      await this.running;
    }
    await this.running;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const items = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.lock.exclusive(() => this.batch(items.map((i) => i.op)));
        items.forEach((item, i) => item.resolve(results[i] as AppendResult));
      } catch {
        for (const item of items) {
          try {
            const [result] = await this.lock.exclusive(() => this.batch([item.op]));
            item.resolve(result as AppendResult);
          } catch (error) {
            item.reject(error);
          }
        }
      }
    }
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
    const event: MessageEvent = {
      kind: 'message',
      seq: conversation.lastSeq,
      at: input.at,
      sender: input.sender,
      clientMessageId: input.clientMessageId,
      text: input.text,
      operator: input.sender === 'operator' ? input.operator : null,
    };
    const r = eventRow(input.conversationId, event);
    this.statements
      .get(INSERT_EVENT)
      .run(r.conversation_id, r.seq, r.kind, r.at, r.sender, r.client_message_id, r.body, r.operator_id, r.operator_rank, r.operator_first_name, r.data);
    return { status: 'stored', event, conversation };
  }
}
