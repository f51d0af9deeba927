import type { Conversation, StaffMember, StoredEvent } from '@brigade/core';
import { baseLevel, type ConversationEvent, type QueueEntry, type StaffAccount, type StaffConversationView } from '@brigade/protocol';
import { presentEventToCitizen } from './citizen.presenter.js';

export function presentConversationToStaff(c: Conversation): StaffConversationView {
  return {
    id: c.id,
    topic: c.topic,
    danger: c.danger,
    postalCode: c.postalCode,
    status: c.status,
    createdAt: c.createdAt,
    waitingSince: c.waitingSince,
    assignedOperator: c.assignedOperator ? { ...c.assignedOperator } : null,
    lastSeq: c.lastSeq,
    readMarks: { ...c.readMarks },
    outcome: c.outcome,
    closedAt: c.closedAt,
  };
}

/** Staff see what citizens see, plus why a conversation was flagged. */
export const presentEventToStaff = (e: StoredEvent): ConversationEvent =>
  e.kind === 'danger_flagged' ? { kind: 'danger_flagged', seq: e.seq, at: e.at, category: e.category } : presentEventToCitizen(e);

export function presentQueueEntry(c: Conversation): QueueEntry {
  return {
    conversationId: c.id,
    topic: c.topic,
    danger: c.danger,
    postalCode: c.postalCode,
    waitingSince: c.waitingSince,
    pendingMessages: c.waitingMessages,
    level: baseLevel(c),
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
  };
}
