import type { Outcome, Topic } from '@brigade/protocol';
import type { Conversation, OperatorRef, Side, StoredEvent } from './conversation.js';

/** What the queue order needs of a waiting conversation (a lean read for large queues). */
export type WaitingKey = Pick<Conversation, 'id' | 'topic' | 'danger' | 'waitingSince' | 'serviceId'>;

export interface NewConversation {
  id: string;
  topic: Topic;
  postalCode: string;
  danger: boolean;
  serviceId: string | null;
  citizenTokenHash: string;
  at: string;
}

export interface AppendMessage {
  conversationId: string;
  sender: Side;
  /** For operator messages: who must hold the conversation for the append to succeed. */
  operator: { id: string; rank: string; firstName: string } | null;
  clientMessageId: string;
  text: string;
  at: string;
}

export type AppendResult =
  | { status: 'stored'; event: StoredEvent & { kind: 'message' }; conversation: Conversation }
  | { status: 'duplicate'; event: StoredEvent & { kind: 'message' } }
  | { status: 'rejected'; reason: 'not_found' | 'closed' | 'not_assigned' };

export type AssignResult =
  | { status: 'assigned'; event: StoredEvent; conversation: Conversation }
  | { status: 'rejected'; reason: 'not_found' | 'not_waiting' | 'at_capacity' };

/** Where a transfer sends a conversation (the store checks the preconditions atomically). */
export type TransferTo =
  | { kind: 'operator'; operator: OperatorRef; capacity: number }
  | { kind: 'topic'; topic: Topic }
  | { kind: 'service'; serviceId: string };

export interface TransferInput {
  conversationId: string;
  /** The holder the transfer requires (an operator's own transfer); null for a supervisor (any open one). */
  fromOperatorId: string | null;
  to: TransferTo;
  note: string | null;
  at: string;
}

export type TransferResult =
  | { status: 'transferred'; event: StoredEvent; conversation: Conversation }
  | { status: 'rejected'; reason: 'not_found' | 'closed' | 'not_assigned' | 'at_capacity' };

export type CloseResult =
  | { status: 'closed'; event: StoredEvent; conversation: Conversation }
  | { status: 'rejected'; reason: 'not_found' | 'closed' | 'not_assigned' };

/**
 * Persistence of conversations and their events. Every mutating call is atomic and checks its
 * precondition inside the same transaction, so concurrent callers (and nodes) cannot both win.
 * `appendMessage` resolves only once the message is durably committed.
 */
export interface ConversationStore {
  create(input: NewConversation): Promise<{ conversation: Conversation; event: StoredEvent }>;
  get(id: string): Promise<Conversation | undefined>;
  findByCitizenTokenHash(hash: string): Promise<Conversation | undefined>;
  revokeCitizenToken(conversationId: string): Promise<void>;
  appendMessage(input: AppendMessage): Promise<AppendResult>;
  /**
   * Assign a waiting conversation; fails if it is no longer waiting, or if the operator already
   * holds `capacity` active conversations (checked in the same statement).
   */
  assign(conversationId: string, operator: OperatorRef, at: string, capacity: number): Promise<AssignResult>;
  /**
   * Hands an open conversation on: to another operator (stays active; their capacity checked in
   * the same statement), or back to the queue under another topic or service (waiting time kept).
   */
  transfer(input: TransferInput): Promise<TransferResult>;
  /** Close an open conversation; `requireOperatorId` restricts it to the holder. */
  close(input: {
    conversationId: string;
    by: 'operator' | 'citizen' | 'system';
    outcome: Outcome;
    at: string;
    requireOperatorId: string | null;
  }): Promise<CloseResult>;
  /**
   * Puts an active conversation held by `operatorId` back in the queue (waiting time unchanged, so
   * it keeps its place); resolves null if it is not (any more) held by that operator.
   */
  returnToQueue(
    conversationId: string,
    operatorId: string,
    reason: 'operator_offline' | 'released',
    at: string,
  ): Promise<{ event: StoredEvent; conversation: Conversation } | null>;
  /** Raises the danger flag of an open conversation once; resolves null if already raised or closed. */
  flagDanger(
    conversationId: string,
    reason: { ruleId: string; category: string },
    at: string,
  ): Promise<{ event: StoredEvent; conversation: Conversation } | null>;
  /** Events with seq > afterSeq, in order, at most `limit`. */
  eventsAfter(conversationId: string, afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Raise a side's read mark (never lowers it, never beyond lastSeq); returns the conversation. */
  markRead(conversationId: string, side: Side, upToSeq: number): Promise<Conversation | undefined>;
  listWaiting(): Promise<Conversation[]>;
  /** Every waiting conversation, only what the order needs (positions recomputed with 10,000 waiting). */
  listWaitingKeys(): Promise<WaitingKey[]>;
  /**
   * The `perGroup` longest-waiting conversations of each group of equal topic, danger flag and
   * service. Inside a group the queue order is the waiting order and who may handle them is the
   * same, so the most urgent conversation any operator may take is among these heads: "take next"
   * and automatic assignment read a few rows instead of the whole queue.
   */
  listWaitingHeads(perGroup: number): Promise<Conversation[]>;
  listOpenAssignedTo(operatorId: string): Promise<Conversation[]>;
  /** How many active conversations each operator holds (operators holding none are absent). */
  countActiveByOperator(): Promise<Map<string, number>>;
}
