import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../src/testing/start-test-server.js';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { startConversation } from '../support/http.js';
import { PASSWORD } from '../support/world.js';

describe.each(testDatabases())('back to the queue on $name', (database) => {
  afterAll(async () => {
    await dropTestDatabases();
  });

  it('returns an absent operator’s conversations after the grace period, not before, and tells the citizen', async () => {
    const server = await startTestServer({ databaseUrl: await database.url(), env: { OPERATOR_GRACE_SECONDS: '1.5' } });
    try {
      await server.createStaff({ username: 'op', password: PASSWORD, rank: 'Gendarme', firstName: 'Lou', roles: ['operator'] });
      await server.createStaff({ username: 'op2', password: PASSWORD, rank: 'Gendarme', firstName: 'Max', roles: ['operator'] });
      const cookie = await server.signIn('op');
      const a = await startConversation(server.url, { topic: 'violence' });
      const b = await startConversation(server.url, { topic: 'general' });
      const later = await startConversation(server.url, { topic: 'violence' });
      let op = await TestSocket.connect(server.url, { cookie });
      for (const c of [a, b]) await op.request({ type: 'conversation.take', requestId: rid(), conversationId: c.conversationId });
      const citizen = await TestSocket.connect(server.url, { citizenToken: a.citizenToken });
      await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId: a.conversationId, afterSeq: 0 });
      const watcher = await TestSocket.connect(server.url, { cookie: await server.signIn('op2') });
      await watcher.request({ type: 'queue.subscribe', requestId: rid() });

      // A short drop (reload) inside the grace period changes nothing.
      op.ws.terminate();
      await op.waitClosed();
      await new Promise((r) => setTimeout(r, 500));
      op = await TestSocket.connect(server.url, { cookie });
      await new Promise((r) => setTimeout(r, 1800));
      expect(citizen.ofType('conversation.event').some((f) => f.event.kind === 'returned_to_queue')).toBe(false);

      // Gone for good: both conversations come back, the citizen is told, the queue shows them.
      await op.close();
      const returned = await citizen.waitFor((f) => f.type === 'conversation.event' && f.event.kind === 'returned_to_queue', 5000);
      expect(returned).toMatchObject({ event: { reason: 'operator_offline' } });
      await citizen.waitFor((f) => f.type === 'conversation.updated' && f.conversation.status === 'waiting' && 'operator' in f.conversation && f.conversation.operator === null);
      await watcher.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === b.conversationId);
      // Its original waiting time puts it ahead of a conversation of the same level that came later.
      const next = await watcher.request({ type: 'conversation.take_next', requestId: rid() });
      expect(next).toMatchObject({ conversationId: a.conversationId });
      void later;
      // Messages written meanwhile are kept; the new operator sees everything.
      await citizen.request({ type: 'message.send', requestId: rid(), conversationId: a.conversationId, clientMessageId: randomUUID(), text: 'toujours là ?' });
      const history = await watcher.request({ type: 'conversation.sync', requestId: rid(), conversationId: a.conversationId, afterSeq: 0 });
      if (history.type !== 'conversation.sync') throw new Error('sync failed');
      expect(history.events.map((e) => e.kind)).toEqual(['opened', 'assigned', 'returned_to_queue', 'assigned', 'message']);
      await Promise.all([citizen.close(), watcher.close()]);
    } finally {
      await server.close();
    }
  });

  it('lets the holder release a conversation back to the queue; nobody else can', async () => {
    const server = await startTestServer({ databaseUrl: await database.url() });
    try {
      await server.createStaff({ username: 'op', password: PASSWORD, rank: 'Gendarme', firstName: 'Lou', roles: ['operator'] });
      await server.createStaff({ username: 'op2', password: PASSWORD, rank: 'Gendarme', firstName: 'Max', roles: ['operator'] });
      const { conversationId } = await startConversation(server.url);
      const op = await TestSocket.connect(server.url, { cookie: await server.signIn('op') });
      const other = await TestSocket.connect(server.url, { cookie: await server.signIn('op2') });
      await op.request({ type: 'conversation.take', requestId: rid(), conversationId });
      expect(await other.request({ type: 'conversation.release', requestId: rid(), conversationId })).toMatchObject({ error: { code: 'conversation/not_found' } });
      expect(await op.request({ type: 'conversation.release', requestId: rid(), conversationId })).toMatchObject({ type: 'ack', conversationId });
      expect(await other.request({ type: 'conversation.take', requestId: rid(), conversationId })).toMatchObject({ type: 'ack' });
      await Promise.all([op.close(), other.close()]);
    } finally {
      await server.close();
    }
  });
});
