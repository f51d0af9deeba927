import type { Conversation, OperatorRef, Side, StoredEvent } from '../conversations/conversation.js';
import type {
  AppendMessage,
  AppendResult,
  AssignResult,
  CloseResult,
  ConversationStore,
  NewConversation,
  TransferInput,
  TransferResult,
  WaitingKey,
} from '../conversations/conversation-store.js';

interface Row {
  conversation: Conversation;
  tokenHash: string | null;
  events: StoredEvent[];
}

// Plain JSON data only, so a JSON round trip is a deep copy without needing a runtime global.
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** In-memory twin of the conversation store, with the same atomic semantics. */
export class InMemoryConversationStore implements ConversationStore {
  private readonly rows = new Map<string, Row>();

  async create(input: NewConversation): Promise<{ conversation: Conversation; event: StoredEvent }> {
    const event: StoredEvent = { kind: 'opened', seq: 1, at: input.at, topic: input.topic, danger: input.danger };
    const conversation: Conversation = {
      id: input.id,
      topic: input.topic,
      postalCode: input.postalCode,
      danger: input.danger,
      status: 'waiting',
      createdAt: input.at,
      waitingSince: input.at,
      serviceId: input.serviceId,
      assignedOperator: null,
      lastSeq: 1,
      readMarks: { citizen: 0, operator: 0 },
      outcome: null,
      closedAt: null,
      waitingMessages: 0,
    };
    this.rows.set(input.id, { conversation, tokenHash: input.citizenTokenHash, events: [event] });
    return { conversation: copy(conversation), event: copy(event) };
  }

  async get(id: string): Promise<Conversation | undefined> {
    const row = this.rows.get(id);
    return row && copy(row.conversation);
  }

  async findByCitizenTokenHash(hash: string): Promise<Conversation | undefined> {
    for (const row of this.rows.values()) if (row.tokenHash === hash) return copy(row.conversation);
    return undefined;
  }

  async revokeCitizenToken(conversationId: string): Promise<void> {
    const row = this.rows.get(conversationId);
    if (row) row.tokenHash = null;
  }

  async appendMessage(input: AppendMessage): Promise<AppendResult> {
    const row = this.rows.get(input.conversationId);
    if (!row) return { status: 'rejected', reason: 'not_found' };
    const existing = row.events.find((e) => e.kind === 'message' && e.clientMessageId === input.clientMessageId);
    if (existing && existing.kind === 'message') return { status: 'duplicate', event: copy(existing) };
    const c = row.conversation;
    if (c.status === 'closed') return { status: 'rejected', reason: 'closed' };
    if (input.sender === 'operator' && c.assignedOperator?.id !== input.operator?.id) {
      return { status: 'rejected', reason: 'not_assigned' };
    }
    c.lastSeq += 1;
    if (input.sender === 'citizen' && c.status === 'waiting') c.waitingMessages += 1;
    const event: StoredEvent & { kind: 'message' } = {
      kind: 'message',
      seq: c.lastSeq,
      at: input.at,
      sender: input.sender,
      clientMessageId: input.clientMessageId,
      text: input.text,
      operator: input.sender === 'operator' ? input.operator : null,
    };
    row.events.push(event);
    return { status: 'stored', event: copy(event), conversation: copy(c) };
  }

  private activeCount(operatorId: string): number {
    let n = 0;
    for (const r of this.rows.values()) if (r.conversation.status === 'active' && r.conversation.assignedOperator?.id === operatorId) n += 1;
    return n;
  }

  async assign(conversationId: string, operator: OperatorRef, at: string, capacity: number): Promise<AssignResult> {
    const row = this.rows.get(conversationId);
    if (!row) return { status: 'rejected', reason: 'not_found' };
    const c = row.conversation;
    if (c.status !== 'waiting') return { status: 'rejected', reason: 'not_waiting' };
    if (this.activeCount(operator.id) >= capacity) return { status: 'rejected', reason: 'at_capacity' };
    c.status = 'active';
    c.assignedOperator = { ...operator };
    c.lastSeq += 1;
    const event: StoredEvent = { kind: 'assigned', seq: c.lastSeq, at, operator: { ...operator } };
    row.events.push(event);
    return { status: 'assigned', event: copy(event), conversation: copy(c) };
  }

  async close(input: Parameters<ConversationStore['close']>[0]): Promise<CloseResult> {
    const row = this.rows.get(input.conversationId);
    if (!row) return { status: 'rejected', reason: 'not_found' };
    const c = row.conversation;
    if (input.requireOperatorId !== null && c.assignedOperator?.id !== input.requireOperatorId) {
      // Whoever does not hold it is told not_assigned, closed or not, as the SQL store does.
      return { status: 'rejected', reason: 'not_assigned' };
    }
    if (c.status === 'closed') return { status: 'rejected', reason: 'closed' };
    c.status = 'closed';
    c.outcome = input.outcome;
    c.closedAt = input.at;
    c.lastSeq += 1;
    const event: StoredEvent = { kind: 'closed', seq: c.lastSeq, at: input.at, by: input.by, outcome: input.outcome };
    row.events.push(event);
    return { status: 'closed', event: copy(event), conversation: copy(c) };
  }

