import type { Role } from '@brigade/protocol';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.js';
import { canRead, loadReadable } from './access.js';
import type { Conversation } from './conversation.js';

const HOLDER = 'staff-holder';

function conversation(status: Conversation['status'], holder: string | null): Conversation {
  return {
    id: 'conv-1',
    topic: 'violence',
    postalCode: '35000',
    danger: false,
    status,
    createdAt: '2026-01-01T00:00:00.000Z',
    waitingSince: '2026-01-01T00:00:00.000Z',
    serviceId: null,
    assignedOperator: holder === null ? null : { id: holder, rank: 'Gendarme', firstName: 'Alice' },
    lastSeq: 2,
    readMarks: { citizen: 0, operator: 0 },
    outcome: null,
    closedAt: null,
    waitingMessages: 0,
  };
}

const staff = (staffId: string, roles: Role[]): Actor => ({ kind: 'staff', staffId, roles, sessionId: 's', address: null });

describe('canRead', () => {
  // [who, actor, conversation, expected]
  const table: Array<[string, Actor, Conversation, boolean]> = [
    ['its citizen, waiting', { kind: 'citizen', conversationId: 'conv-1' }, conversation('waiting', null), true],
    ['its citizen, closed', { kind: 'citizen', conversationId: 'conv-1' }, conversation('closed', HOLDER), true],
    ['another citizen', { kind: 'citizen', conversationId: 'conv-2' }, conversation('active', HOLDER), false],
    ['the holding operator', staff(HOLDER, ['operator']), conversation('active', HOLDER), true],
    ['the holding operator, after close', staff(HOLDER, ['operator']), conversation('closed', HOLDER), true],
    ['another operator', staff('staff-other', ['operator']), conversation('active', HOLDER), false],
    ['an operator, on a waiting conversation', staff('staff-other', ['operator']), conversation('waiting', null), false],
    ['a supervisor, waiting', staff('staff-sup', ['supervisor']), conversation('waiting', null), true],
    ['a supervisor, held by someone else', staff('staff-sup', ['supervisor']), conversation('active', HOLDER), true],
    ['an admin only', staff('staff-admin', ['admin']), conversation('active', HOLDER), false],
    ['an admin and operator who does not hold it', staff('staff-admin', ['admin', 'operator']), conversation('active', HOLDER), false],
    ['holder id but no operator role any more', staff(HOLDER, []), conversation('active', HOLDER), false],
  ];

  it.each(table)('%s → %s', (_who, actor, subject, expected) => {
    expect(canRead(actor, subject)).toBe(expected);
  });
});

describe('loadReadable', () => {
  it('answers not_found for a conversation that exists but cannot be read, like one that does not exist', async () => {
    const stored = conversation('active', HOLDER);
    const get = async (id: string) => (id === stored.id ? stored : undefined);

    await expect(loadReadable(get, staff('staff-other', ['operator']), 'conv-1')).rejects.toMatchObject({ code: 'conversation/not_found' });
    await expect(loadReadable(get, staff(HOLDER, ['operator']), 'conv-404')).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect(await loadReadable(get, staff(HOLDER, ['operator']), 'conv-1')).toBe(stored);
  });

  it('refuses a citizen another conversation without touching storage', async () => {
    let reads = 0;
    const get = async () => {
      reads += 1;
      return conversation('waiting', null);
    };

    await expect(loadReadable(get, { kind: 'citizen', conversationId: 'conv-2' }, 'conv-1')).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
    expect(reads).toBe(0);
  });
});
