// Routing at scale: N conversations waiting (started through the real HTTP API), their N citizens
// connected over WebSocket and receiving `queue.position`, a staff member subscribing to the queue,
// and operators pressing "next" (`conversation.take_next`).
//
// The generator keeps its own model of the queue: the order of the first `queue.snapshot` (checked
// against §7.4 and against the positions every citizen received), then, after each take, the same
// order without the conversation taken. Each waiting citizen's expected position is its index in
// that order; "fan-out complete" is the moment every citizen whose expected position changed has
// received a `queue.position` carrying it.
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { type Frame, openWs, OPERATOR_PASSWORD, PROTOCOL_VERSION, Session, signInOperator } from './brigade-fleet.js';
import { countAnomaly } from './fleet.js';
import { assertLoopback, closeHttpAgents, pool, postJson, sleep, sourceAddress } from './net.js';
import type { ServerChild, WindowStats } from './server-child.js';
import { histogram, percentiles, type Percentiles } from './tracker.js';

export type Topic = 'general' | 'violence' | 'minors' | 'cyberharassment' | 'discrimination' | 'other';

/** A realistic mix of topics (shares of the conversations started). */
export const TOPIC_MIX: readonly (readonly [Topic, number])[] = [
  ['general', 0.38],
  ['violence', 0.2],
  ['minors', 0.08],
  ['cyberharassment', 0.14],
  ['discrimination', 0.08],
  ['other', 0.12],
];
/** Share of citizens who say they are in danger now. */
export const DANGER_SHARE = 0.03;
/** Real French postal codes (Paris 11e, Rennes, Lyon 3e, Marseille 1er, Bordeaux, Lille). */
export const POSTAL_CODES = ['75011', '35000', '69003', '13001', '33000', '59000'] as const;

/**
 * Self-check of the checker (bench/smoke.test.ts): with BRIGADE_BENCH_INJECT=faults the generator
 * ignores the first `queue.position` after the takes begin, so the run must report a fan-out that
 * did not complete.
 */
const INJECT_FAULTS = process.env.BRIGADE_BENCH_INJECT === 'faults';

/** §7.4: a non-danger conversation rises one level per 10 minutes of waiting, up to level 1. */
const QUEUE_AGING_MS = 10 * 60_000;
/** Quiet time after which the initial positions are considered final (the server recomputes every second). */
const INITIAL_QUIET_MS = 1500;
/** After a take's fan-out completed: further frames of the same recompute are counted in this window. */
const FAN_OUT_QUIET_MS = 300;

export interface RoutingSize {
  waiting: number;
  /** Takes one at a time, each followed by the wait until every citizen who moved has its new position. */
  fanOutTakes: number;
  /** Takes by one operator, one after the other (take → close → next), not waiting for positions. */
  sequentialTakes: number;
  /** Takes by `operators` operators at once, each in a closed loop (take → close → next). */
  concurrentTakes: number;
  operators: number;
  /** Each take phase stops early (with fewer takes, reported) once it has run this long. */
  phaseBudgetMs: number;
  /** `queue.subscribe` → `queue.snapshot` round trips. */
  snapshots: number;
}

export interface Spread {
  min: number;
  p50: number;
  max: number;
}

export interface TakeStats {
  takes: number;
  /** Takes asked for; fewer were made if the phase ran out of its time budget. */
  planned: number;
  latency: Percentiles;
  errors: Record<string, number>;
  /** Takes completed per second over the phase (closes included in the loop). */
  perSecond: number;
  server: WindowStats;
  serverCpuMsPerTake: number;
}

