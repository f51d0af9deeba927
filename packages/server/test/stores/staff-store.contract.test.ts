// The StaffStore and StaffSessionStore contract: the same assertions against the in-memory twins
// and the Kysely stores on SQLite and on PostgreSQL. Each test gets a fresh, empty database.
import { randomUUID } from 'node:crypto';
import type { StaffMember, StaffSession, StaffSessionStore, StaffStore } from '@brigade/core';
import { InMemoryStaffSessionStore, InMemoryStaffStore } from '@brigade/core/testing';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { KyselyStaffSessionStore, KyselyStaffStore } from '../../src/stores/kysely-staff-store.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';

interface Subject {
  staff: StaffStore;
  sessions: StaffSessionStore;
  close(): Promise<void>;
}

interface Implementation {
  name: string;
  open(): Promise<Subject>;
}

const implementations: Implementation[] = [
  {
    name: 'in-memory twins',
    open: async () => ({ staff: new InMemoryStaffStore(), sessions: new InMemoryStaffSessionStore(), close: async () => {} }),
  },
  ...testDatabases().map(
    (database): Implementation => ({
      name: `KyselyStaffStore on ${database.name}`,
      open: async () => {
        const handle = openDatabase(await database.url());
        await migrateToLatest(handle.db);
        return { staff: new KyselyStaffStore(handle.db), sessions: new KyselyStaffSessionStore(handle.db), close: () => handle.close() };
      },
    }),
  ),
];

afterAll(dropTestDatabases);

const member = (username: string, overrides: Partial<StaffMember> = {}): StaffMember => ({
  id: randomUUID(),
  username,
  passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${username}`,
  rank: 'Maréchal des logis-chef',
  firstName: 'Élodie',
  roles: ['operator'],
  disabled: false,
  createdAt: '2026-03-01T10:00:00.000Z',
  capacity: 6,
  topics: ['general', 'violence'],
  serviceId: null,
  availability: 'available',
  ...overrides,
});

describe.each(implementations.map((i) => [i.name, i] as const))('%s', (_name, { open }) => {
  let subject: Subject;
  let staff: StaffStore;
  let sessions: StaffSessionStore;

  beforeEach(async () => {
    subject = await open();
    staff = subject.staff;
    sessions = subject.sessions;
  });

  afterEach(async () => {
    await subject.close();
  });

  describe('staff accounts', () => {
    it('create then findById and findByUsername round-trip every field', async () => {
      const admin = member('chef', { roles: ['admin', 'supervisor', 'operator'], createdAt: '2026-03-01T10:00:00.123Z' });
      const gone = member('ancien', { roles: [], disabled: true });

      expect(await staff.create(admin)).toBe(true);
      expect(await staff.create(gone)).toBe(true);

      expect(await staff.findById(admin.id)).toEqual(admin);
      expect(await staff.findByUsername('chef')).toEqual(admin);
      expect(await staff.findById(gone.id)).toEqual(gone);
      expect(await staff.count()).toBe(2);
    });

    it('keeps roles in the order given', async () => {
      const m = member('sup', { roles: ['supervisor', 'operator'] });
      await staff.create(m);

      expect((await staff.findById(m.id))?.roles).toEqual(['supervisor', 'operator']);
    });

    it('a taken username answers false and leaves the first account untouched', async () => {
      const first = member('op1');
      await staff.create(first);

      expect(await staff.create(member('op1', { firstName: 'Autre', passwordHash: 'other' }))).toBe(false);

      expect(await staff.count()).toBe(1);
      expect(await staff.findByUsername('op1')).toEqual(first);
    });

    it('unknown id or username answers undefined', async () => {
      await staff.create(member('op1'));

      expect(await staff.findById(randomUUID())).toBeUndefined();
      expect(await staff.findByUsername('op2')).toBeUndefined();
    });

    it('lists every account sorted by username', async () => {
      for (const name of ['zoe', 'adam', 'op10', 'op2', 'marie']) await staff.create(member(name));

      expect((await staff.list()).map((m) => m.username)).toEqual(['adam', 'marie', 'op10', 'op2', 'zoe']);
      expect((await staff.list())[0]).toMatchObject({ username: 'adam', roles: ['operator'], disabled: false });
    });

    it('sorts usernames with punctuation and digits in binary (code unit) order', async () => {
      for (const name of ['a_b', 'ab', 'a-b', 'a1', 'a.b']) await staff.create(member(name));

      expect((await staff.list()).map((m) => m.username)).toEqual(['a-b', 'a.b', 'a1', 'a_b', 'ab']);
    });

    it('lists nothing when empty', async () => {
      expect(await staff.list()).toEqual([]);
      expect(await staff.count()).toBe(0);
    });
  });

  describe('createFirst', () => {
    it('inserts only into an empty store', async () => {
      const first = member('chef', { roles: ['admin', 'supervisor', 'operator'] });

      expect(await staff.createFirst(first)).toBe(true);
      expect(await staff.createFirst(member('second'))).toBe(false);

      expect(await staff.list()).toEqual([first]);
    });

    // Open the pool's connections first, so the setups really run side by side on PostgreSQL
    // instead of being staggered by connection set-up.
    const warmUp = () => Promise.all(Array.from({ length: 8 }, () => staff.count()));

    it('of two concurrent first setups exactly one wins', async () => {
      await warmUp();

      const results = await Promise.all([staff.createFirst(member('first-a')), staff.createFirst(member('first-b'))]);

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await staff.count()).toBe(1);
    });

    it('of eight concurrent first setups exactly one wins', async () => {
      await warmUp();

      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => staff.createFirst(member(`first-${i}`))));

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await staff.count()).toBe(1);
      const [only] = await staff.list();
      expect(results[Number(only?.username.slice('first-'.length))]).toBe(true);
    });

    it('concurrent first setups with the same username: one wins, the others answer false', async () => {
      await warmUp();

      const results = await Promise.all(Array.from({ length: 4 }, () => staff.createFirst(member('chef'))));

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await staff.count()).toBe(1);
    });
  });

  describe('sessions', () => {
    const sessionOf = (staffId: string, tokenHash: string): StaffSession => ({
      id: randomUUID(),
      tokenHash,
      staffId,
      createdAt: '2026-03-01T10:00:00.000Z',
      expiresAt: '2026-03-01T18:00:00.000Z',
      stage: 'full',
      lastSeenAt: '2026-03-01T10:00:00.000Z',
      stepUpAt: null,
      address: '192.0.2.10',
      userAgent: 'Firefox',
      pending: { kind: 'totp_enrolment', secret: 'ABC' },
    });

    it('create, findByTokenHash, delete', async () => {
      const owner = member('op1');
      await staff.create(owner);
      const kept = sessionOf(owner.id, 'hash-kept');
      const ended = sessionOf(owner.id, 'hash-ended');
      await sessions.create(kept);
      await sessions.create(ended);

      expect(await sessions.findByTokenHash('hash-ended')).toEqual(ended);
      expect(await sessions.findByTokenHash('hash-unknown')).toBeUndefined();

      await sessions.delete(ended.id);

      expect(await sessions.findByTokenHash('hash-ended')).toBeUndefined();
      expect(await sessions.findByTokenHash('hash-kept')).toEqual(kept);
      await expect(sessions.delete(randomUUID())).resolves.toBeUndefined();
    });
  });
});
