import { expect, test } from 'vitest';
import { parseSession, serializeSession, type CitizenSession } from './session-store.js';

const session: CitizenSession = {
  conversationId: '6f1c3a52-8d2e-4a57-9b0e-2f4b3c1d5e60',
  citizenToken: 'tok',
  outbox: [{ clientMessageId: '00000000-0000-4000-8000-000000000001', text: 'bonjour', createdAt: '2025-01-01T03:00:00.000Z' }],
};

test('round-trips', () => {
  expect(parseSession(serializeSession(session))).toEqual(session);
});

test('rejects anything unexpected', () => {
  expect(parseSession(null)).toBeNull();
  expect(parseSession('{')).toBeNull();
  expect(parseSession(JSON.stringify({ ...session }))).toBeNull(); // no version
  expect(parseSession(JSON.stringify({ v: 1, ...session, conversationId: 'x' }))).toBeNull();
  expect(parseSession(JSON.stringify({ v: 1, ...session, citizenToken: '' }))).toBeNull();
});

test('drops malformed outbox entries but keeps the credential', () => {
  const raw = JSON.stringify({ v: 1, ...session, outbox: [{ clientMessageId: 'nope', text: 'x', createdAt: 'y' }, session.outbox[0]] });
  expect(parseSession(raw)?.outbox).toEqual(session.outbox);
});