export interface RoutingResult {
  engine: 'sqlite' | 'postgres';
  size: RoutingSize;
  /** Conversations per topic, as started (after substitutions). */
  mix: Record<string, number>;
  danger: number;
  /** The server refused the topic `minors` (400): those conversations were started as `general`. */
  minorsRefused: boolean;
  fill: { ms: number; perSecond: number; server: WindowStats };
  initial: {
    /**
     * From the last conversation started and its citizen connected to every citizen holding its
     * final position (0: they all did already).
     */
    allPositionedMs: number;
    frames: number;
    /** Per citizen, from its conversation's 201 to its first `queue.position`, during the fill. */
    firstPosition: Percentiles;
  };
  snapshot: { latency: Percentiles; bytes: number; entries: number };
  fanOut: {
    takes: number;
    /** From the take's ack to the last moved citizen's new `queue.position`. */
    fromAck: Percentiles;
    /** The same from the `conversation.take_next` request. */
    fromRequest: Percentiles;
    framesPerTake: Spread;
    movedPerTake: Spread;
    incomplete: number;
    takeNext: Percentiles;
    server: WindowStats;
    clientEventLoopDelayMaxMs: number;
  };
  sequential: TakeStats;
  concurrent: TakeStats & { operators: number };
  /** After the concurrent burst: from its last ack until every position is right again. */
  afterBurst: { convergedMs: number; converged: boolean; frames: number };
  /** Every take_next answered by this run (all phases). */
  takeNextAll: Percentiles;
  checks: {
    positionsPermutation: boolean;
    positionsMatchSnapshot: boolean;
    snapshotInQueueOrder: boolean;
    takesDistinct: boolean;
    takesFromHead: boolean;
    fanOutComplete: boolean;
  };
  problems: string[];
  anomalies: Record<string, number>;
}

interface Citizen {
  index: number;
  conversationId: string;
  topic: Topic;
  danger: boolean;
  session: Session | null;
  /** Last position received (0: none yet). */
  position: number;
  frameAt: number;
  /** When its conversation was started (201), and when its first position arrived. */
  startedAt: number;
  firstPositionAt: number;
  waiting: boolean;
  /** Position in the generator's model of the queue (0: not known yet, or not waiting). */
  expected: number;
}

interface Operator {
  index: number;
  session: Session;
}

interface QueueEntryLike {
  conversationId: string;
  danger: boolean;
  level: number;
  waitingSince: string;
}

type TakeOutcome = { ok: true; conversationId: string; sentAt: number; ackAt: number; moved: Citizen[] } | { ok: false; code: string };

/** A deterministic number in [0, 1) for a key: the same mix on every run. */
function unit(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function specOf(k: number): { topic: Topic; danger: boolean; postalCode: string } {
  const r = unit(`topic-${k}`);
  let acc = 0;
  let topic: Topic = 'general';
  for (const [t, share] of TOPIC_MIX) {
    acc += share;
    if (r < acc) {
      topic = t;
      break;
    }
  }
  return { topic, danger: unit(`danger-${k}`) < DANGER_SHARE, postalCode: POSTAL_CODES[k % POSTAL_CODES.length]! };
}

/** §7.4, written from the protocol document (not imported): effective level, then oldest, then id. */
function compareEntries(nowMs: number): (a: QueueEntryLike, b: QueueEntryLike) => number {
  const effective = (e: QueueEntryLike): number =>
    e.danger || e.level === 0 ? 0 : Math.max(1, e.level - Math.floor(Math.max(0, nowMs - Date.parse(e.waitingSince)) / QUEUE_AGING_MS));
  return (a, b) => {
    const d = effective(a) - effective(b);
    if (d !== 0) return d;
    if (a.waitingSince !== b.waitingSince) return a.waitingSince < b.waitingSince ? -1 : 1;
    return a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0;
  };
}

const us = (ms: number): number => Math.max(1, Math.round(ms * 1000));

function spread(values: number[]): Spread {
  if (values.length === 0) return { min: 0, p50: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0]!, p50: s[Math.floor((s.length - 1) / 2)]!, max: s.at(-1)! };
}

function errorCode(error: unknown): string {
  const m = /server error (\S+)/.exec(error instanceof Error ? error.message : String(error));
  return m ? m[1]! : error instanceof Error ? error.message : String(error);
}

