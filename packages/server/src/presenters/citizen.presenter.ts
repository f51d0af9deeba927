import type { Conversation, StoredEvent } from '@brigade/core';
import type { CitizenConversationView, ConversationEvent } from '@brigade/protocol';

/**
 * What a citizen may see, field by field. Anything not listed here (postal code, operator ids,
 * future notes and tags) never reaches a citizen: add fields here deliberately, with a test.
 */
export function presentConversationToCitizen(c: Conversation): CitizenConversationView {
  return {
    id: c.id,
    topic: c.topic,
    danger: c.danger,
    status: c.status,
    operator: c.assignedOperator ? { rank: c.assignedOperator.rank, firstName: c.assignedOperator.firstName } : null,
    lastSeq: c.lastSeq,
    readMarks: { citizen: c.readMarks.citizen, operator: c.readMarks.operator },
    outcome: c.outcome,
  };
}

export function presentEventToCitizen(e: StoredEvent): ConversationEvent {
  switch (e.kind) {
    case 'opened':
      return { kind: 'opened', seq: e.seq, at: e.at, topic: e.topic, danger: e.danger };
    case 'message':
      return presentMessageToCitizen(e);
    case 'assigned':
      return { kind: 'assigned', seq: e.seq, at: e.at, operator: { rank: e.operator.rank, firstName: e.operator.firstName } };
    case 'returned_to_queue':
      return { kind: 'returned_to_queue', seq: e.seq, at: e.at, reason: e.reason };
    case 'transferred':
      // The citizen learns who now answers (rank and first name) or that they wait again; never the note or the service.
      return {
        kind: 'transferred',
        seq: e.seq,
        at: e.at,
        target: e.target,
        operator: e.operator ? { rank: e.operator.rank, firstName: e.operator.firstName } : null,
        topic: e.topic,
        serviceId: null,
        note: null,
      };
    case 'danger_flagged':
      // The citizen learns that the emergency numbers apply, not which words triggered it.
      return { kind: 'danger_flagged', seq: e.seq, at: e.at, category: null };
    case 'closed':
      return { kind: 'closed', seq: e.seq, at: e.at, by: e.by, outcome: e.outcome };
  }
}

/** A message as a citizen sees it: the operator by rank and first name only. */
export function presentMessageToCitizen(e: StoredEvent & { kind: 'message' }): ConversationEvent & { kind: 'message' } {
  return {
    kind: 'message',
    seq: e.seq,
    at: e.at,
    sender: e.sender,
    clientMessageId: e.clientMessageId,
    text: e.text,
    operator: e.operator ? { rank: e.operator.rank, firstName: e.operator.firstName } : null,
  };
}
