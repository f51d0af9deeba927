// One server under test, alone in its own process so that its RSS and CPU are its own.
//
//   node --import tsx --expose-gc bench/server-process.ts <brigade|ws-relay|durable-relay|socketio> [--database-url URL]
//
// It listens on 127.0.0.1 (a free port) and talks to the parent over the IPC channel
// (child_process.fork): it sends { type: 'ready', url } once listening, then answers each
// { id, cmd, ... } request with { id, ok, result | error }. See bench/lib/server-child.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventLoopUtilization, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { MAX_CAPACITY, TOPICS } from '@brigade/protocol';
import SqliteDatabase from 'better-sqlite3';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { Server as SocketIoServer } from 'socket.io';
import type { DurableBatch, DurableReply } from './lib/durable-append.worker.js';

export type ServerKind = 'brigade' | 'ws-relay' | 'durable-relay' | 'socketio';

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
  /** A temporary directory the server writes to and removes on close; the parent removes it if it kills the process. */
  tempDir?: string;
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

/** Sends a citizen frame, the same bytes, to its room's operators and back to the citizen (its ack). */
type Forward = (sender: WebSocket, room: string, data: RawData, isBinary: boolean) => void;

/** What a relay may add between receiving a citizen frame and forwarding it (made with the relay's `forward`). */
interface RelayHook {
  /** Takes over each citizen frame; must call `forward` (now or later) for it to go out. */
  citizenFrame(sender: WebSocket, room: string, data: RawData, isBinary: boolean): void;
  /** After the server has closed. */
  close(): Promise<void>;
  /** A directory of the hook's own, to remove if the process is killed. */
  tempDir?: string;
}

/**
 * A `ws` relay: no parsing, no validation. A citizen connects to `/c/<room>`, an operator to
 * `/o?rooms=<room>,<room>…`. Each citizen frame is forwarded, the same bytes, to the room's
 * operators, and echoed back to the citizen as its acknowledgement: at once without a hook (the
 * bare relay), or when the hook says so.
 */
async function startRelay(makeHook?: (forward: Forward) => Promise<RelayHook>): Promise<Target> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  const rooms = new Map<string, Set<WebSocket>>();
  const forward: Forward = (sender, room, data, isBinary) => {
    const operators = rooms.get(room);
    if (operators) for (const op of operators) op.send(data, { binary: isBinary });
    sender.send(data, { binary: isBinary });
  };
  const hook = makeHook ? await makeHook(forward) : null;
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    ws.on('error', () => {});
    const url = req.url ?? '/';
    if (url.startsWith('/c/')) {
      const room = url.slice(3);
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (hook) hook.citizenFrame(ws, room, data, isBinary);
        else forward(ws, room, data, isBinary);
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
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    ...(hook?.tempDir ? { tempDir: hook.tempDir } : {}),
    connections: () => wss.clients.size,
    close: () =>
      (closing ??= (async () => {
        for (const c of wss.clients) c.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await hook?.close();
      })()),
  };
}

/** The bare `ws` relay: no persistence; each citizen frame is forwarded and echoed at once. */
const startWsRelay = (): Promise<Target> => startRelay();

/**
 * The durable `ws` relay: the bare relay plus the least any chat that acknowledges only after a
 * durable commit must do, and nothing else. Each citizen frame is appended to SQLite (WAL,
 * synchronous = FULL: Brigade's settings, see packages/server/src/db/) with its conversation (the socket's
 * room), the next seq of that conversation (kept in memory on the main thread: one process) and
 * its client message id (found in the raw bytes, no JSON parsing); the primary key and the unique
 * constraint are what gap-free order and exactly-once need. Frames received in one event-loop
 * turn share one transaction, flushed from setImmediate (group commit, like Brigade's
 * GroupCommitter in packages/server/src/stores/); only once it has committed are they forwarded
 * and echoed (the echo stands for the ack).
 *
 * As Brigade's appends (SqliteMessageAppender), the transaction runs off the event loop: in a
 * worker thread of its own (lib/durable-append.worker.ts) on its own connection, one batch in
 * flight at a time. While a batch is in the thread, new frames gather into the next batch; when
 * the thread replies, the next batch is posted at once (its commit overlaps the sends), then the
 * committed batch's frames are forwarded and echoed. The main thread only counts seqs and copies
 * each batch's bodies into one buffer, transferred to the thread. A failed batch (or every batch
 * after the thread died) is reported on stderr and not acknowledged.
 * The database is a fresh file in a temporary directory, deleted when the server stops.
 */
