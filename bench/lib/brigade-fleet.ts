// Simulated citizens and operators speaking Brigade's real realtime protocol over `ws`.
// Setup frames are awaited one by one; the hot path (message.send, message.ack, the operator's
// conversation.event) uses pre-serialized frames and JSON.parse with hand-checked fields.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { CLIENT_MAX_PAYLOAD, countAnomaly, type Fleet, messageFrameParts } from './fleet.js';
import { assertLoopback, cookieFrom, pool, postJson, sleep, sourceAddress } from './net.js';
import type { ServerChild } from './server-child.js';
import { totpCode } from './totp.js';
import { hex12, histogram, percentiles, type Percentiles, Tracker } from './tracker.js';

export const PROTOCOL_VERSION = 1;
const STAFF_COOKIE = 'brigade_staff';
/**
 * Self-check of the checker (used by bench/smoke.test.ts): BRIGADE_BENCH_INJECT=faults makes the
 * generator ignore one delivery in 50 and count one ack in 50 twice, so that the run must report
 * messages lost and duplicated, and --smoke must exit non-zero.
 */
const INJECT_FAULTS = process.env.BRIGADE_BENCH_INJECT === 'faults';
const [FRAME_A, , FRAME_C] = messageFrameParts('', '');
export const OPERATOR_PASSWORD = 'bench-operator-password-0123';

export type Frame = Record<string, unknown> & { type: string; requestId?: string };

interface PendingRequest {
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** A WebSocket with request/response correlation for setup frames. */
export class Session {
  private readonly pending = new Map<string, PendingRequest>();
  private seq = 0;
  constructor(readonly ws: WebSocket) {
    ws.on('close', () => this.failAll(new Error('connection closed')));
  }

  request(frame: Record<string, unknown>, timeoutMs = 120_000): Promise<Frame> {
    const requestId = `q${++this.seq}`;
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`${String(frame.type)} timed out`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...frame, requestId }));
    });
  }

  /** Settles the request this frame answers; false when it answers none. */
  settle(f: Frame): boolean {
    if (typeof f.requestId !== 'string') return false;
    const p = this.pending.get(f.requestId);
    if (!p) return false;
    this.pending.delete(f.requestId);
    clearTimeout(p.timer);
    if (f.type === 'error') {
      const err = f.error as { code?: string } | undefined;
      p.reject(new Error(`server error ${err?.code ?? '?'}`));
    } else p.resolve(f);
    return true;
  }

  failAll(e: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
  }
}

export function openWs(url: string, localAddress: string, headers?: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      maxPayload: CLIENT_MAX_PAYLOAD,
      localAddress,
      handshakeTimeout: 30_000,
      ...(headers ? { headers } : {}),
    });
    const onError = (e: Error): void => {
      ws.terminate();
      reject(e);
    };
    ws.once('error', onError);
    ws.once('open', () => {
      ws.off('error', onError);
      ws.on('error', () => {});
      resolve(ws);
    });
  });
}

