// One server under test, alone in its own process so that its RSS and CPU are its own.
//
//   node --import tsx --expose-gc bench/server-process.ts <brigade|ws-relay|socketio> [--database-url URL]
//
// It listens on 127.0.0.1 (a free port) and talks to the parent over the IPC channel
// (child_process.fork): it sends { type: 'ready', url } once listening, then answers each
// { id, cmd, ... } request with { id, ok, result | error }. See bench/lib/server-child.ts.
import { createServer, type IncomingMessage } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { MAX_CAPACITY, TOPICS } from '@brigade/protocol';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { Server as SocketIoServer } from 'socket.io';

export type ServerKind = 'brigade' | 'ws-relay' | 'socketio';

/** Same limit as Brigade's MAX_FRAME_BYTES, for every server. */
const MAX_PAYLOAD = 64 * 1024;

export interface StaffAccountForBench {
  username: string;
  /** Base32 TOTP secret of the account's enrolled authenticator, or null if none. */
  totpSecret: string | null;
}

interface Target {
  url: string;
  connections(): number;
  createStaff?(count: number, prefix: string, password: string): Promise<StaffAccountForBench[]>;
  close(): Promise<void>;
}

const kind = process.argv[2] as ServerKind;
const databaseUrlArg = process.argv.indexOf('--database-url');
const databaseUrl = databaseUrlArg > 0 ? process.argv[databaseUrlArg + 1] : undefined;
const instrumentSqlite = process.argv.includes('--instrument-sqlite');

interface SqlStat {
  sql: string;
  prepares: number;
  prepareUs: number;
  runs: number;
  runUs: number;
  maxRunUs: number;
}
const sqlStats = new Map<string, SqlStat>();

/**
 * Diagnostic only (--instrument-sqlite): wraps better-sqlite3's prepare and statement methods to
 * count and time every statement the server runs, to show where a message's time goes. It adds a
 * little overhead of its own; never on in measured runs.
 */
function instrumentBetterSqlite(): void {
  const require = createRequire(import.meta.url);
  const Database = require('better-sqlite3') as { prototype: { prepare(sql: string): object } };
  const stat = (sql: string): SqlStat => {
    const key = sql.replace(/\s+/g, ' ').slice(0, 160);
    let st = sqlStats.get(key);
    if (!st) sqlStats.set(key, (st = { sql: key, prepares: 0, prepareUs: 0, runs: 0, runUs: 0, maxRunUs: 0 }));
    return st;
  };
  const prepare = Database.prototype.prepare;
  let patched = false;
  Database.prototype.prepare = function (this: unknown, sql: string) {
    const t = performance.now();
    const stmt = prepare.call(this, sql) as Record<string, unknown>;
    const st = stat(sql);
    st.prepares++;
    st.prepareUs += (performance.now() - t) * 1000;
    if (!patched) {
      patched = true;
      const proto = Object.getPrototypeOf(stmt) as Record<string, (...a: unknown[]) => unknown>;
      for (const m of ['run', 'get', 'all', 'iterate']) {
        const orig = proto[m];
        if (typeof orig !== 'function') continue;
        proto[m] = function (this: { source: string }, ...args: unknown[]) {
          const t0 = performance.now();
          try {
            return orig.apply(this, args);
          } finally {
            const s2 = stat(this.source);
            const us = (performance.now() - t0) * 1000;
            s2.runs++;
            s2.runUs += us;
            if (us > s2.maxRunUs) s2.maxRunUs = us;
          }
        };
      }
    }
    return stmt;
  };
}
if (instrumentSqlite) instrumentBetterSqlite();

/**
 * Brigade through its maintained test entry point (startTestServer: startBrigade + loadConfig on
 * a fresh data directory), configured as in production but silent and without a useful rate
 * limit. Its createStaff enrols an authenticator app (TOTP) for each account (capacity
 * MAX_CAPACITY, every topic), so the generator signs operators in the real way: password, then a
 * TOTP code.
 */
async function startBrigadeTarget(): Promise<Target> {
  const { startTestServer } = await import('../packages/server/src/testing/start-test-server.js');
  const server = await startTestServer({
    ...(databaseUrl ? { databaseUrl } : {}),
    env: { NODE_ENV: 'production', LOG_LEVEL: process.env.BRIGADE_BENCH_LOG_LEVEL || 'silent', RATE_LIMIT_PER_MINUTE: '100000000' },
  });
  return {
    url: server.url,
    // The hub is private to startBrigade: count open TCP sockets instead (WebSockets, kept-alive
    // HTTP sockets and, on PostgreSQL, the pool's connections).
    connections: () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length,
    async createStaff(count, prefix, password) {
      const accounts: StaffAccountForBench[] = [];
      for (let i = 0; i < count; i++) {
        const username = `${prefix}${i}`;
        const { totpSecret } = await server.createStaff(
          // Bench operators hold many conversations at once (the most an account may: MAX_CAPACITY)
          // and handle every topic, minors included.
          { username, password, rank: 'Gendarme', firstName: `Bench${i}`, roles: ['operator'], capacity: MAX_CAPACITY, topics: [...TOPICS] },
          { withTotp: true },
        );
        accounts.push({ username, totpSecret });
      }
      return accounts;
    },
    close: () => server.close(),
  };
}

/**
 * The bare `ws` relay: no persistence, no parsing, no validation. A citizen connects to
 * `/c/<room>`, an operator to `/o?rooms=<room>,<room>…`. Each citizen frame is forwarded, the
 * same bytes, to the room's operators, and echoed back to the citizen as its acknowledgement.
 */
