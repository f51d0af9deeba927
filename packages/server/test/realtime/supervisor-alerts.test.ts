import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../src/testing/start-test-server.js';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { startConversation } from '../support/http.js';
import { PASSWORD } from '../support/world.js';

describe.each(testDatabases())('supervisor alerts on $name', (database) => {
  afterAll(async () => {
    await dropTestDatabases();
  });

  it('alerts supervisors at once for a declared danger, and once when a conversation waits past the threshold', async () => {
    // A 1.2 s threshold stands in for the default 5 minutes.
    const server = await startTestServer({ databaseUrl: await database.url(), env: { WAIT_ALERT_MINUTES: '0.02' } });
    try {
      await server.createStaff({ username: 'chef', password: PASSWORD, rank: 'Major', firstName: 'Anne', roles: ['supervisor'] });
      await server.createStaff({ username: 'op', password: PASSWORD, rank: 'Gendarme', firstName: 'Lou', roles: ['operator'] });
      const supervisor = await TestSocket.connect(server.url, { cookie: await server.signIn('chef') });
      const operator = await TestSocket.connect(server.url, { cookie: await server.signIn('op') });

      const declared = await startConversation(server.url, { danger: true });
      expect(await supervisor.waitFor((f) => f.type === 'alert.danger' && f.conversationId === declared.conversationId)).toMatchObject({
        category: 'declared_by_citizen',
        status: 'waiting',
      });
      const calm = await startConversation(server.url, { danger: false });
      const waited = await supervisor.waitFor((f) => f.type === 'alert.waiting' && f.conversationId === calm.conversationId, 10_000);
      expect(waited).toMatchObject({ danger: false });
      // A taken conversation stops counting; the alert is not repeated.
      await operator.request({ type: 'conversation.take', requestId: rid(), conversationId: calm.conversationId });
      await new Promise((r) => setTimeout(r, 2500));
      expect(supervisor.ofType('alert.waiting').filter((f) => f.conversationId === calm.conversationId)).toHaveLength(1);
      // Operators are not sent supervisor alerts.
      expect(operator.ofType('alert.waiting')).toHaveLength(0);
      expect(operator.ofType('alert.danger')).toHaveLength(0);

      // A supervisor who arrives later is told of what still waits too long, and of danger waiting at all.
      const late = await startConversation(server.url, { danger: false });
      await supervisor.waitFor((f) => f.type === 'alert.waiting' && f.conversationId === late.conversationId, 10_000);
      await server.createStaff({ username: 'chef2', password: PASSWORD, rank: 'Major', firstName: 'Yves', roles: ['supervisor'] });
      const newcomer = await TestSocket.connect(server.url, { cookie: await server.signIn('chef2') });
      await newcomer.request({ type: 'queue.subscribe', requestId: rid() });
      const told = newcomer.ofType('alert.waiting').map((f) => [f.conversationId, f.danger]);
      expect(told).toEqual(expect.arrayContaining([[late.conversationId, false], [declared.conversationId, true]]));
      expect(told.map(([id]) => id)).not.toContain(calm.conversationId); // taken: nothing to say
      await Promise.all([supervisor.close(), operator.close(), newcomer.close()]);
    } finally {
      await server.close();
    }
  });
});