export class RoutingBench {
  private readonly citizens: Citizen[] = [];
  private readonly byId = new Map<string, Citizen>();
  /** The generator's model of the waiting queue, most urgent first. */
  private order: Citizen[] = [];
  /** Waiting citizens whose last position differs from the model's. */
  private mismatched = 0;
  private waiter: (() => void) | null = null;
  private positionFrames = 0;
  private lastPositionFrameAt = 0;
  private operators: Operator[] = [];
  private watcher: Operator | null = null;
  private snapshotAt = 0;
  private snapshotBytes = 0;
  private closing = false;
  private minorsRefused = false;
  private headViolations = 0;
  private dropNextPosition = false;
  /**
   * The model ignores ageing (§7.4: one level per 10 minutes of waiting): every take phase stops
   * before the first conversation started has waited that long.
   */
  private horizon = Number.POSITIVE_INFINITY;
  private takenTwice = 0;
  private readonly takeNextAll = histogram();
  readonly problems: string[] = [];
  readonly anomalies = new Map<string, number>();
  private readonly wsUrl: string;

  private constructor(
    private readonly server: ServerChild,
    readonly engine: 'sqlite' | 'postgres',
    readonly size: RoutingSize,
    private readonly log: (line: string) => void,
  ) {
    assertLoopback(server.url);
    this.wsUrl = `${server.url.replace(/^http/, 'ws')}/realtime`;
  }

  /** The whole scenario on a fresh server: fill, initial positions, snapshots, takes. */
  static async run(server: ServerChild, engine: 'sqlite' | 'postgres', size: RoutingSize, log: (line: string) => void): Promise<RoutingResult> {
    const bench = await RoutingBench.prepare(server, engine, size, log);
    try {
      return await bench.measureTakes();
    } finally {
      await bench.close();
    }
  }

  /** Fills the queue, waits for every citizen's first position, measures the snapshot. */
  static async prepare(server: ServerChild, engine: 'sqlite' | 'postgres', size: RoutingSize, log: (line: string) => void): Promise<RoutingBench> {
    const bench = new RoutingBench(server, engine, size, log);
    await bench.setUp();
    return bench;
  }

  private fill: RoutingResult['fill'] | null = null;
  private initial: RoutingResult['initial'] | null = null;
  private snapshot: RoutingResult['snapshot'] | null = null;
  private positionsPermutation = true;
  private positionsMatchSnapshot = true;
  private snapshotInQueueOrder = true;

  private async setUp(): Promise<void> {
    const n = this.size.waiting;
    const tag = `routing/${this.engine} ${n.toLocaleString('en-US')} waiting`;
    // Operators first (accounts, password + TOTP sign-in): setup, not measured.
    await this.connectOperators(this.size.operators);

    await this.server.windowStart();
    const t0 = performance.now();
    this.horizon = t0 + QUEUE_AGING_MS - 20_000;
    await pool(n, 48, (k) => this.startAndConnect(k));
    const tFilled = performance.now();
    const fillServer = await this.server.windowStop();
    closeHttpAgents();
    this.fill = { ms: Math.round(tFilled - t0), perSecond: Math.round((n * 1000) / (tFilled - t0)), server: fillServer };
    this.log(
      `  ${tag}: ${n} conversations started over HTTP and their citizens connected (hello + sync) in ${this.fill.ms} ms ` +
        `(${this.fill.perSecond}/s)${this.minorsRefused ? '; the server refused topic "minors": started as "general"' : ''}`,
    );

    // (c) Every citizen gets a position; wait until they form 1..N and nothing changed for a while.
    const framesBefore = this.positionFrames;
    const settled = await this.awaitPositionsSettled(60_000);
    if (!settled) this.problems.push(`${tag}: initial positions did not settle into a permutation of 1..${n} within 60 s (${this.describePositions()})`);

    // (d) queue.subscribe → queue.snapshot; the first one also checks the positions.
    const latency = histogram();
    let entries: QueueEntryLike[] = [];
    for (let k = 0; k < this.size.snapshots; k++) {
      const snap = await this.subscribe();
      latency.recordValue(us(snap.ms));
      if (k === 0) {
        entries = snap.entries;
        this.adoptSnapshot(entries, snap.wallMs, tag, true);
        if (this.mismatched > 0) await this.waitConverged(10_000);
        if (this.mismatched > 0) {
          this.positionsMatchSnapshot = false;
          this.problems.push(`${tag}: ${this.mismatched} citizens' positions disagree with the order of queue.snapshot`);
        }
      }
      await sleep(100);
    }
    let lastFrame = 0;
    const first = histogram();
    for (const c of this.citizens) {
      if (c.frameAt > lastFrame) lastFrame = c.frameAt;
      if (c.firstPositionAt > 0) first.recordValue(us(c.firstPositionAt - c.startedAt));
    }
    this.initial = {
      allPositionedMs: Math.max(0, Math.round(lastFrame - tFilled)),
      frames: this.positionFrames - framesBefore,
      firstPosition: percentiles(first),
    };
    this.snapshot = { latency: percentiles(latency), bytes: this.snapshotBytes, entries: entries.length };
    this.log(
      `  ${tag}: first position p50 ${this.initial.firstPosition.p50} ms, p99 ${this.initial.firstPosition.p99} ms after the conversation started; ` +
        `every citizen had its final position ${this.initial.allPositionedMs} ms after the fill ` +
        `(${this.initial.frames} queue.position frames after it); queue.snapshot of ${entries.length} entries, ${this.snapshotBytes} bytes: ` +
        `p50 ${this.snapshot.latency.p50} ms, max ${this.snapshot.latency.max} ms over ${this.size.snapshots}`,
    );
  }

