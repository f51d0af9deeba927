// Builders for realtime unit tests: valid protocol objects with overridable fields.
import type { CitizenConversationView, ConversationEvent, StaffConversationView } from '@brigade/protocol';

export const CONVERSATION_ID = '6f1c3a52-8d2e-4a57-9b0e-2f4b3c1d5e60';
const AT = '2025-01-01T03:00:00.000Z';

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function citizenView(overrides: Partial<CitizenConversationView> = {}): CitizenConversationView {
  return {
    id: CONVERSATION_ID,
    topic: 'general',
    danger: false,
    status: 'waiting',
    operator: null,
    lastSeq: 0,
    readMarks: { citizen: 0, operator: 0 },
    outcome: null,
    ...overrides,
  };
}

export function staffView(overrides: Partial<StaffConversationView> = {}): StaffConversationView {
  return {
    id: CONVERSATION_ID,
    topic: 'violence',
    danger: true,
    postalCode: '35000',
    status: 'active',
    createdAt: AT,
    waitingSince: AT,
    serviceId: null,
    assignedOperator: null,
    lastSeq: 0,
    readMarks: { citizen: 0, operator: 0 },
    outcome: null,
    closedAt: null,
    ...overrides,
  };
}

export function opened(seq = 1): ConversationEvent {
  return { kind: 'opened', seq, at: AT, topic: 'general', danger: false };
}

export function message(seq: number, sender: 'citizen' | 'operator', clientMessageId = uuid(seq), text = `m${seq}`): ConversationEvent {
  return {
    kind: 'message',
    seq,
    at: AT,
    sender,
    clientMessageId,
    text,
    operator: sender === 'operator' ? { rank: 'Adjudante', firstName: 'Julie' } : null,
  };
}