async function durableLog(forward: Forward): Promise<RelayHook> {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-bench-durable-relay-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  // However the process ends, the database goes with it (if killed, the parent removes tempDir).
  process.once('exit', removeDir);
  const file = join(dir, 'events.db');
  // The table is made here; rows are written by the append thread only, on its own connection.
  const setup = new SqliteDatabase(file);
  setup.pragma('journal_mode = WAL');
  setup.exec(
    'CREATE TABLE events (conversation_id TEXT, seq INTEGER, client_message_id TEXT, body TEXT, ' +
      'PRIMARY KEY (conversation_id, seq), UNIQUE (conversation_id, client_message_id))',
  );
  setup.close();
  const seqs = new Map<string, number>();

  /** Frames in arrival order (parallel arrays: no object per frame); seqs taken when the batch is posted. */
  interface Batch {
    senders: WebSocket[];
    rooms: string[];
    frames: Buffer[];
    binaries: boolean[];
    seqs: number[];
  }
  const newBatch = (): Batch => ({ senders: [], rooms: [], frames: [], binaries: [], seqs: [] });
  /** The frames waiting for the next commit. */
  let next = newBatch();
  /** The batch in the append thread (at most one). */
  let inFlight: Batch | null = null;
  let scheduled = false;
  let open = true;
  let worker: Worker | null = null;
  let threadError: unknown = null;

  const failed = (batch: Batch, why: string): void => {
    // Rolled back: hand the seqs back (the smallest one taken in each conversation wins).
    for (let k = batch.seqs.length - 1; k >= 0; k--) seqs.set(batch.rooms[k]!, batch.seqs[k]! - 1);
    process.stderr.write(`[bench server durable-relay] COMMIT FAILED for a batch of ${batch.frames.length} frames, none acknowledged: ${why}\n`);
  };
  /** Posts the waiting frames to the append thread, unless a batch is in flight (its reply posts them). */
  const post = (): void => {
    if (!open || inFlight || next.frames.length === 0) return;
    const batch = next;
    next = newBatch();
    if (!worker) return failed(batch, 'the append thread is gone');
    const n = batch.frames.length;
    let total = 0;
    for (let k = 0; k < n; k++) total += batch.frames[k]!.length;
    // A buffer of its own (never Node's shared pool), so it can be transferred, not copied again.
    const bytes = Buffer.allocUnsafeSlow(total);
    const ends: number[] = new Array<number>(n);
    let at = 0;
    for (let k = 0; k < n; k++) {
      const room = batch.rooms[k]!;
      const seq = (seqs.get(room) ?? 0) + 1;
      seqs.set(room, seq);
      batch.seqs.push(seq);
      at += batch.frames[k]!.copy(bytes, at);
      ends[k] = at;
    }
    inFlight = batch;
    const buffer = bytes.buffer as ArrayBuffer;
    worker.postMessage({ rooms: batch.rooms, seqs: batch.seqs, bytes: buffer, ends } satisfies DurableBatch, [buffer]);
  };
  const flush = (): void => {
    scheduled = false;
    post();
  };
  const onReply = (reply: Exclude<DurableReply, 'ready'>): void => {
    const done = inFlight;
    inFlight = null;
    if (!done || !open) return;
    if (!reply.ok) failed(done, `${reply.code ?? ''} ${reply.message}`);
    // The frames that came while this batch was in the thread go now: their commit overlaps the sends below.
    post();
    if (!reply.ok) return;
    for (let k = 0; k < done.frames.length; k++) forward(done.senders[k]!, done.rooms[k]!, done.frames[k]!, done.binaries[k]!);
  };
  const onExit = (code: number): void => {
    worker = null;
    if (!open) return;
    const why = threadError instanceof Error ? threadError.message : `exit code ${code}`;
    process.stderr.write(`[bench server durable-relay] the append thread died (${why}): no frame is acknowledged from now on\n`);
    const lost = inFlight;
    inFlight = null;
    if (lost) failed(lost, 'the append thread died');
    post();
  };

  // Worker threads do not inherit `--import tsx`: the .mjs entry registers it, then loads the .ts.
  const w = new Worker(new URL('./lib/durable-append.boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./lib/durable-append.worker.ts', import.meta.url).href, file },
    execArgv: [],
  });
  worker = w;
  await new Promise<void>((resolve, reject) => {
    w.on('message', (reply: DurableReply) => (reply === 'ready' ? resolve() : onReply(reply)));
    w.on('error', (error) => {
      threadError = error;
      reject(error);
    });
    w.on('exit', (code) => {
      onExit(code);
      reject(new Error(`the durable relay's append thread exited (code ${code}) before it was ready`));
    });
  });

  return {
    tempDir: dir,
    citizenFrame(sender, room, data, isBinary) {
      next.senders.push(sender);
      next.rooms.push(room);
      // binaryType 'nodebuffer' (the default): every message is one Buffer.
      next.frames.push(data as Buffer);
      next.binaries.push(isBinary);
      if (!inFlight && !scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    async close() {
      if (!open) return;
      open = false;
      const thread = worker;
      worker = null;
      if (thread) {
        // The thread ends its batch in flight, if any, closes its connection and exits.
        const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
        thread.postMessage('close');
        const timer = setTimeout(() => void thread.terminate(), 3000);
        await exited;
        clearTimeout(timer);
      }
      removeDir();
      process.off('exit', removeDir);
    },
  };
}

function startDurableRelay(): Promise<Target> {
  return startRelay(durableLog);
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
  const starts: Record<ServerKind, () => Promise<Target>> = {
    brigade: startBrigadeTarget,
    'ws-relay': startWsRelay,
    'durable-relay': startDurableRelay,
    socketio: startSocketIo,
  };
  const start = starts[kind] as (() => Promise<Target>) | undefined;
  if (!start) throw new Error(`unknown server kind ${kind}`);
  const target = await start();

  const eld = monitorEventLoopDelay({ resolution: 1 });
  let window: { cpu: NodeJS.CpuUsage; at: number; elu: EventLoopUtilization } | null = null;
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
      window = { cpu: process.cpuUsage(), at: performance.now(), elu: performance.eventLoopUtilization() };
      return null;
    },
    windowStop: () => {
      if (!window) throw new Error('no window started');
      const cpu = process.cpuUsage(window.cpu);
      const elu = performance.eventLoopUtilization(performance.eventLoopUtilization(), window.elu);
      const elapsedMs = performance.now() - window.at;
      eld.disable();
      const ms = (ns: number): number => ns / 1e6;
      const result = {
        elapsedMs,
        // The whole process: every thread (main, SQLite append thread, GC helpers, libuv pool).
        cpuUserUs: cpu.user,
        cpuSystemUs: cpu.system,
        // The main thread alone (event loop: WebSocket, JSON, validation, fan-out).
        mainThreadBusyMs: elu.active,
        // (Not the kernel's per-thread time: reading /proc/self/task/<pid>/schedstat under 5,000
        // connections stalled this event loop for ~150 ms and put the stall in the figures.)
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
  process.send({ type: 'ready', url: target.url, pid: process.pid, ...(target.tempDir ? { tempDir: target.tempDir } : {}) });
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench server ${kind}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