  private async startAndConnect(k: number): Promise<void> {
    const spec = specOf(k);
    const localAddress = sourceAddress(k);
    let topic: Topic = spec.topic === 'minors' && this.minorsRefused ? 'general' : spec.topic;
    let res = await postJson(this.server.url, '/api/conversations', { topic, postalCode: spec.postalCode, danger: spec.danger }, localAddress);
    if (res.status === 400 && topic === 'minors') {
      this.minorsRefused = true;
      topic = 'general';
      res = await postJson(this.server.url, '/api/conversations', { topic, postalCode: spec.postalCode, danger: spec.danger }, localAddress);
    }
    if (res.status !== 201) throw new Error(`POST /api/conversations: ${res.status} ${res.body.slice(0, 200)}`);
    const { conversationId, citizenToken } = JSON.parse(res.body) as { conversationId: string; citizenToken: string };
    const c: Citizen = {
      index: k,
      conversationId,
      topic,
      danger: spec.danger,
      session: null,
      position: 0,
      frameAt: 0,
      startedAt: performance.now(),
      firstPositionAt: 0,
      waiting: true,
      expected: 0,
    };
    this.citizens[k] = c;
    this.byId.set(conversationId, c);
    const ws = await openWs(this.wsUrl, localAddress);
    const session = new Session(ws);
    c.session = session;
    ws.on('message', (data: Buffer) => this.onCitizenFrame(c, session, data));
    ws.on('close', () => {
      if (!this.closing) countAnomaly(this.anomalies, 'citizen connection closed unexpectedly');
    });
    await session.request({ type: 'session.hello', protocolVersion: PROTOCOL_VERSION, citizenToken });
    await session.request({ type: 'conversation.sync', conversationId, afterSeq: 0 });
  }

  private onCitizenFrame(c: Citizen, session: Session, data: Buffer): void {
    const now = performance.now();
    const s = data.toString('utf8');
    // The conversation's own events (assigned, closed) and views: not this scenario's concern.
    if (s.startsWith('{"type":"conversation.event"') || s.startsWith('{"type":"conversation.updated"')) return;
    const f = JSON.parse(s) as Frame;
    if (f.type === 'queue.position') {
      this.onPosition(c, f, now);
      return;
    }
    if (session.settle(f)) return;
    const code = f.type === 'error' ? ((f.error as { code?: string } | undefined)?.code ?? '?') : null;
    countAnomaly(this.anomalies, code ? `citizen error ${code}` : `citizen ${f.type}`);
  }