/** Reads `"seq":N` from a conversation.event frame without parsing it. */
function seqOf(s: string): number {
  const k = s.indexOf('"seq":');
  if (k < 0) return -1;
  let n = 0;
  for (let j = k + 6; j < s.length; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return n;
}

interface Citizen {
  index: number;
  conversationId: string;
  token: string;
  localAddress: string;
  session: Session | null;
  /** Highest contiguous seq received (sync answers and live events). */
  lastSeq: number;
  frameB: string;
  operator: number;
}

interface Operator {
  index: number;
  username: string;
  cookie: string;
  session: Session;
  conversations: number[];
}

/**
 * Signs an operator in as a person would: `POST /api/auth/login` with the password, then, when
 * a second factor is asked for, `POST /api/auth/totp` with the code of the enrolled app.
 * Returns the `brigade_staff=…` cookie pair.
 */
export async function signInOperator(url: string, account: { username: string; totpSecret: string | null }, localAddress: string): Promise<string> {
  const res = await postJson(url, '/api/auth/login', { username: account.username, password: OPERATOR_PASSWORD }, localAddress);
  if (res.status !== 200) throw new Error(`login: ${res.status} ${res.body.slice(0, 200)}`);
  let cookie = cookieFrom(res.headers, STAFF_COOKIE);
  if (!cookie) throw new Error('login answered without a session cookie');
  const body = JSON.parse(res.body) as { status?: string };
  if (body.status === 'authenticated') return cookie;
  if (body.status !== 'second_factor_required' || !account.totpSecret) throw new Error(`login: cannot complete "${body.status}"`);
  const second = await postJson(url, '/api/auth/totp', { code: totpCode(account.totpSecret) }, localAddress, cookie);
  if (second.status !== 200) throw new Error(`second factor: ${second.status} ${second.body.slice(0, 200)}`);
  cookie = cookieFrom(second.headers, STAFF_COOKIE) ?? cookie;
  return cookie;
}

export interface StormResult {
  citizens: number;
  /** From the first reconnect to the last `conversation.sync` answer. */
  allResumedMs: number;
  resumed: number;
  failed: number;
  retries: number;
  /** Operator messages sent while citizens were away that the resuming sync did not return. */
  missed: number;
  duplicated: number;
  /** Sync answers that were snapshots or had a seq gap. */
  gaps: number;
  perCitizen: Percentiles;
  dropObservedMs: number;
  /** Server CPU during the storm (from the first reconnect to the last sync answer). */
  serverCpuMs: number;
  serverEventLoopDelayMaxMs: number;
  /** The generator's CPU over the same period (it opens every connection too). */
  clientCpuMs: number;
}

export interface BrigadeFleetOptions {
  server: ServerChild;
  citizens: number;
  operators: number;
  /** How many operators also subscribe to the live queue (each receives every queue change). */
  queueWatchers: number;
  tracker: Tracker;
  log?: (line: string) => void;
}

export class BrigadeFleet implements Fleet {
  readonly name = 'brigade';
  readonly anomalies = new Map<string, number>();
  /** Frames of other types received (informational). */
  readonly otherFrames = new Map<string, number>();
  private citizens: Citizen[] = [];
  private operators: Operator[] = [];
  /** Operator → citizen messages (the reconnect storm's "missed while away" probes). */
  readonly operatorTracker = new Tracker(1 << 12);
  private closing = false;
  private readonly wsUrl: string;

  private constructor(
    private readonly opts: BrigadeFleetOptions,
    readonly tracker: Tracker,
  ) {
    assertLoopback(opts.server.url);
    this.wsUrl = `${opts.server.url.replace(/^http/, 'ws')}/realtime`;
  }

  get citizenCount(): number {
    return this.citizens.length;
  }

  static async create(opts: BrigadeFleetOptions): Promise<BrigadeFleet> {
    const fleet = new BrigadeFleet(opts, opts.tracker);
    const log = opts.log ?? (() => {});
    const t0 = performance.now();
    await fleet.startConversations(opts.citizens);
    log(`  ${opts.citizens} conversations started (${Math.round(performance.now() - t0)} ms)`);
    const t1 = performance.now();
    await pool(opts.citizens, 256, (c) => fleet.connectCitizen(fleet.citizens[c]!, 0));
    log(`  ${opts.citizens} citizens connected and synced (${Math.round(performance.now() - t1)} ms)`);
    if (opts.operators === 0) return fleet;
    const t2 = performance.now();
    await fleet.connectOperators(opts.operators, opts.queueWatchers);
    log(`  ${opts.operators} operators logged in and connected (${Math.round(performance.now() - t2)} ms)`);
    const t3 = performance.now();
    await fleet.takeAll();
    log(`  ${opts.citizens} conversations taken and synced by operators (${Math.round(performance.now() - t3)} ms)`);
    return fleet;
  }

  /** Citizens only, nothing started: for the idle-connection memory measure. */
  static empty(opts: Omit<BrigadeFleetOptions, 'citizens' | 'operators' | 'queueWatchers'>): BrigadeFleet {
    return new BrigadeFleet({ ...opts, citizens: 0, operators: 0, queueWatchers: 0 }, opts.tracker);
  }

  /** Connects (hello + sync) the citizens [from, to) of those started. */
  async connectCitizens(from: number, to: number, concurrency = 256): Promise<void> {
    await pool(to - from, concurrency, (k) => this.connectCitizen(this.citizens[from + k]!, 0));
  }

  /** Closes the citizens [from, to) on purpose. */
  disconnectCitizens(from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = this.citizens[k]!;
      const s = c.session;
      c.session = null;
      s?.ws.close(1000);
    }
  }

  /** Starts conversations (POST /api/conversations) and keeps their tokens; does not connect. */
  async startConversations(n: number): Promise<void> {
    const base = this.citizens.length;
    const created = await pool(n, 32, async (k) => {
      const localAddress = sourceAddress(base + k);
      const res = await postJson(this.opts.server.url, '/api/conversations', { topic: 'general', postalCode: '75011', danger: false }, localAddress);
      if (res.status !== 201) throw new Error(`POST /api/conversations: ${res.status} ${res.body.slice(0, 200)}`);
      return JSON.parse(res.body) as { conversationId: string; citizenToken: string };
    });
    created.forEach(({ conversationId, citizenToken }, k) => {
      const index = base + k;
      this.citizens.push({
        index,
        conversationId,
        token: citizenToken,
        localAddress: sourceAddress(index),
        session: null,
        lastSeq: 0,
        frameB: messageFrameParts(conversationId, this.tracker.prefix)[1],
        operator: -1,
      });
    });
  }

  /** Connects, says hello and syncs after `afterSeq`; returns the sync answer. */
  private async connectCitizen(c: Citizen, afterSeq: number): Promise<Frame> {
    const ws = await openWs(this.wsUrl, c.localAddress);
    const session = new Session(ws);
    c.session = session;
    ws.on('message', (data: Buffer) => this.onCitizenFrame(c, session, data));
    ws.on('close', () => {
      if (!this.closing && c.session === session) countAnomaly(this.anomalies, 'citizen connection closed unexpectedly');
    });
    await session.request({ type: 'session.hello', protocolVersion: PROTOCOL_VERSION, citizenToken: c.token });
    const sync = await session.request({ type: 'conversation.sync', conversationId: c.conversationId, afterSeq });
    const events = sync.events as { seq: number }[];
    const last = events.at(-1)?.seq ?? afterSeq;
    if (last > c.lastSeq) c.lastSeq = last;
    return sync;
  }

  private onCitizenFrame(c: Citizen, session: Session, data: Buffer): void {
    const now = performance.now();
    const s = data.toString('utf8');
    if (s.startsWith('{"type":"conversation.event"')) {
      // The echo of the citizen's own message, or an operator's event.
      const seq = seqOf(s);
      if (seq === c.lastSeq + 1) c.lastSeq = seq;
      else if (seq > c.lastSeq) {
        countAnomaly(this.anomalies, 'citizen saw a seq gap');
        c.lastSeq = seq;
      }
      if (s.includes('"sender":"operator"')) {
        const f = JSON.parse(s) as { event: { clientMessageId?: string } };
        this.operatorTracker.deliver(f.event.clientMessageId, now);
      }
      return;
    }
    if (s.startsWith('{"type":"message.ack"')) {
      const f = JSON.parse(s) as { clientMessageId?: string; duplicate?: boolean };
      this.tracker.ack(f.clientMessageId, now, f.duplicate === true);
      if (INJECT_FAULTS && this.tracker.indexOf(f.clientMessageId) % 50 === 3) this.tracker.ack(f.clientMessageId, now);
      return;
    }
    if (s.startsWith('{"type":"conversation.updated"')) return;
    const f = JSON.parse(s) as Frame;
    if (session.settle(f)) return;
    this.unsolicited(f, 'citizen');
  }

  private unsolicited(f: Frame, who: string): void {
    if (f.type === 'error') {
      const code = (f.error as { code?: string } | undefined)?.code ?? '?';
      if (typeof f.requestId === 'string' && f.requestId.startsWith('m')) this.tracker.error(code);
      countAnomaly(this.anomalies, `${who} error ${code}`);
      return;
    }
    // Other frames (typing, pong, notifications the protocol grows) are not the generator's concern.
    countAnomaly(this.otherFrames, `${who} ${f.type}`);
  }

  private async connectOperators(n: number, queueWatchers: number): Promise<void> {
    const prefix = `bench${Date.now().toString(36)}o`;
    const accounts = await this.opts.server.createStaff(n, prefix, OPERATOR_PASSWORD);
    const usernames = accounts.map((a) => a.username);
    const cookies = await pool(n, 8, (k) => signInOperator(this.opts.server.url, accounts[k]!, sourceAddress(k)));
    this.operators = await pool(n, 32, async (k) => {
      const ws = await openWs(this.wsUrl, sourceAddress(k + 3), { cookie: cookies[k]! });
      const session = new Session(ws);
      const op: Operator = { index: k, username: usernames[k]!, cookie: cookies[k]!, session, conversations: [] };
      ws.on('message', (data: Buffer) => this.onOperatorFrame(op, data));
      ws.on('close', () => {
        if (!this.closing) countAnomaly(this.anomalies, 'operator connection closed unexpectedly');
      });
      await session.request({ type: 'session.hello', protocolVersion: PROTOCOL_VERSION });
      if (k < queueWatchers) await session.request({ type: 'queue.subscribe' });
      return op;
    });
  }

  /** Operator k takes and syncs every conversation c with c % operators === k. */
  private async takeAll(): Promise<void> {
    const ops = this.operators;
    for (const c of this.citizens) {
      c.operator = c.index % ops.length;
      ops[c.operator]!.conversations.push(c.index);
    }
    await Promise.all(
      ops.map(async (op) => {
        await Promise.all(op.conversations.map((c) => op.session.request({ type: 'conversation.take', conversationId: this.citizens[c]!.conversationId })));
        await Promise.all(
          op.conversations.map((c) => op.session.request({ type: 'conversation.sync', conversationId: this.citizens[c]!.conversationId, afterSeq: 0 })),
        );
      }),
    );
  }

  private onOperatorFrame(op: Operator, data: Buffer): void {
    const now = performance.now();
    const s = data.toString('utf8');
    if (s.startsWith('{"type":"conversation.event"')) {
      const f = JSON.parse(s) as { conversationId: string; event: { kind: string; sender?: string; clientMessageId?: string } };
      const ev = f.event;
      if (ev.kind === 'message' && ev.sender === 'citizen') {
        const i = this.tracker.indexOf(ev.clientMessageId);
        if (INJECT_FAULTS && i % 50 === 7) return;
        const c = i >= 0 ? this.citizens[this.tracker.sender[i]!] : undefined;
        this.tracker.deliver(ev.clientMessageId, now, c !== undefined && c.conversationId === f.conversationId && c.operator === op.index);
      }
      return;
    }
    if (s.startsWith('{"type":"message.ack"')) {
      const f = JSON.parse(s) as { clientMessageId?: string; duplicate?: boolean };
      this.operatorTracker.ack(f.clientMessageId, now, f.duplicate === true);
      return;
    }
    if (s.startsWith('{"type":"queue.upsert"') || s.startsWith('{"type":"queue.remove"') || s.startsWith('{"type":"conversation.updated"')) return;
    const f = JSON.parse(s) as Frame;
    if (op.session.settle(f)) return;
    this.unsolicited(f, 'operator');
  }

  send(c: number, i: number): void {
    const citizen = this.citizens[c]!;
    const hex = hex12(i);
    this.tracker.sender[i] = c;
    citizen.session!.ws.send(FRAME_A + hex + citizen.frameB + hex + FRAME_C);
  }

  /**
   * The reconnect storm: every citizen drops at once; while they are away each operator writes
   * once in every conversation it holds; then every citizen reconnects at once and resumes with
   * `session.hello` + `conversation.sync { afterSeq }`. Nothing sent meanwhile may be missing.
   */
  async reconnectStorm(log: (line: string) => void = () => {}): Promise<StormResult> {
    const citizens = this.citizens;
    const before = await this.opts.server.connections();
    const tDrop = performance.now();
    for (const c of citizens) {
      const s = c.session;
      c.session = null;
      s?.ws.terminate();
    }
    // Wait until the server has seen the drops.
    let dropObservedMs = -1;
    for (let k = 0; k < 200; k++) {
      const now = await this.opts.server.connections();
      if (now <= before - citizens.length) {
        dropObservedMs = performance.now() - tDrop;
        break;
      }
      await sleep(50);
    }
    log(`  ${citizens.length} citizens dropped (server saw it after ${Math.round(dropObservedMs)} ms)`);

    // Operators write while the citizens are away.
    const ot = this.operatorTracker;
    const start = ot.reserve(citizens.length);
    const text = JSON.stringify('Nous arrivons, restez en ligne. (bench)');
    for (const c of citizens) {
      const i = start + c.index;
      ot.sender[i] = c.index;
      ot.intended[i] = performance.now();
      this.operators[c.operator]!.session.ws.send(
        `{"type":"message.send","requestId":"o${hex12(i)}","conversationId":"${c.conversationId}","clientMessageId":"${ot.id(i)}","text":${text}}`,
      );
    }
    const t0 = performance.now();
    while (performance.now() - t0 < 60_000) {
      let acked = 0;
      for (let i = start; i < start + citizens.length; i++) if (ot.acks[i]! > 0) acked++;
      if (acked === citizens.length) break;
      await sleep(10);
    }
    log(`  operators wrote ${citizens.length} messages while citizens were away (${Math.round(performance.now() - t0)} ms)`);

    // The storm.
    let retries = 0;
    let failed = 0;
    let missed = 0;
    let gaps = 0;
    let duplicated = 0;
    const perCitizen = histogram();
    await this.opts.server.windowStart();
    const cpu0 = process.cpuUsage();
    const tStorm = performance.now();
    let lastDone = tStorm;
    await Promise.all(
      citizens.map(async (c) => {
        const afterSeq = c.lastSeq;
        for (let attempt = 0; ; attempt++) {
          try {
            const sync = await this.connectCitizen(c, afterSeq);
            const done = performance.now();
            if (done > lastDone) lastDone = done;
            perCitizen.recordValue(Math.max(1, Math.round((done - tStorm) * 1000)));
            const events = sync.events as { seq: number; kind: string; sender?: string; clientMessageId?: string }[];
            let contiguous = sync.mode === 'delta';
            events.forEach((e, k) => {
              if (e.seq !== afterSeq + 1 + k) contiguous = false;
            });
            if (!contiguous) gaps++;
            const probe = ot.id(start + c.index);
            const copies = events.filter((e) => e.kind === 'message' && e.clientMessageId === probe).length;
            if (copies === 0) missed++;
            if (copies > 1) duplicated++;
            if (copies > 0) ot.deliver(probe, done);
            return;
          } catch {
            c.session?.ws.terminate();
            c.session = null;
            if (attempt >= 6) {
              failed++;
              return;
            }
            retries++;
            await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random()));
          }
        }
      }),
    );
    const clientCpu = process.cpuUsage(cpu0);
    const window = await this.opts.server.windowStop();
    return {
      serverCpuMs: Math.round((window.cpuUserUs + window.cpuSystemUs) / 1000),
      serverEventLoopDelayMaxMs: Math.round(window.eventLoopDelayMs.max),
      clientCpuMs: Math.round((clientCpu.user + clientCpu.system) / 1000),
      citizens: citizens.length,
      allResumedMs: lastDone - tStorm,
      resumed: citizens.length - failed,
      failed,
      retries,
      missed,
      duplicated,
      gaps,
      perCitizen: percentiles(perCitizen),
      dropObservedMs,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const c of this.citizens) c.session?.ws.terminate();
    for (const op of this.operators) op.session.ws.terminate();
    await sleep(100);
  }
}
