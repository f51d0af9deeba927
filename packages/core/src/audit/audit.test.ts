import { describe, expect, it } from 'vitest';
import { closeConversation } from '../conversations/close-conversation.js';
import { syncConversation } from '../conversations/sync-conversation.js';
import { takeConversation } from '../conversations/take-conversation.js';
import { login } from '../staff/staff-use-cases.js';
import { buildWorld } from '../testing/builders.js';
import { fakeSha256, InMemoryAuditLog } from '../testing/in-memory-audit-log.js';
import { AUDIT_GENESIS_HASH, type AuditRecord, verifyAuditChain } from './audit-entry.js';
import { searchAudit } from './search-audit.js';

const record = (n: number): AuditRecord => ({
  action: 'conversation.read',
  actorId: `actor-${n}`,
  conversationId: `c-${n}`,
  targetStaffId: null,
  address: '192.0.2.7',
  reason: null,
  detail: { n },
});

describe('the audit hash chain', () => {
  it('links each entry to the previous one and verifies', async () => {
    const log = new InMemoryAuditLog();
    for (let i = 1; i <= 5; i++) await log.record(record(i), `2026-01-01T00:00:0${i}.000Z`);
    expect(log.entries[0]?.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(log.entries[3]?.prevHash).toBe(log.entries[2]?.hash);
    expect(verifyAuditChain(fakeSha256, log.entries)).toBeNull();
  });

  it('names the first entry that was edited, removed or reordered', async () => {
    const log = new InMemoryAuditLog();
    for (let i = 1; i <= 5; i++) await log.record(record(i), `2026-01-01T00:00:0${i}.000Z`);
    const edited = log.entries.map((e) => ({ ...e }));
    edited[2] = { ...edited[2]!, actorId: 'someone-else' };
    expect(verifyAuditChain(fakeSha256, edited)).toEqual({ seq: 3, problem: 'hash' });

    const removed = log.entries.filter((e) => e.seq !== 2);
    expect(verifyAuditChain(fakeSha256, removed)).toEqual({ seq: 2, problem: 'gap' });

    // Re-hashing an edited entry does not help: the next entry's prevHash no longer matches.
    const rehashed = log.entries.map((e) => ({ ...e }));
    const { hash: _drop, ...rest } = { ...rehashed[1]!, reason: 'forged' };
    rehashed[1] = { ...rest, hash: fakeSha256(JSON.stringify(rest)) };
    expect(verifyAuditChain(fakeSha256, rehashed)?.seq).toBe(2);
  });
});

describe('use cases leave a trace of every staff access', () => {
  it('records reads, takes and closes with who, where and which conversation; citizens leave none', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);
    await syncConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, afterSeq: 0 });
    expect(w.audit.entries).toHaveLength(0);

    await takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId });
    await syncConversation(w.deps, alice.actor, { conversationId: citizen.conversationId, afterSeq: 0 });
    await closeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId, outcome: 'answered' });
    expect(w.audit.actions()).toEqual(['conversation.taken', 'conversation.read', 'conversation.closed']);
    for (const entry of w.audit.entries) {
      expect(entry).toMatchObject({ actorId: alice.member.id, conversationId: citizen.conversationId, address: '192.0.2.1' });
    }
    expect(w.audit.entries[2]?.detail).toEqual({ outcome: 'answered' });
  });

  it('lets staff open a conversation they do not hold only with a reason, which is recorded', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);
    const bob = await w.addStaff('bob', ['operator']);
    await takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId });
    const before = w.audit.entries.length;

    await expect(syncConversation(w.deps, bob.actor, { conversationId: citizen.conversationId, afterSeq: 0 })).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
    await expect(
      syncConversation(w.deps, bob.actor, { conversationId: citizen.conversationId, afterSeq: 0, reason: 'court' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect(w.audit.entries).toHaveLength(before);

    const result = await syncConversation(w.deps, bob.actor, {
      conversationId: citizen.conversationId,
      afterSeq: 0,
      reason: 'Relève : Julie absente, suite du dossier',
    });
    expect(result.events.length).toBeGreaterThan(0);
    expect(w.audit.entries.at(-1)).toMatchObject({
      action: 'conversation.read',
      actorId: bob.member.id,
      reason: 'Relève : Julie absente, suite du dossier',
    });
  });

  it('records login successes and failures with the address, and the failure names the account tried', async () => {
    const w = buildWorld();
    const alice = await w.addStaff('alice', ['operator'], { password: 'alice-password' });
    await login(w.staffDeps, { username: 'alice', password: 'alice-password', dummyHash: 'x', address: '198.51.100.4' });
    await expect(login(w.staffDeps, { username: 'alice', password: 'nope', dummyHash: 'x', address: '198.51.100.5' })).rejects.toThrow();
    await expect(login(w.staffDeps, { username: 'ghost', password: 'nope', dummyHash: 'x', address: '198.51.100.6' })).rejects.toThrow();
    expect(w.audit.entries.map((e) => [e.action, e.actorId, e.targetStaffId, e.address, e.detail?.why ?? null])).toEqual([
      ['auth.login_succeeded', alice.member.id, alice.member.id, '198.51.100.4', null],
      ['auth.login_failed', null, alice.member.id, '198.51.100.5', 'wrong_password'],
      ['auth.login_failed', null, null, '198.51.100.6', 'unknown_user'],
    ]);
    expect(JSON.stringify(w.audit.entries)).not.toContain('nope');
  });

  it('lets administrators search, and records the search first', async () => {
    const w = buildWorld();
    const admin = await w.addStaff('root', ['admin']);
    const op = await w.addStaff('op', ['operator']);
    const citizen = await w.startAsCitizen();
    await takeConversation(w.deps, op.actor, { conversationId: citizen.conversationId });
    await expect(searchAudit(w.deps, op.actor, { limit: 10 })).rejects.toMatchObject({ code: 'auth/forbidden' });
    const found = await searchAudit(w.deps, admin.actor, { actorId: op.member.id, limit: 10 });
    expect(found.map((e) => e.action)).toEqual(['conversation.taken']);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'audit.searched', actorId: admin.member.id, targetStaffId: op.member.id });
  });
});
