import type { ConversationStatus, Outcome, PublicOperator, ReadMarks, Topic } from '@brigade/protocol';

/** An operator as recorded on a conversation (who holds it, who wrote). */
export interface OperatorRef {
  id: string;
  rank: string;
  firstName: string;
}

/** The stored state of a conversation (without its events). */
export interface Conversation {
  id: string;
  topic: Topic;
  postalCode: string;
  danger: boolean;
  status: ConversationStatus;
  createdAt: string;
  waitingSince: string;
  /** The service whose operators handle it; null: any operator. */
  serviceId: string | null;
  assignedOperator: { id: string; rank: string; firstName: string } | null;
  lastSeq: number;
  readMarks: ReadMarks;
  outcome: Outcome | null;
  closedAt: string | null;
  /** Citizen messages stored while the conversation waited in the queue. */
  waitingMessages: number;
}

/** An event as stored: like the wire event, plus the operator's id on operator messages. */
export type StoredEvent =
  | { kind: 'opened'; seq: number; at: string; topic: Topic; danger: boolean }
  | {
      kind: 'message';
      seq: number;
      at: string;
      sender: 'citizen' | 'operator';
      clientMessageId: string;
      text: string;
      operator: (PublicOperator & { id: string }) | null;
    }
  | { kind: 'assigned'; seq: number; at: string; operator: PublicOperator & { id: string } }
  | {
      kind: 'transferred';
      seq: number;
      at: string;
      target: 'operator' | 'topic' | 'service';
      operator: (PublicOperator & { id: string }) | null;
      topic: Topic;
      serviceId: string | null;
      /** Staff only: for whoever takes over. */
      note: string | null;
    }
  | { kind: 'danger_flagged'; seq: number; at: string; ruleId: string; category: string }
  | { kind: 'returned_to_queue'; seq: number; at: string; reason: 'operator_offline' | 'released' }
  | { kind: 'closed'; seq: number; at: string; by: 'operator' | 'citizen' | 'system'; outcome: Outcome };

export type Side = 'citizen' | 'operator';