  private onPosition(c: Citizen, f: Frame, now: number): void {
    const position = f.position;
    if (f.conversationId !== c.conversationId || typeof position !== 'number') {
      countAnomaly(this.anomalies, 'queue.position for another conversation, or without a position');
      return;
    }
    this.positionFrames++;
    this.lastPositionFrameAt = now;
    // A recompute that read the queue just before a take may still reach the citizen taken.
    if (!c.waiting) return;
    if (this.dropNextPosition) {
      this.dropNextPosition = false;
      return;
    }
    const wasRight = c.expected > 0 && c.position === c.expected;
    if (c.position === 0) c.firstPositionAt = now;
    c.position = position;
    c.frameAt = now;
    if (c.expected === 0) return;
    const right = position === c.expected;
    if (wasRight && !right) this.mismatched++;
    else if (!wasRight && right) {
      this.mismatched--;
      if (this.mismatched === 0) this.waiter?.();
    }
  }

  /** Every citizen positioned, positions a permutation of 1..N, no frame for INITIAL_QUIET_MS. */
  private async awaitPositionsSettled(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      await sleep(50);
      if (performance.now() - this.lastPositionFrameAt < INITIAL_QUIET_MS) continue;
      if (this.isPermutation()) return true;
    }
    this.positionsPermutation = false;
    return false;
  }

  private isPermutation(): boolean {
    const waiting = this.citizens.filter((c) => c.waiting);
    const seen = new Uint8Array(waiting.length + 1);
    for (const c of waiting) {
      if (c.position < 1 || c.position > waiting.length || seen[c.position] === 1) return false;
      seen[c.position] = 1;
    }
    return true;
  }

  private describePositions(): string {
    const waiting = this.citizens.filter((c) => c.waiting);
    const none = waiting.filter((c) => c.position === 0).length;
    const counts = new Map<number, number>();
    for (const c of waiting) counts.set(c.position, (counts.get(c.position) ?? 0) + 1);
    const duplicated = [...counts.entries()].filter(([p, k]) => p > 0 && k > 1).length;
    const outOfRange = waiting.filter((c) => c.position > waiting.length).length;
    return `${none} without a position, ${duplicated} positions held by several, ${outOfRange} beyond ${waiting.length}`;
  }

  /** Takes the server's order as the model (checking it against §7.4 and the citizens we know). */
  private adoptSnapshot(entries: QueueEntryLike[], wallMs: number, tag: string, check: boolean): void {
    const waiting = this.citizens.filter((c) => c.waiting).length;
    if (check) {
      if (entries.length !== waiting) this.problems.push(`${tag}: queue.snapshot has ${entries.length} entries, ${waiting} conversations wait`);
      const cmp = compareEntries(wallMs);
      let unsorted = 0;
      for (let k = 1; k < entries.length; k++) if (cmp(entries[k - 1]!, entries[k]!) > 0) unsorted++;
      if (unsorted > 0) {
        this.snapshotInQueueOrder = false;
        this.problems.push(`${tag}: queue.snapshot is not in queue order (§7.4) at ${unsorted} places`);
      }
    }
    const order: Citizen[] = [];
    for (const e of entries) {
      const c = this.byId.get(e.conversationId);
      if (!c || !c.waiting) {
        this.problems.push(`${tag}: queue.snapshot lists ${e.conversationId}, which is not waiting`);
        continue;
      }
      order.push(c);
    }
    this.order = order;
    this.reassign();
  }

  /** Expected position = index in the model + 1; recounts the citizens not there yet. */
  private reassign(): Citizen[] {
    const moved: Citizen[] = [];
    let mismatched = 0;
    for (let k = 0; k < this.order.length; k++) {
      const c = this.order[k]!;
      if (c.expected !== k + 1) {
        c.expected = k + 1;
        moved.push(c);
      }
      if (c.position !== k + 1) mismatched++;
    }
    this.mismatched = mismatched;
    return moved;
  }

  private waitConverged(timeoutMs: number): Promise<boolean> {
    if (this.mismatched === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(true);
      };
    });
  }

  private async connectOperators(n: number): Promise<void> {
    const prefix = `route${Date.now().toString(36)}o`;
    // n operators who take, and one more account that only watches the queue.
    const accounts = await this.server.createStaff(n + 1, prefix, OPERATOR_PASSWORD);
    const cookies = await pool(n + 1, 4, (k) => signInOperator(this.server.url, accounts[k]!, sourceAddress(k)));
    const ops = await pool(n + 1, 8, async (k) => {
      const ws = await openWs(this.wsUrl, sourceAddress(k + 3), { cookie: cookies[k]! });
      const session = new Session(ws);
      const op: Operator = { index: k, session };
      ws.on('message', (data: Buffer) => this.onStaffFrame(op, data));
      ws.on('close', () => {
        if (!this.closing) countAnomaly(this.anomalies, 'staff connection closed unexpectedly');
      });
      await session.request({ type: 'session.hello', protocolVersion: PROTOCOL_VERSION });
      return op;
    });
    this.watcher = ops.pop()!;
    this.operators = ops;
  }

  private onStaffFrame(op: Operator, data: Buffer): void {
    const now = performance.now();
    if (data.length > 23 && data.toString('utf8', 0, 24) === '{"type":"queue.snapshot"') {
      this.snapshotAt = now;
      this.snapshotBytes = data.length;
    }
    const s = data.toString('utf8');
    if (s.startsWith('{"type":"queue.upsert"') || s.startsWith('{"type":"queue.remove"') || s.startsWith('{"type":"conversation.assigned"')) return;
    const f = JSON.parse(s) as Frame;
    if (op.session.settle(f)) return;
    const code = f.type === 'error' ? ((f.error as { code?: string } | undefined)?.code ?? '?') : null;
    countAnomaly(this.anomalies, code ? `staff error ${code}` : `staff ${f.type}`);
  }

  private async subscribe(): Promise<{ ms: number; wallMs: number; entries: QueueEntryLike[] }> {
    const watcher = this.watcher!;
    const t = performance.now();
    const f = await watcher.session.request({ type: 'queue.subscribe' });
    const wallMs = Date.now();
    return { ms: this.snapshotAt - t, wallMs, entries: f.entries as QueueEntryLike[] };
  }

  /** `count` more `queue.subscribe` round trips (profiling the snapshot). */
  async measureSnapshots(count: number): Promise<Percentiles> {
    const h = histogram();
    for (let k = 0; k < count; k++) h.recordValue(us((await this.subscribe()).ms));
    return percentiles(h);
  }

  /** The model again from a fresh snapshot (after a fan-out that did not complete). */
  private async resync(tag: string): Promise<void> {
    const snap = await this.subscribe();
    this.adoptSnapshot(snap.entries, snap.wallMs, tag, false);
  }

  private async takeNext(op: Operator, headCheck: boolean): Promise<TakeOutcome> {
    const sentAt = performance.now();
    let ack: Frame;
    try {
      ack = await op.session.request({ type: 'conversation.take_next' }, 60_000);
    } catch (error) {
      const code = errorCode(error);
      countAnomaly(this.anomalies, `take_next error ${code}`);
      return { ok: false, code };
    }
    const ackAt = performance.now();
    this.takeNextAll.recordValue(us(ackAt - sentAt));
    const id = ack.conversationId;
    const c = typeof id === 'string' ? this.byId.get(id) : undefined;
    if (!c || typeof id !== 'string') {
      this.problems.push(`take_next answered ${JSON.stringify(id)}, not one of this run's conversations`);
      return { ok: false, code: 'unknown conversation' };
    }
    if (!c.waiting) {
      this.takenTwice++;
      return { ok: true, conversationId: id, sentAt, ackAt, moved: [] };
    }
    const at = this.order.indexOf(c);
    // "Next" takes the most urgent conversation the operator handles: the bench's operators handle
    // every topic and no service is set up, so none before it may be left.
    if (headCheck && at > 0) this.headViolations++;
    if (at >= 0) this.order.splice(at, 1);
    c.waiting = false;
    c.expected = 0;
    return { ok: true, conversationId: id, sentAt, ackAt, moved: this.reassign() };
  }

  private async closeConversation(op: Operator, conversationId: string): Promise<void> {
    try {
      await op.session.request({ type: 'conversation.close', conversationId, outcome: 'answered' }, 60_000);
    } catch (error) {
      countAnomaly(this.anomalies, `close error ${errorCode(error)}`);
    }
  }

  async measureTakes(): Promise<RoutingResult> {
    const tag = `routing/${this.engine} ${this.size.waiting.toLocaleString('en-US')} waiting`;
    const op0 = this.operators[0]!;

    // (b) Isolated takes: each one's fan-out, measured until every moved citizen has its new position.
    const fromAck = histogram();
    const fromRequest = histogram();
    const isolated = histogram();
    const frames: number[] = [];
    const moved: number[] = [];
    let incomplete = 0;
    this.dropNextPosition = INJECT_FAULTS;
    const fanOutTimeoutMs = INJECT_FAULTS ? 3000 : 15_000;
    const eld = monitorEventLoopDelay({ resolution: 1 });
    eld.enable();
    await this.server.windowStart();
    const fanOutDeadline = Math.min(this.horizon, performance.now() + this.size.phaseBudgetMs);
    for (let k = 0; k < this.size.fanOutTakes && performance.now() < fanOutDeadline; k++) {
      const framesBefore = this.positionFrames;
      const r = await this.takeNext(op0, true);
      if (!r.ok) continue;
      isolated.recordValue(us(r.ackAt - r.sentAt));
      const complete = await this.waitConverged(fanOutTimeoutMs);
      if (!complete) {
        incomplete++;
        this.problems.push(
          `${tag}: take ${k + 1}: ${this.mismatched} of ${r.moved.length} moved citizens still without their new position after ${fanOutTimeoutMs / 1000} s`,
        );
        await this.resync(tag);
      } else if (r.moved.length > 0) {
        let last = 0;
        for (const c of r.moved) if (c.frameAt > last) last = c.frameAt;
        fromAck.recordValue(us(Math.max(0, last - r.ackAt)));
        fromRequest.recordValue(us(last - r.sentAt));
      }
      await sleep(FAN_OUT_QUIET_MS);
      frames.push(this.positionFrames - framesBefore);
      moved.push(r.moved.length);
      await this.closeConversation(op0, r.conversationId);
      // Takes land anywhere in the server's 1 s recompute period.
      await sleep(Math.floor(unit(`${this.size.waiting}-pause-${k}`) * 1000));
    }
    const fanOutServer = await this.server.windowStop();
    eld.disable();
    const fanOut: RoutingResult['fanOut'] = {
      takes: fromAck.totalCount,
      fromAck: percentiles(fromAck),
      fromRequest: percentiles(fromRequest),
      framesPerTake: spread(frames),
      movedPerTake: spread(moved),
      incomplete,
      takeNext: percentiles(isolated),
      server: fanOutServer,
      clientEventLoopDelayMaxMs: Math.round(eld.max / 1e4) / 100,
    };
    this.log(
      `  ${tag}: position fan-out after a take (${fanOut.takes} takes, one at a time): from the ack p50 ${fanOut.fromAck.p50} ms, p99 ${fanOut.fromAck.p99} ms, max ${fanOut.fromAck.max} ms; ` +
        `${fanOut.framesPerTake.p50} frames per take (${fanOut.movedPerTake.p50} citizens moved); take_next p50 ${fanOut.takeNext.p50} ms; ` +
        `server event-loop delay max ${fanOutServer.eventLoopDelayMs.max.toFixed(0)} ms`,
    );

    // (a) One operator, take after take.
    const sequential = await this.takePhase([op0], this.size.sequentialTakes, true, this.size.phaseBudgetMs);
    this.log(
      `  ${tag}: take_next, one operator, ${sequential.takes} takes one after the other: p50 ${sequential.latency.p50} ms, p99 ${sequential.latency.p99} ms, ` +
        `max ${sequential.latency.max} ms; server CPU ${sequential.serverCpuMsPerTake} ms per take (close included)`,
    );
    // (a) Several operators at once.
    const ops = this.operators.slice(0, this.size.operators);
    const concurrent = await this.takePhase(ops, this.size.concurrentTakes, false, this.size.phaseBudgetMs);
    const burstEnd = performance.now();
    const framesBefore = this.positionFrames;
    const converged = await this.waitConverged(20_000);
    const afterBurst = { convergedMs: Math.round(performance.now() - burstEnd), converged, frames: this.positionFrames - framesBefore };
    if (!converged) this.problems.push(`${tag}: ${this.mismatched} citizens still without their right position 20 s after the burst of takes`);
    this.log(
      `  ${tag}: take_next, ${ops.length} operators at once, ${concurrent.takes} takes: p50 ${concurrent.latency.p50} ms, p99 ${concurrent.latency.p99} ms, ` +
        `max ${concurrent.latency.max} ms (${concurrent.perSecond} takes/s); every position right ${afterBurst.convergedMs} ms after the last take`,
    );
    if (this.headViolations > 0) this.problems.push(`${tag}: ${this.headViolations} take_next answers skipped a more urgent waiting conversation`);
    if (this.takenTwice > 0) this.problems.push(`${tag}: ${this.takenTwice} conversations were handed out twice by take_next`);
    const takeErrors = Object.entries(Object.fromEntries(this.anomalies)).filter(([k]) => k.startsWith('take_next error'));
    if (takeErrors.length > 0) this.problems.push(`${tag}: take_next errors ${JSON.stringify(Object.fromEntries(takeErrors))}`);

    const mix: Record<string, number> = {};
    let danger = 0;
    for (const c of this.citizens) {
      mix[c.topic] = (mix[c.topic] ?? 0) + 1;
      if (c.danger) danger++;
    }
    return {
      engine: this.engine,
      size: this.size,
      mix,
      danger,
      minorsRefused: this.minorsRefused,
      fill: this.fill!,
      initial: this.initial!,
      snapshot: this.snapshot!,
      fanOut,
      sequential,
      concurrent: { ...concurrent, operators: ops.length },
      afterBurst,
      takeNextAll: percentiles(this.takeNextAll),
      checks: {
        positionsPermutation: this.positionsPermutation,
        positionsMatchSnapshot: this.positionsMatchSnapshot,
        snapshotInQueueOrder: this.snapshotInQueueOrder,
        takesDistinct: this.takenTwice === 0,
        takesFromHead: this.headViolations === 0,
        fanOutComplete: incomplete === 0 && converged,
      },
      problems: this.problems,
      anomalies: Object.fromEntries(this.anomalies),
    };
  }

  /** `takes` take_next among `ops` operators, each in a closed loop (take → close → next), for at most `budgetMs`. */
  private async takePhase(ops: Operator[], takes: number, headCheck: boolean, budgetMs: number): Promise<TakeStats> {
    const latency = histogram();
    const before = new Map(this.anomalies);
    let left = takes;
    let done = 0;
    await this.server.windowStart();
    const t0 = performance.now();
    const deadline = Math.min(this.horizon, t0 + budgetMs);
    await Promise.all(
      ops.map(async (op) => {
        while (left > 0 && performance.now() < deadline) {
          left--;
          const r = await this.takeNext(op, headCheck);
          if (!r.ok) continue;
          latency.recordValue(us(r.ackAt - r.sentAt));
          done++;
          await this.closeConversation(op, r.conversationId);
        }
      }),
    );
    const elapsed = performance.now() - t0;
    const server = await this.server.windowStop();
    const errors: Record<string, number> = {};
    for (const [k, v] of this.anomalies) {
      const d = v - (before.get(k) ?? 0);
      if (d > 0 && (k.startsWith('take_next error') || k.startsWith('close error'))) errors[k] = d;
    }
    return {
      takes: done,
      planned: takes,
      latency: percentiles(latency),
      errors,
      perSecond: Math.round((done * 1000) / Math.max(1, elapsed)),
      server,
      serverCpuMsPerTake: Math.round((server.cpuUserUs + server.cpuSystemUs) / 10 / Math.max(1, done)) / 100,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.waiter = null;
    for (const c of this.citizens) c.session?.ws.terminate();
    for (const op of this.operators) op.session.ws.terminate();
    this.watcher?.session.ws.terminate();
    closeHttpAgents();
    await sleep(200);
  }
}
