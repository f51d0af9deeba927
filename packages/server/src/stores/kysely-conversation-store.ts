import type {
  AppendMessage,
  AppendResult,
  AssignResult,
  CloseResult,
  Conversation,
  ConversationStore,
  NewConversation,
  OperatorRef,
  Side,
  StoredEvent,
  TransferInput,
  TransferResult,
  WaitingKey,
} from '@brigade/core';
import { TOPICS } from '@brigade/protocol';
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { isUniqueViolation, type SqliteHandle } from '../db/connect.js';
import type { ConversationTable, Database } from '../db/schema.js';
import { eventRow, knownTopic, toConversation, toEvent } from './conversation-rows.js';
import { GroupCommitter } from './group-commit.js';
import { appendBatchPostgres } from './postgres-message-appender.js';
import { SqliteMessageAppender } from './sqlite-message-appender.js';

type Db = Kysely<Database> | Transaction<Database>;
type MessageEvent = StoredEvent & { kind: 'message' };

// Seq columns are 32-bit `integer` on PostgreSQL, which rejects a larger parameter outright,
// while clients may send any safe integer. No stored seq exceeds this, so clamping keeps meaning.
const MAX_SEQ = 2 ** 31 - 1;
const clampSeq = (seq: number): number => Math.min(seq, MAX_SEQ);

/** Conversations and events on Kysely (SQLite or PostgreSQL). Message appends are group-committed. */
export class KyselyConversationStore implements ConversationStore {
  private readonly appends: GroupCommitter<AppendMessage, AppendResult>;
  private readonly appender: SqliteMessageAppender | null = null;
  /**
   * PostgreSQL runs READ COMMITTED: two assignments of different conversations to one operator
   * could both count capacity − 1. Locking the operator's staff row first serialises them.
   * (SQLite serialises every write transaction already, and has no FOR UPDATE.)
   */
  private readonly lockOperatorRow: boolean;

  /**
   * On SQLite, pass the raw connection: message appends then run as one transaction per
   * event-loop turn on prepared statements, in a thread of their own (the hot path; see
   * SqliteMessageAppender). Call `shutdown()` before closing the database.
   */
  constructor(
    private readonly db: Kysely<Database>,
    sqlite: SqliteHandle | null = null,
  ) {
    this.lockOperatorRow = sqlite === null;
    if (sqlite) {
      const appender = new SqliteMessageAppender(sqlite);
      this.appender = appender;
      this.appends = new GroupCommitter((ops) => appender.runBatch(ops), 1024);
    } else {
      this.appends = new GroupCommitter((ops) => db.transaction().execute((trx) => appendBatchPostgres(trx, ops)));
    }
  }

  /** Waits for in-flight appends (used at shutdown). */
  drain(): Promise<void> {
    return this.appends.drain();
  }

  /** Waits for in-flight appends, then stops the SQLite append thread, if any. */
  async shutdown(): Promise<void> {
    await this.appends.drain();
    await this.appender?.close();
  }

