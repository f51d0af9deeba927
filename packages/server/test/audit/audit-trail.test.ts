import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { KyselyAuditLog } from '../../src/stores/kysely-audit-log.js';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { http, startConversation } from '../support/http.js';
import { createWorld, type World } from '../support/world.js';

const root = resolve(import.meta.dirname, '../../../..');

function runAuditCli(databaseUrl: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/src/cli/audit.ts', 'verify'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe.each(testDatabases())('audit trail on $name', (database) => {
  let world: World;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await database.url();
    world = await createWorld(databaseUrl);
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  it('records every staff access to a conversation, with reason when required', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const op1 = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    await op1.request({ type: 'conversation.take', requestId: rid(), conversationId });
    await op1.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const op2 = await TestSocket.connect(world.url, { cookie: world.cookies.op2 });
    expect(await op2.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 })).toMatchObject({
      error: { code: 'conversation/not_found' },
    });
    const reason = 'Relève de nuit, reprise du suivi';
    expect(await op2.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0, reason })).toMatchObject({
      type: 'conversation.sync',
    });
    await op1.request({ type: 'conversation.close', requestId: rid(), conversationId, outcome: 'answered' });

    const res = await http(world.url, 'GET', `/api/audit?conversationId=${conversationId}`, { cookie: world.cookies.admin });
    expect(res.status).toBe(200);
    const entries = (res.body as { entries: { action: string; actorId: string; reason: string | null; address: string }[] }).entries;
    // Newest first; the search itself comes first, recorded before it ran.
    expect(entries.map((e) => [e.action, e.actorId, e.reason])).toEqual([
      ['audit.searched', world.ids.admin, null],
      ['conversation.closed', world.ids.op1, null],
      ['conversation.read', world.ids.op2, reason],
      ['conversation.read', world.ids.op1, null],
      ['conversation.taken', world.ids.op1, null],
    ]);
    expect(entries.every((e) => e.address.includes('127.0.0.1'))).toBe(true);
    // The search itself was recorded.
    const again = await http(world.url, 'GET', `/api/audit?actorId=${world.ids.admin}&limit=5`, { cookie: world.cookies.admin });
    expect((again.body as { entries: { action: string }[] }).entries[0]?.action).toBe('audit.searched');
    await Promise.all([citizen.close(), op1.close(), op2.close()]);
  });

  it('guards the audit search: anonymous 401, non-admin 403, bad query 400', async () => {
    expect((await http(world.url, 'GET', '/api/audit')).status).toBe(401);
    expect((await http(world.url, 'GET', '/api/audit', { cookie: world.cookies.op1 })).status).toBe(403);
    expect((await http(world.url, 'GET', '/api/audit', { cookie: world.cookies.supervisor })).status).toBe(403);
    expect((await http(world.url, 'GET', '/api/audit?limit=100000', { cookie: world.cookies.admin })).status).toBe(400);
    expect((await http(world.url, 'GET', '/api/audit?actorId=nope', { cookie: world.cookies.admin })).status).toBe(400);
  });

  it('detects an entry edited directly in the database, and names it', async () => {
    const handle = openDatabase(databaseUrl);
    try {
      const audit = new KyselyAuditLog(handle.db, handle.engine);
      expect(await audit.verify()).toBeNull();
      expect(runAuditCli(databaseUrl)).toMatchObject({ status: 0, out: expect.stringContaining('intact') });

      await sql`update audit_log set reason = 'nothing to see' where seq = 3`.execute(handle.db);
      expect(await audit.verify()).toEqual({ seq: 3, problem: 'hash' });
      const cli = runAuditCli(databaseUrl);
      expect(cli.status).toBe(1);
      expect(cli.out).toContain('BROKEN at entry 3');
    } finally {
      await handle.close();
    }
  });

  it('detects deleted trailing entries', async () => {
    const handle = openDatabase(databaseUrl);
    try {
      const audit = new KyselyAuditLog(handle.db, handle.engine);
      const last = await handle.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
      await handle.db.deleteFrom('audit_log').where('seq', '=', Number(last.m)).execute();
      expect(await audit.verify()).toMatchObject({ problem: expect.stringMatching(/hash|truncated/) });
    } finally {
      await handle.close();
    }
  });
});
