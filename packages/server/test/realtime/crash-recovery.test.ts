import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { startConversation } from '../support/http.js';

const root = resolve(import.meta.dirname, '../../../..');

/** Runs the real server entry point as a separate process, as an operator would. */
async function spawnServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // `node --import tsx` keeps it one process, so SIGKILL really kills the server (the tsx CLI forks).
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '10000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const match = /Brigade is running at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url };
}

describe.each(testDatabases())('crash recovery on $name', (database) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brigade-crash-'));
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await dropTestDatabases();
  });

  it('keeps every acknowledged message after the process is killed (SIGKILL) mid-stream', async () => {
    const databaseUrl = await database.url();
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir };
    let server = await spawnServer(env);
    const { conversationId, citizenToken } = await startConversation(server.url);
    const citizen = await TestSocket.connect(server.url, { citizenToken });
    const acked = new Set<string>();
    citizen.ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; clientMessageId?: string };
      if (frame.type === 'message.ack' && frame.clientMessageId) acked.add(frame.clientMessageId);
    });
    // Stream messages without waiting, and kill the server while many are in flight.
    const sent: string[] = [];
    const pump = setInterval(() => {
      for (let i = 0; i < 20; i++) {
        const id = randomUUID();
        sent.push(id);
        citizen.send({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: id, text: `m${sent.length}` });
      }
    }, 2);
    await new Promise((r) => setTimeout(r, 400));
    server.child.kill('SIGKILL');
    clearInterval(pump);
    await citizen.waitClosed();
    expect(acked.size).toBeGreaterThan(0);

    server = await spawnServer(env);
    try {
      const again = await TestSocket.connect(server.url, { citizenToken });
      const sync = await again.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
      if (sync.type !== 'conversation.sync') throw new Error(JSON.stringify(sync));
      const stored = sync.events.flatMap((e) => (e.kind === 'message' ? [e.clientMessageId] : []));
      for (const id of acked) expect(stored).toContain(id);
      expect(new Set(stored).size).toBe(stored.length);
      expect(sync.events.map((e) => e.seq)).toEqual(sync.events.map((_, i) => i + 1));
      // Resending everything (as the browser's outbox does) stores nothing twice.
      for (const id of sent.slice(0, 50)) {
        await again.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: id, text: 'retry' });
      }
      const after = await again.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
      if (after.type !== 'conversation.sync') throw new Error('sync failed');
      const ids = after.events.flatMap((e) => (e.kind === 'message' ? [e.clientMessageId] : []));
      expect(new Set(ids).size).toBe(ids.length);
      await again.close();
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
  });
});