  async returnToQueue(conversationId: string, operatorId: string, reason: 'operator_offline' | 'released', at: string) {
    const row = this.rows.get(conversationId);
    if (!row || row.conversation.status !== 'active' || row.conversation.assignedOperator?.id !== operatorId) return null;
    const c = row.conversation;
    c.status = 'waiting';
    c.assignedOperator = null;
    c.lastSeq += 1;
    const event: StoredEvent = { kind: 'returned_to_queue', seq: c.lastSeq, at, reason };
    row.events.push(event);
    return { event: copy(event), conversation: copy(c) };
  }

  async transfer(input: TransferInput): Promise<TransferResult> {
    const row = this.rows.get(input.conversationId);
    if (!row) return { status: 'rejected', reason: 'not_found' };
    const c = row.conversation;
    if (input.fromOperatorId !== null && (c.status !== 'active' || c.assignedOperator?.id !== input.fromOperatorId)) {
      return { status: 'rejected', reason: 'not_assigned' };
    }
    if (c.status === 'closed') return { status: 'rejected', reason: 'closed' };
    const to = input.to;
    if (to.kind === 'operator') {
      if (this.activeCount(to.operator.id) >= to.capacity) return { status: 'rejected', reason: 'at_capacity' };
      c.status = 'active';
      c.assignedOperator = { ...to.operator };
    } else {
      c.status = 'waiting';
      c.assignedOperator = null;
      if (to.kind === 'topic') c.topic = to.topic;
      else c.serviceId = to.serviceId;
    }
    c.lastSeq += 1;
    const event: StoredEvent = {
      kind: 'transferred',
      seq: c.lastSeq,
      at: input.at,
      target: to.kind,
      operator: to.kind === 'operator' ? { ...to.operator } : null,
      topic: c.topic,
      serviceId: c.serviceId,
      note: input.note,
    };
    row.events.push(event);
    return { status: 'transferred', event: copy(event), conversation: copy(c) };
  }

  async flagDanger(conversationId: string, reason: { ruleId: string; category: string }, at: string) {
    const row = this.rows.get(conversationId);
    if (!row || row.conversation.danger || row.conversation.status === 'closed') return null;
    const c = row.conversation;
    c.danger = true;
    c.lastSeq += 1;
    const event: StoredEvent = { kind: 'danger_flagged', seq: c.lastSeq, at, ruleId: reason.ruleId, category: reason.category };
    row.events.push(event);
    return { event: copy(event), conversation: copy(c) };
  }

  async eventsAfter(conversationId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const row = this.rows.get(conversationId);
    return row ? copy(row.events.filter((e) => e.seq > afterSeq).slice(0, limit)) : [];
  }

  async markRead(conversationId: string, side: Side, upToSeq: number): Promise<Conversation | undefined> {
    const row = this.rows.get(conversationId);
    if (!row) return undefined;
    const c = row.conversation;
    c.readMarks[side] = Math.max(c.readMarks[side], Math.min(upToSeq, c.lastSeq));
    return copy(c);
  }

  async listWaiting(): Promise<Conversation[]> {
    return [...this.rows.values()].filter((r) => r.conversation.status === 'waiting').map((r) => copy(r.conversation));
  }

  async listWaitingKeys(): Promise<WaitingKey[]> {
    return (await this.listWaiting()).map(({ id, topic, danger, waitingSince, serviceId }) => ({ id, topic, danger, waitingSince, serviceId }));
  }

  async listWaitingHeads(perGroup: number): Promise<Conversation[]> {
    const groups = new Map<string, Conversation[]>();
    const byWait = (await this.listWaiting()).sort((a, b) => (a.waitingSince < b.waitingSince ? -1 : a.waitingSince > b.waitingSince ? 1 : a.id < b.id ? -1 : 1));
    for (const c of byWait) {
      const key = `${c.topic}|${String(c.danger)}|${c.serviceId ?? ''}`;
      const group = groups.get(key) ?? [];
      if (group.length < perGroup) group.push(c);
      groups.set(key, group);
    }
    return [...groups.values()].flat();
  }

  async listOpenAssignedTo(operatorId: string): Promise<Conversation[]> {
    return [...this.rows.values()]
      .filter((r) => r.conversation.status === 'active' && r.conversation.assignedOperator?.id === operatorId)
      .map((r) => copy(r.conversation));
  }

  async countActiveByOperator(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const { conversation: c } of this.rows.values()) {
      if (c.status === 'active' && c.assignedOperator) counts.set(c.assignedOperator.id, (counts.get(c.assignedOperator.id) ?? 0) + 1);
    }
    return counts;
  }
}
