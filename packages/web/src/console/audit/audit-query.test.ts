import { expect, test } from 'vitest';
import { auditQuery, emptyAuditFilters, localToIso } from './audit-query.js';

const ID = '6f1c3a52-8d2e-4a57-9b0e-2f4b3c1d5e60';

test('no filter: only the limit', () => {
  expect(auditQuery(emptyAuditFilters)).toEqual({ query: 'limit=100' });
});

test('person, conversation and period become the API’s parameters (the last minute included)', () => {
  const result = auditQuery({ actorId: ID, conversationId: ` ${ID.toUpperCase()} `, from: '2025-03-12T08:00', to: '2025-03-12T09:30', limit: 50 });
  const from = new Date('2025-03-12T08:00').toISOString();
  const to = new Date(new Date('2025-03-12T09:30').getTime() + 59_999).toISOString();
  expect(result).toEqual({ query: new URLSearchParams({ actorId: ID, conversationId: ID, from, to, limit: '50' }).toString() });
});

test('a partial conversation id, an unreadable date, a period ending before it starts are refused', () => {
  expect(auditQuery({ ...emptyAuditFilters, conversationId: '6f1c3a52' })).toEqual({ errors: ['conversationId'] });
  expect(auditQuery({ ...emptyAuditFilters, from: 'yesterday' })).toEqual({ errors: ['from'] });
  expect(auditQuery({ ...emptyAuditFilters, from: '2025-03-12T10:00', to: '2025-03-12T09:00' })).toEqual({ errors: ['period'] });
  expect(localToIso('')).toBeNull();
});