  async create(input: NewConversation): Promise<{ conversation: Conversation; event: StoredEvent }> {
    const row: ConversationTable = {
      id: input.id,
      topic: input.topic,
      postal_code: input.postalCode,
      danger: input.danger ? 1 : 0,
      status: 'waiting',
      created_at: input.at,
      waiting_since: input.at,
      assigned_operator_id: null,
      assigned_operator_rank: null,
      assigned_operator_first_name: null,
      last_seq: 1,
      citizen_read_seq: 0,
      operator_read_seq: 0,
      waiting_messages: 0,
      outcome: null,
      closed_at: null,
      citizen_token_hash: input.citizenTokenHash,
      service_id: input.serviceId,
    };
    const event: StoredEvent = { kind: 'opened', seq: 1, at: input.at, topic: input.topic, danger: input.danger };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('conversations').values(row).execute();
      await trx.insertInto('conversation_events').values(eventRow(input.id, event)).execute();
    });
    return { conversation: toConversation(row), event };
  }

  async get(id: string): Promise<Conversation | undefined> {
    return this.getIn(this.db, id);
  }

  private async getIn(db: Db, id: string): Promise<Conversation | undefined> {
    const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConversation(row);
  }

  async findByCitizenTokenHash(hash: string): Promise<Conversation | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('citizen_token_hash', '=', hash).executeTakeFirst();
    return row && toConversation(row);
  }

  async revokeCitizenToken(conversationId: string): Promise<void> {
    await this.db.updateTable('conversations').set({ citizen_token_hash: null }).where('id', '=', conversationId).execute();
  }

  appendMessage(input: AppendMessage): Promise<AppendResult> {
    return this.appends.submit(input).catch(async (error: unknown) => {
      // Another node stored the same client id between our check and our insert: it is a retry.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findMessage(this.db, input.conversationId, input.clientMessageId);
      if (!existing) throw error;
      return { status: 'duplicate', event: existing } satisfies AppendResult;
    });
  }

  private async findMessage(db: Db, conversationId: string, clientMessageId: string): Promise<MessageEvent | undefined> {
    const row = await db
      .selectFrom('conversation_events')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('client_message_id', '=', clientMessageId)
      .executeTakeFirst();
    const event = row && toEvent(row);
    return event?.kind === 'message' ? event : undefined;
  }

  private async lockOperator(trx: Transaction<Database>, operatorId: string): Promise<void> {
    if (this.lockOperatorRow) await trx.selectFrom('staff').select('id').where('id', '=', operatorId).forUpdate().execute();
  }

  async assign(conversationId: string, operator: OperatorRef, at: string, capacity: number): Promise<AssignResult> {
    return this.db.transaction().execute(async (trx) => {
      await this.lockOperator(trx, operator.id);
      const row = await trx
        .updateTable('conversations')
        .set((eb) => ({
          status: 'active',
          assigned_operator_id: operator.id,
          assigned_operator_rank: operator.rank,
          assigned_operator_first_name: operator.firstName,
          last_seq: eb('last_seq', '+', 1),
        }))
        .where('id', '=', conversationId)
        .where('status', '=', 'waiting')
        .where((eb) => eb(heldBy(eb, operator.id), '<', capacity))
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        const current = await this.getIn(trx, conversationId);
        if (!current) return { status: 'rejected', reason: 'not_found' } as const;
        return { status: 'rejected', reason: current.status === 'waiting' ? 'at_capacity' : 'not_waiting' } as const;
      }
      const conversation = toConversation(row);
      const event: StoredEvent = { kind: 'assigned', seq: conversation.lastSeq, at, operator: { ...operator } };
      await trx.insertInto('conversation_events').values(eventRow(conversationId, event)).execute();
      return { status: 'assigned', event, conversation } as const;
    });
  }

  async close(input: Parameters<ConversationStore['close']>[0]): Promise<CloseResult> {
    return this.db.transaction().execute(async (trx) => {
      let update = trx
        .updateTable('conversations')
        .set((eb) => ({ status: 'closed', outcome: input.outcome, closed_at: input.at, last_seq: eb('last_seq', '+', 1) }))
        .where('id', '=', input.conversationId)
        .where('status', '!=', 'closed');
      if (input.requireOperatorId !== null) update = update.where('assigned_operator_id', '=', input.requireOperatorId);
      const row = await update.returningAll().executeTakeFirst();
      if (!row) {
        const current = await this.getIn(trx, input.conversationId);
        if (!current) return { status: 'rejected', reason: 'not_found' } as const;
        const holds = input.requireOperatorId === null || current.assignedOperator?.id === input.requireOperatorId;
        return { status: 'rejected', reason: holds && current.status === 'closed' ? 'closed' : 'not_assigned' } as const;
      }
      const conversation = toConversation(row);
      const event: StoredEvent = { kind: 'closed', seq: conversation.lastSeq, at: input.at, by: input.by, outcome: input.outcome };
      await trx.insertInto('conversation_events').values(eventRow(input.conversationId, event)).execute();
      return { status: 'closed', event, conversation } as const;
    });
  }

  async returnToQueue(conversationId: string, operatorId: string, reason: 'operator_offline' | 'released', at: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('conversations')
        .set((eb) => ({
          status: 'waiting',
          assigned_operator_id: null,
          assigned_operator_rank: null,
          assigned_operator_first_name: null,
          last_seq: eb('last_seq', '+', 1),
        }))
        .where('id', '=', conversationId)
        .where('status', '=', 'active')
        .where('assigned_operator_id', '=', operatorId)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      const conversation = toConversation(row);
      const event: StoredEvent = { kind: 'returned_to_queue', seq: conversation.lastSeq, at, reason };
      await trx.insertInto('conversation_events').values(eventRow(conversationId, event)).execute();
      return { event, conversation };
    });
  }

  async transfer(input: TransferInput): Promise<TransferResult> {
    const { to } = input;
    return this.db.transaction().execute(async (trx) => {
      if (to.kind === 'operator') await this.lockOperator(trx, to.operator.id);
      let update = trx
        .updateTable('conversations')
        .set((eb) => ({
          ...(to.kind === 'operator'
            ? {
                status: 'active',
                assigned_operator_id: to.operator.id,
                assigned_operator_rank: to.operator.rank,
                assigned_operator_first_name: to.operator.firstName,
              }
            : { status: 'waiting', assigned_operator_id: null, assigned_operator_rank: null, assigned_operator_first_name: null }),
          ...(to.kind === 'topic' ? { topic: to.topic } : {}),
          ...(to.kind === 'service' ? { service_id: to.serviceId } : {}),
          last_seq: eb('last_seq', '+', 1),
        }))
        .where('id', '=', input.conversationId)
        .where('status', '!=', 'closed');
      if (input.fromOperatorId !== null) update = update.where('status', '=', 'active').where('assigned_operator_id', '=', input.fromOperatorId);
      if (to.kind === 'operator') update = update.where((eb) => eb(heldBy(eb, to.operator.id), '<', to.capacity));
      const row = await update.returningAll().executeTakeFirst();
      if (!row) {
        const current = await this.getIn(trx, input.conversationId);
        if (!current) return { status: 'rejected', reason: 'not_found' } as const;
        if (input.fromOperatorId !== null && current.assignedOperator?.id !== input.fromOperatorId) return { status: 'rejected', reason: 'not_assigned' } as const;
        if (current.status === 'closed') return { status: 'rejected', reason: 'closed' } as const;
        return { status: 'rejected', reason: 'at_capacity' } as const;
      }
      const conversation = toConversation(row);
      const event: StoredEvent = {
        kind: 'transferred',
        seq: conversation.lastSeq,
        at: input.at,
        target: to.kind,
        operator: to.kind === 'operator' ? { ...to.operator } : null,
        topic: conversation.topic,
        serviceId: conversation.serviceId,
        note: input.note,
      };
      await trx.insertInto('conversation_events').values(eventRow(input.conversationId, event)).execute();
      return { status: 'transferred', event, conversation } as const;
    });
  }

  async flagDanger(conversationId: string, reason: { ruleId: string; category: string }, at: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('conversations')
        .set((eb) => ({ danger: 1, last_seq: eb('last_seq', '+', 1) }))
        .where('id', '=', conversationId)
        .where('danger', '=', 0)
        .where('status', '!=', 'closed')
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      const conversation = toConversation(row);
      const event: StoredEvent = { kind: 'danger_flagged', seq: conversation.lastSeq, at, ruleId: reason.ruleId, category: reason.category };
      await trx.insertInto('conversation_events').values(eventRow(conversationId, event)).execute();
      return { event, conversation };
    });
  }

  async eventsAfter(conversationId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    let query = this.db
      .selectFrom('conversation_events')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', clampSeq(afterSeq))
      .orderBy('seq');
    if (Number.isSafeInteger(limit) && limit < Number.MAX_SAFE_INTEGER) query = query.limit(limit);
    return (await query.execute()).map(toEvent);
  }

  async markRead(conversationId: string, side: Side, requestedSeq: number): Promise<Conversation | undefined> {
    const column = side === 'citizen' ? 'citizen_read_seq' : 'operator_read_seq';
    const upToSeq = clampSeq(requestedSeq);
    const row = await this.db
      .updateTable('conversations')
      .set((eb) => ({
        [column]: eb
          .case()
          .when(eb.ref(column), '>=', upToSeq)
          .then(eb.ref(column))
          .when('last_seq', '<', upToSeq)
          .then(eb.ref('last_seq'))
          .else(upToSeq)
          .end(),
      }))
      .where('id', '=', conversationId)
      .returningAll()
      .executeTakeFirst();
    return row && toConversation(row);
  }

  async listWaiting(): Promise<Conversation[]> {
    const rows = await this.db.selectFrom('conversations').selectAll().where('status', '=', 'waiting').orderBy('waiting_since').execute();
    return rows.map(toConversation);
  }

  async listWaitingKeys(): Promise<WaitingKey[]> {
    const rows = await this.db
      .selectFrom('conversations')
      .select(['id', 'topic', 'danger', 'waiting_since', 'service_id'])
      .where('status', '=', 'waiting')
      .execute();
    return rows.map((r) => ({ id: r.id, topic: knownTopic(r.topic), danger: Number(r.danger) === 1, waitingSince: r.waiting_since, serviceId: r.service_id }));
  }

  async listWaitingHeads(perGroup: number): Promise<Conversation[]> {
    // One short indexed read per (topic, danger, service) — `conversations_waiting_groups` — in
    // one transaction so that all heads come from the same state.
    return this.db.transaction().execute(async (trx) => {
      const services: (string | null)[] = [null, ...(await trx.selectFrom('services').select('id').execute()).map((s) => s.id)];
      const heads: Conversation[] = [];
      for (const topic of TOPICS) {
        for (const danger of [1, 0]) {
          for (const serviceId of services) {
            let query = trx.selectFrom('conversations').selectAll().where('status', '=', 'waiting').where('topic', '=', topic).where('danger', '=', danger);
            query = serviceId === null ? query.where('service_id', 'is', null) : query.where('service_id', '=', serviceId);
            for (const row of await query.orderBy('waiting_since').orderBy('id').limit(perGroup).execute()) heads.push(toConversation(row));
          }
        }
      }
      return heads;
    });
  }

  async listOpenAssignedTo(operatorId: string): Promise<Conversation[]> {
    const rows = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('assigned_operator_id', '=', operatorId)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .execute();
    return rows.map(toConversation);
  }

  async countActiveByOperator(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('conversations')
      .select((eb) => ['assigned_operator_id', eb.fn.countAll().as('n')])
      .where('status', '=', 'active')
      .groupBy('assigned_operator_id')
      .execute();
    const counts = new Map<string, number>();
    for (const row of rows) if (row.assigned_operator_id !== null) counts.set(row.assigned_operator_id, Number(row.n));
    return counts;
  }
}

/** How many active conversations an operator holds, as a subquery usable in a precondition. */
function heldBy(eb: ExpressionBuilder<Database, 'conversations'>, operatorId: string) {
  return eb
    .selectFrom('conversations as held')
    .select((e) => e.fn.countAll().as('n'))
    .where('held.assigned_operator_id', '=', operatorId)
    .where('held.status', '=', 'active');
}