async function startWsRelay(): Promise<Target> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    ws.on('error', () => {});
    const url = req.url ?? '/';
    if (url.startsWith('/c/')) {
      const room = url.slice(3);
      ws.on('message', (data: RawData, isBinary: boolean) => {
        const operators = rooms.get(room);
        if (operators) for (const op of operators) op.send(data, { binary: isBinary });
        ws.send(data, { binary: isBinary });
      });
    } else if (url.startsWith('/o?rooms=')) {
      const mine = url.slice('/o?rooms='.length).split(',');
      for (const room of mine) {
        let set = rooms.get(room);
        if (!set) rooms.set(room, (set = new Set()));
        set.add(ws);
      }
      ws.on('close', () => {
        for (const room of mine) rooms.get(room)?.delete(ws);
      });
    } else ws.close(1008, 'unknown path');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => wss.clients.size,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The plain Socket.IO relay (WebSocket transport, in-memory adapter). A citizen connects with
 * auth { room }, an operator with auth { rooms }. Each citizen `m` event is emitted to the room's
 * operators and echoed back to the citizen as an `a` event, the same string.
 */
async function startSocketIo(): Promise<Target> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const io = new SocketIoServer(server, {
    transports: ['websocket'],
    maxHttpBufferSize: MAX_PAYLOAD,
    perMessageDeflate: false,
    serveClient: false,
  });
  io.on('connection', (socket) => {
    const auth = socket.handshake.auth as { room?: string; rooms?: string[] };
    if (typeof auth.room === 'string') {
      const room = auth.room;
      socket.on('m', (data: unknown) => {
        io.to(room).emit('m', data);
        socket.emit('a', data);
      });
    } else if (Array.isArray(auth.rooms)) {
      void socket.join(auth.rooms);
    } else socket.disconnect(true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => io.engine.clientsCount,
    async close() {
      io.disconnectSockets(true);
      await io.close();
    },
  };
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/server-process.ts must be started with child_process.fork (IPC)');
  const target = kind === 'brigade' ? await startBrigadeTarget() : kind === 'ws-relay' ? await startWsRelay() : await startSocketIo();

  const eld = monitorEventLoopDelay({ resolution: 1 });
  let window: { cpu: NodeJS.CpuUsage; at: number } | null = null;
  /** Memory after a full GC; `youngGeneration` = the new space's resident size (sized by V8 to the allocation rate). */
  const memory = (): NodeJS.MemoryUsage & { youngGeneration: number } => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      gc();
    }
    const young = getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space')?.physical_space_size ?? 0;
    return { ...process.memoryUsage(), youngGeneration: young };
  };

  let inspector: Session | null = null;
  const commands: Record<string, (req: Record<string, unknown>) => unknown> = {
    sqlStatsReset: () => {
      sqlStats.clear();
      return null;
    },
    sqlStats: () => [...sqlStats.values()].sort((a, b) => b.prepareUs + b.runUs - (a.prepareUs + a.runUs)),
    /** CPU profile of a window only (node:inspector), not of the setup. */
    profileStart: async () => {
      inspector = new Session();
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
      await inspector.post('Profiler.start');
      return null;
    },
    /** Sampling heap profile: what allocations made after this point are still alive at heapSampleStop. */
    heapSampleStart: async () => {
      inspector = new Session();
      inspector.connect();
      await inspector.post('HeapProfiler.enable');
      await inspector.post('HeapProfiler.startSampling', { samplingInterval: 256 });
      return null;
    },
    heapSampleStop: async () => {
      if (!inspector) throw new Error('no heap sampling started');
      memory();
      const { profile } = await inspector.post('HeapProfiler.stopSampling');
      inspector.disconnect();
      inspector = null;
      return JSON.stringify(profile);
    },
    profileStop: async () => {
      if (!inspector) throw new Error('no profile started');
      const { profile } = await inspector.post('Profiler.stop');
      inspector.disconnect();
      inspector = null;
      return JSON.stringify(profile);
    },
    memory: () => memory(),
    connections: () => target.connections(),
    windowStart: () => {
      eld.reset();
      eld.enable();
      window = { cpu: process.cpuUsage(), at: performance.now() };
      return null;
    },
    windowStop: () => {
      if (!window) throw new Error('no window started');
      const cpu = process.cpuUsage(window.cpu);
      const elapsedMs = performance.now() - window.at;
      eld.disable();
      const ms = (ns: number): number => ns / 1e6;
      const result = {
        elapsedMs,
        cpuUserUs: cpu.user,
        cpuSystemUs: cpu.system,
        eventLoopDelayMs: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), mean: ms(eld.mean) },
      };
      window = null;
      return result;
    },
    createStaff: async (req) => {
      if (!target.createStaff) throw new Error(`${kind} has no staff`);
      return target.createStaff(Number(req.count), String(req.prefix), String(req.password));
    },
    close: async () => {
      await target.close();
      setImmediate(() => process.exit(0));
      return null;
    },
  };

  process.on('message', (raw: unknown) => {
    const req = raw as { id: number; cmd: string } & Record<string, unknown>;
    const fn = commands[req.cmd];
    Promise.resolve()
      .then(() => {
        if (!fn) throw new Error(`unknown command ${req.cmd}`);
        return fn(req);
      })
      .then(
        (result) => process.send?.({ id: req.id, ok: true, result }),
        (error: unknown) => process.send?.({ id: req.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  // The parent going away (even killed) must not leave a server behind.
  process.on('disconnect', () => {
    void target.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
  process.send({ type: 'ready', url: target.url, pid: process.pid });
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench server ${kind}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
