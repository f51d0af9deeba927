import type { Conversation, StaffMember, StoredEvent } from '@brigade/core';
import { baseLevel, type ConversationEvent, type QueueEntry, type StaffAccount, type StaffConversationView, type TopicLevels } from '@brigade/protocol';
import { presentEventToCitizen, presentMessageToCitizen } from './citizen.presenter.js';

export function presentConversationToStaff(c: Conversation): StaffConversationView {
  return {
    id: c.id,
    topic: c.topic,
    danger: c.danger,
    postalCode: c.postalCode,
    status: c.status,
    createdAt: c.createdAt,
    waitingSince: c.waitingSince,
    serviceId: c.serviceId,
    assignedOperator: c.assignedOperator ? { ...c.assignedOperator } : null,
    lastSeq: c.lastSeq,
    readMarks: { ...c.readMarks },
    outcome: c.outcome,
    closedAt: c.closedAt,
  };
}

/** Staff see what citizens see, plus why a conversation was flagged and a transfer's note and service. */
export function presentEventToStaff(e: StoredEvent): ConversationEvent {
  if (e.kind === 'danger_flagged') return { kind: 'danger_flagged', seq: e.seq, at: e.at, category: e.category };
  if (e.kind === 'message' && e.operator) return { ...presentMessageToCitizen(e), operatorId: e.operator.id };
  if (e.kind === 'transferred') {
    const operator = e.operator ? { rank: e.operator.rank, firstName: e.operator.firstName } : null;
    return { kind: 'transferred', seq: e.seq, at: e.at, target: e.target, operator, topic: e.topic, serviceId: e.serviceId, note: e.note };
  }
  return presentEventToCitizen(e);
}

export function presentQueueEntry(c: Conversation, levels: TopicLevels): QueueEntry {
  return {
    conversationId: c.id,
    topic: c.topic,
    danger: c.danger,
    postalCode: c.postalCode,
    waitingSince: c.waitingSince,
    pendingMessages: c.waitingMessages,
    serviceId: c.serviceId,
    level: baseLevel(c, levels),
  };
}

export function presentStaffAccount(m: StaffMember): StaffAccount {
  return {
    id: m.id,
    username: m.username,
    rank: m.rank,
    firstName: m.firstName,
    roles: [...m.roles],
    disabled: m.disabled,
    createdAt: m.createdAt,
    capacity: m.capacity,
    topics: [...m.topics],
    serviceId: m.serviceId,
    availability: m.availability,
  };
}
