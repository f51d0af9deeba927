// BENCHMARKS.md, the latency-vs-rate SVG and the one-line JSON summary.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { StormResult } from './brigade-fleet.js';
import type { IdleQuiet, IdleResult } from './idle.js';
import { ACK_P99_LIMIT_MS, type LadderResult, type StepResult } from './load.js';
import type { RoutingResult } from './routing.js';
import { REPO_ROOT } from './server-child.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  platform: string;
  kernel: string;
  gitCommit: string;
}

export interface Totals {
  sent: number;
  lost: number;
  duplicated: number;
  misrouted: number;
  errors?: number;
  errorCodes?: Record<string, number>;
  foreign?: number;
}

export interface EngineReport {
  engine: 'sqlite' | 'postgres';
  ladder: LadderResult;
  latency: StepResult;
  storm: StormResult;
  totals: Totals;
  anomalies: Record<string, number>;
  latencyFleet: { citizens: number; operators: number };
  rateFleet: { citizens: number; operators: number };
}

export interface RelayReport {
  kind: 'ws-relay' | 'durable-relay' | 'socketio';
  ladder: LadderResult;
  latency: StepResult | null;
  totals: Totals;
}

export interface BenchReport {
  mode: string;
  command: string;
  date: string;
  machine: Machine;
  sqlite: EngineReport | null;
  postgres: EngineReport | null;
  postgresSkipped: string | null;
  /** durableRelay: the bare ws relay storing each frame in SQLite (group commit) before forwarding it. */
  baselines: { wsRelay: RelayReport | null; socketIo: RelayReport | null; durableRelay: RelayReport | null };
  idle: { brigade: IdleResult | null; wsRelay: IdleResult | null; socketIo: IdleResult | null };
  /** Routing at scale: one result per queue size, smallest first. */
  routing: { sqlite: RoutingResult[]; postgres: RoutingResult[]; postgresSkipped: string | null };
  durationMs: number;
  plan: { stepMs: number; relayStepMs: number; drainMs: number; latMs: number };
}

export function machineInfo(): Machine {
  let gitCommit = process.env.BRIGADE_BENCH_COMMIT ?? 'unknown';
  try {
    gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    if (dirty) gitCommit += ' (with uncommitted changes)';
  } catch {
    /* not a git checkout */
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.arch()}`,
    kernel: os.release(),
    gitCommit,
  };
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null || b == null || b === 0 ? null : round(a / b, 2);

/** The step of a ladder at exactly this rate, if run. */
function stepAt(ladder: LadderResult | undefined, rate: number): StepResult | null {
  return ladder?.steps.find((s) => s.rate === rate) ?? null;
}

/** Latency at 1,000 msg/s for comparisons: the latency scenario when every target ran it, else the ladder's 1k step. */
function latencyBasis(r: BenchReport): { basis: string; brigade: StepResult | null; ws: StepResult | null; sio: StepResult | null; durable: StepResult | null } {
  const ws = r.baselines.wsRelay;
  const sio = r.baselines.socketIo;
  const durable = r.baselines.durableRelay;
  if (ws?.latency && sio?.latency && r.sqlite) {
    return {
      basis: `1,000 msg/s, ${r.sqlite.latencyFleet.citizens} citizens and ${r.sqlite.latencyFleet.operators} operators`,
      brigade: r.sqlite.latency,
      ws: ws.latency,
      sio: sio.latency,
      durable: durable?.latency ?? null,
    };
  }
  return {
    basis: `1,000 msg/s step of the max-rate ladder (${r.sqlite?.rateFleet.citizens ?? '?'} citizens, ${r.sqlite?.rateFleet.operators ?? '?'} operators)`,
    brigade: stepAt(r.sqlite?.ladder, 1000),
    ws: stepAt(ws?.ladder, 1000),
    sio: stepAt(sio?.ladder, 1000),
    durable: stepAt(durable?.ladder, 1000),
  };
}

function idleAt(idle: IdleResult | null, n?: number, exclYoung = false): number | null {
  if (!idle || idle.points.length === 0) return null;
  const p = n === undefined ? idle.points.at(-1) : idle.points.find((x) => x.connections === n);
  if (!p) return null;
  return exclYoung ? p.bytesPerConnectionExclYoungGen : p.bytesPerConnection;
}

function engineSummary(e: EngineReport) {
  return {
    maxRate: e.ladder.maxRate,
    maxRateIsLowerBound: e.ladder.truncated,
    ackP50Ms: e.latency.ack.p50,
    ackP99Ms: e.latency.ack.p99,
    ackP999Ms: e.latency.ack.p999,
    deliveryP50Ms: e.latency.delivery.p50,
    deliveryP99Ms: e.latency.delivery.p99,
    deliveryP999Ms: e.latency.delivery.p999,
    serverCpuUsPerMessage: e.latency.serverCpuUsPerMessage,
    serverCpuUsPerMessageAtMaxRate: e.ladder.lastPass?.serverCpuUsPerMessage ?? null,
    /** The main thread's share (event-loop utilisation's active time per message); null in older results. */
    serverMainThreadUsPerMessage: e.latency.serverMainThreadUsPerMessage ?? null,
    serverMainThreadUsPerMessageAtMaxRate: e.ladder.lastPass?.serverMainThreadUsPerMessage ?? null,
    eventLoopDelayP99Ms: round(e.latency.server.eventLoopDelayMs.p99),
    eventLoopDelayP99MsAtMaxRate: e.ladder.lastPass ? round(e.ladder.lastPass.server.eventLoopDelayMs.p99) : null,
    reconnectStorm: {
      citizens: e.storm.citizens,
      allResumedMs: Math.round(e.storm.allResumedMs),
      serverCpuUsPerResume: Math.round((e.storm.serverCpuMs * 1000) / Math.max(1, e.storm.citizens)),
      missed: e.storm.missed,
      duplicated: e.storm.duplicated,
      gaps: e.storm.gaps,
      failed: e.storm.failed,
      retries: e.storm.retries,
    },
    lost: e.totals.lost + e.storm.missed,
    duplicated: e.totals.duplicated + e.storm.duplicated,
    misrouted: e.totals.misrouted,
    latencyFleet: e.latencyFleet,
  };
}

/** The routing figures of one queue size, for the JSON summary. */
function routingSummary(x: RoutingResult) {
  return {
    waiting: x.size.waiting,
    takeNextP50Ms: x.concurrent.latency.p50,
    /** take_next ack p99 with several operators taking at once (closed loop, take → close). */
    takeNextP99Ms: x.concurrent.latency.p99,
    takeNextMaxMs: x.concurrent.latency.max,
    takeNextOperators: x.concurrent.operators,
    takeNextTakes: x.concurrent.takes,
    takeNextSequentialP50Ms: x.sequential.latency.p50,
    takeNextSequentialP99Ms: x.sequential.latency.p99,
    serverCpuMsPerTake: x.sequential.serverCpuMsPerTake,
    /** From a take's ack until every waiting citizen who moved has its new queue.position. */
    positionsFanOutP50Ms: x.fanOut.fromAck.p50,
    positionsFanOutP99Ms: x.fanOut.fromAck.p99,
    positionsFanOutMaxMs: x.fanOut.fromAck.max,
    positionFramesPerTake: x.fanOut.framesPerTake.p50,
    initialPositionsMs: x.initial.allPositionedMs,
    firstPositionP99Ms: x.initial.firstPosition.p99,
    snapshotMs: x.snapshot.latency.p50,
    snapshotMaxMs: x.snapshot.latency.max,
    snapshotBytes: x.snapshot.bytes,
    fillPerSecond: x.fill.perSecond,
    checksPassed: Object.values(x.checks).every(Boolean) && x.problems.length === 0,
    problems: x.problems.length,
  };
}

export function summaryJson(r: BenchReport) {
  const s = r.sqlite ? engineSummary(r.sqlite) : null;
  const basis = latencyBasis(r);
  const ws = r.baselines.wsRelay;
  const sio = r.baselines.socketIo;
  const dr = r.baselines.durableRelay;
  const idle = idleAt(r.idle.brigade);
  const relay = (x: RelayReport | null, step: StepResult | null) =>
    x
      ? {
          maxRate: x.ladder.maxRate,
          maxRateIsLowerBound: x.ladder.truncated,
          ackP99Ms: step?.ack.p99 ?? null,
          deliveryP99Ms: step?.delivery.p99 ?? null,
          serverCpuUsPerMessage: step?.serverCpuUsPerMessage ?? null,
          serverMainThreadUsPerMessage: step?.serverMainThreadUsPerMessage ?? null,
          lost: x.totals.lost,
          duplicated: x.totals.duplicated,
        }
      : null;
  return {
    mode: r.mode,
    maxRate: s?.maxRate ?? 0,
    maxRateIsLowerBound: r.sqlite?.ladder.truncated ?? false,
    ackP99Ms: s?.ackP99Ms ?? null,
    deliveryP99Ms: s?.deliveryP99Ms ?? null,
    lost: s?.lost ?? 0,
    duplicated: s?.duplicated ?? 0,
    misrouted: s?.misrouted ?? 0,
    idleBytesPerConnection: idle,
    idleBytesPerConnectionByCount: Object.fromEntries((r.idle.brigade?.points ?? []).map((p) => [p.connections, p.bytesPerConnection])),
    /** The same without V8's young-generation growth (a fixed cost of the connection burst). */
    idleBytesPerConnectionExclYoungGen: idleAt(r.idle.brigade, undefined, true),
    idleJsHeapBytesPerConnection: r.idle.brigade?.points.at(-1)?.heapBytesPerConnection ?? null,
    /** The idle server left alone for one heartbeat period: its event-loop delay and CPU. */
    idleQuiet: r.idle.brigade?.quiet ?? null,
    sqlite: s,
    baselines: {
      wsRelay: relay(ws, basis.ws),
      socketIo: relay(sio, basis.sio),
      /** The bare ws relay plus a durable append (SQLite, WAL, synchronous = FULL, one transaction per event-loop turn, in a thread of its own) before forwarding. */
      durableRelay: relay(dr, basis.durable),
      idleBytesPerConnection: { wsRelay: idleAt(r.idle.wsRelay), socketIo: idleAt(r.idle.socketIo) },
      idleBytesPerConnectionExclYoungGen: { wsRelay: idleAt(r.idle.wsRelay, undefined, true), socketIo: idleAt(r.idle.socketIo, undefined, true) },
      idleQuiet: { socketIo: r.idle.socketIo?.quiet ?? null },
    },
    ratios: {
      latencyBasis: basis.basis,
      maxRateVsWsRelay: ratio(s?.maxRate, ws?.ladder.maxRate),
      maxRateVsSocketIo: ratio(s?.maxRate, sio?.ladder.maxRate),
      maxRateVsDurableRelay: ratio(s?.maxRate, dr?.ladder.maxRate),
      /** What durability alone costs: the durable relay's max rate ÷ the bare relay's. */
      durableRelayMaxRateVsWsRelay: ratio(dr?.ladder.maxRate, ws?.ladder.maxRate),
      ackP99VsWsRelay: ratio(basis.brigade?.ack.p99, basis.ws?.ack.p99),
      ackP99VsSocketIo: ratio(basis.brigade?.ack.p99, basis.sio?.ack.p99),
      ackP99VsDurableRelay: ratio(basis.brigade?.ack.p99, basis.durable?.ack.p99),
      deliveryP99VsWsRelay: ratio(basis.brigade?.delivery.p99, basis.ws?.delivery.p99),
      deliveryP99VsSocketIo: ratio(basis.brigade?.delivery.p99, basis.sio?.delivery.p99),
      deliveryP99VsDurableRelay: ratio(basis.brigade?.delivery.p99, basis.durable?.delivery.p99),
      cpuPerMessageVsWsRelay: ratio(basis.brigade?.serverCpuUsPerMessage, basis.ws?.serverCpuUsPerMessage),
      cpuPerMessageVsSocketIo: ratio(basis.brigade?.serverCpuUsPerMessage, basis.sio?.serverCpuUsPerMessage),
      cpuPerMessageVsDurableRelay: ratio(basis.brigade?.serverCpuUsPerMessage, basis.durable?.serverCpuUsPerMessage),
      idleMemoryVsWsRelay: ratio(idle, idleAt(r.idle.wsRelay)),
      idleMemoryVsSocketIo: ratio(idle, idleAt(r.idle.socketIo)),
    },
    postgres: r.postgres ? engineSummary(r.postgres) : { notMeasured: r.postgresSkipped },
    /** Routing at the largest queue measured (SQLite), then every size and engine. */
    routing: r.routing.sqlite.length > 0 ? routingSummary(r.routing.sqlite.at(-1)!) : null,
    routingBySize: {
      sqlite: r.routing.sqlite.map(routingSummary),
      postgres: r.routing.postgres.length > 0 ? r.routing.postgres.map(routingSummary) : { notMeasured: r.routing.postgresSkipped },
    },
    targets: {
      maxRateAtLeast5000: s ? s.maxRate >= 5000 : null,
      atLeastHalfOfWsRelay: s && ws ? s.maxRate >= ws.ladder.maxRate / 2 : null,
      aboveSocketIo: s && sio ? s.maxRate > sio.ladder.maxRate : null,
      idleAtMost12KB: idle === null ? null : idle <= 12 * 1024,
    },
    cpuBudget: cpuBudget(r),
    durationS: round(r.durationMs / 1000, 1),
  };
}

/** How a step's server CPU splits between the main thread and the others (null where not measured: older results). */
function threadSplit(st: StepResult): { busyUs: number; utilisation: number; otherUs: number | null } | null {
  const busyUs = st.serverMainThreadUsPerMessage;
  const busyMs = st.server.mainThreadBusyMs;
  if (busyUs == null || busyMs == null) return null;
  // The rest of the process's CPU: a lower bound, since busy time also counts waits for a core.
  const other = st.serverCpuUsPerMessage - busyUs;
  return { busyUs, utilisation: st.server.elapsedMs > 0 ? busyMs / st.server.elapsedMs : 0, otherUs: other >= 0 ? round(other, 1) : null };
}

/** What server and generator used per message at a ladder's highest passing rate, against the machine's budget at that rate. */
function usedAt(ladder: LadderResult | undefined | null, cores: number) {
  if (!ladder?.lastPass) return null;
  const st = ladder.lastPass;
  const split = threadSplit(st);
  return {
    rate: st.rate,
    rateIsLowerBound: ladder.truncated,
    serverCpuUsPerMessage: st.serverCpuUsPerMessage,
    /** Busy time of the main thread (event-loop utilisation), per message. */
    serverMainThreadUsPerMessage: split?.busyUs ?? null,
    serverMainThreadUtilisation: split ? round(split.utilisation, 2) : null,
    /** What the other threads used (process CPU − main thread busy: a lower bound). */
    serverOtherThreadsUsPerMessage: split?.otherUs ?? null,
    generatorCpuUsPerMessage: st.clientCpuUsPerMessage,
    serverAndGeneratorUsPerMessage: round(st.serverCpuUsPerMessage + st.clientCpuUsPerMessage, 1),
    budgetUsPerMessage: round((cores * 1e6) / st.rate, 1),
  };
}

/**
 * The CPU the machine offers per message at the rates the ratio targets require: cores × 1e6 / rate
 * µs for server and generator together, 1e6 / rate for the server's main thread (one core at
 * most); next to what Brigade (SQLite) and the durable relay used at their highest passing rates.
 */
export function cpuBudget(r: BenchReport) {
  const cores = r.machine.cpus;
  const ws = r.baselines.wsRelay?.ladder;
  const sio = r.baselines.socketIo?.ladder;
  const brigadeMax = r.sqlite?.ladder.maxRate;
  const target = (rate: number | undefined, lowerBound: boolean, met: (brigade: number) => boolean) =>
    rate == null || rate <= 0
      ? null
      : {
          met: brigadeMax == null ? null : met(brigadeMax),
          rate,
          /** The baseline's ladder stopped on its time budget: the rate required is at least this. */
          rateIsLowerBound: lowerBound,
          budgetUsPerMessage: round((cores * 1e6) / rate, 1),
          mainThreadBudgetUsPerMessage: round(1e6 / rate, 1),
        };
  const half = ws ? ws.maxRate / 2 : undefined;
  return {
    cores,
    brigade: usedAt(r.sqlite?.ladder, cores),
    /** Null in results written before the durable relay existed, or when its section did not run. */
    durableRelay: usedAt(r.baselines.durableRelay?.ladder, cores),
    targets: {
      /** ≥ ½ the bare ws relay's max rate. */
      atLeastHalfOfWsRelay: target(half, ws?.truncated ?? false, (b) => half != null && b >= half),
      /** > Socket.IO's max rate: the budget is for that rate; more than it leaves less. */
      aboveSocketIo: target(sio?.maxRate, sio?.truncated ?? false, (b) => sio != null && b > sio.maxRate),
    },
  };
}

// ------------------------------------------------------------------ SVG

interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: { rate: number; ms: number; pass: boolean }[];
}

function seriesOf(r: BenchReport): Series[] {
  const out: Series[] = [];
  const add = (name: string, color: string, ladder: LadderResult | undefined, pick: (s: StepResult) => number, dashed = false): void => {
    if (!ladder || ladder.steps.length === 0) return;
    // One point per rate (the last step run at it), in rate order.
    const byRate = new Map(ladder.steps.map((s) => [s.rate, s] as const));
    const points = [...byRate.values()].sort((a, b) => a.rate - b.rate).map((s) => ({ rate: s.rate, ms: pick(s), pass: s.pass }));
    out.push({ name, color, dashed, points });
  };
  add('Brigade SQLite, ack p99', '#000091', r.sqlite?.ladder, (s) => s.ack.p99);
  add('Brigade SQLite, delivery p99', '#000091', r.sqlite?.ladder, (s) => s.delivery.p99, true);
  add('Brigade PostgreSQL, ack p99', '#18753c', r.postgres?.ladder, (s) => s.ack.p99);
  add('Brigade PostgreSQL, delivery p99', '#18753c', r.postgres?.ladder, (s) => s.delivery.p99, true);
  add('bare ws relay, echo p99', '#b34000', r.baselines.wsRelay?.ladder, (s) => s.ack.p99);
  add('durable ws relay (SQLite), echo p99', '#8a6d00', r.baselines.durableRelay?.ladder, (s) => s.ack.p99);
  add('Socket.IO relay, echo p99', '#6e445a', r.baselines.socketIo?.ladder, (s) => s.ack.p99);
  return out;
}

export function renderSvg(r: BenchReport): string {
  const series = seriesOf(r);
  const W = 900;
  const H = 460;
  const m = { l: 70, r: 290, t: 40, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const rates = series.flatMap((s) => s.points.map((p) => p.rate));
  const xMin = Math.min(1000, ...rates) * 0.9;
  const xMax = Math.max(10_000, ...rates) * 1.1;
  const yMin = 0.1;
  const yMax = Math.max(100, ...series.flatMap((s) => s.points.map((p) => p.ms))) * 1.3;
  const lx = (x: number): number => m.l + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * pw;
  const ly = (y: number): number => m.t + ph - ((Math.log10(Math.max(y, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${m.l}" y="22" font-size="15" font-weight="bold">p99 latency against offered rate (log–log; hollow = step failed)</text>`);
  for (const x of [250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000].filter((v) => v >= xMin && v <= xMax)) {
    parts.push(`<line x1="${lx(x)}" x2="${lx(x)}" y1="${m.t}" y2="${m.t + ph}" stroke="#ddd"/>`);
    parts.push(`<text x="${lx(x)}" y="${m.t + ph + 18}" text-anchor="middle">${x >= 1000 ? `${x / 1000}k` : x}</text>`);
  }
  for (const y of [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000].filter((v) => v <= yMax * 1.01)) {
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${ly(y)}" y2="${ly(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.l - 6}" y="${ly(y) + 4}" text-anchor="end">${y}</text>`);
  }
  parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${ly(ACK_P99_LIMIT_MS)}" y2="${ly(ACK_P99_LIMIT_MS)}" stroke="#c00" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${m.l + 6}" y="${ly(ACK_P99_LIMIT_MS) - 5}" fill="#c00">ack p99 limit ${ACK_P99_LIMIT_MS} ms</text>`);
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 18}" text-anchor="middle">offered rate (citizen → operator messages per second)</text>`);
  parts.push(`<text transform="translate(16 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">latency from intended send time (ms)</text>`);
  parts.push(`<clipPath id="plot"><rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}"/></clipPath>`);
  series.forEach((s, k) => {
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${lx(p.rate).toFixed(1)},${ly(p.ms).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" clip-path="url(#plot)" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of s.points) {
      parts.push(
        `<circle cx="${lx(p.rate).toFixed(1)}" cy="${ly(p.ms).toFixed(1)}" r="3.5" fill="${p.pass ? s.color : '#fff'}" stroke="${s.color}" stroke-width="1.5"/>`,
      );
    }
    const y = m.t + 10 + k * 20;
    parts.push(`<line x1="${m.l + pw + 14}" x2="${m.l + pw + 44}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${m.l + pw + 50}" y="${y + 4}">${s.name}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

// ------------------------------------------------------------------ Markdown

const fmt = (x: number | null | undefined, d = 1): string => (x == null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: d }));
const x = (v: number | null): string => (v == null ? '—' : `×${v}`);
const kb = (b: number | null): string => (b == null ? '—' : `${(b / 1024).toFixed(1)} KB`);
/** A ladder's max rate; "≥" when it stopped on its time budget before any step failed. */
const rateOf = (l: LadderResult | undefined | null): string => (!l ? '—' : `${l.truncated && l.maxRate > 0 ? '≥ ' : ''}${fmt(l.maxRate, 0)}`);
const pctOf = (v: number): string => `${fmt(v * 100, 0)} %`;

/** What runs in a server's threads other than the main one. */
const OTHER_THREADS = { brigadeSqlite: 'SQLite append thread, GC, libuv', other: 'GC, libuv' } as const;

/**
 * ", of which main thread ~X µs (event-loop utilisation, N % of the window), the
 * rest (~Z µs) in other threads (…)", or "" when the step predates the measure.
 */
function splitText(st: StepResult, others: string): string {
  const sp = threadSplit(st);
  if (!sp) return '';
  return (
    `, of which main thread ~${fmt(sp.busyUs, 0)} µs (event-loop utilisation, ${pctOf(sp.utilisation)} of the window), ` +
    `the rest${sp.otherUs == null ? '' : ` (~${fmt(sp.otherUs, 0)} µs)`} in other threads (${others})`
  );
}

/** Server and generator CPU per message at each target's highest passing rate, main thread apart (µs). */
function renderCpuTable(L: string[], r: BenchReport): void {
  const cores = r.machine.cpus;
  const rows: [string, LadderResult | undefined][] = [
    ['Brigade (SQLite)', r.sqlite?.ladder],
    ['Brigade (PostgreSQL)', r.postgres?.ladder],
    ['bare `ws` relay', r.baselines.wsRelay?.ladder],
    ['durable ws relay', r.baselines.durableRelay?.ladder],
    ['Socket.IO relay', r.baselines.socketIo?.ladder],
  ];
  const used = rows.map(([name, l]) => [name, usedAt(l, cores)] as const).filter(([, u]) => u != null);
  if (used.length === 0) return;
  L.push(
    `CPU per message at each target's highest passing rate (µs; budget = ${cores} cores × 1,000,000 / rate, for server and generator together):`,
    '',
    '| | rate (msg/s) | server, all threads | main thread busy (event-loop utilisation) | other threads | generator | server + generator | budget |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const [name, u] of used) {
    if (!u) continue;
    L.push(
      `| ${name} | ${u.rateIsLowerBound ? '≥ ' : ''}${fmt(u.rate, 0)} | ${fmt(u.serverCpuUsPerMessage)} | ` +
        `${u.serverMainThreadUsPerMessage == null ? '—' : `${fmt(u.serverMainThreadUsPerMessage)} (${pctOf(u.serverMainThreadUtilisation ?? 0)})`} | ` +
        `${fmt(u.serverOtherThreadsUsPerMessage)} | ${fmt(u.generatorCpuUsPerMessage)} | ${fmt(u.serverAndGeneratorUsPerMessage)} | ${fmt(u.budgetUsPerMessage, 0)} |`,
    );
  }
  L.push('');
}

/** The "CPU budget" paragraph: the CPU per message the unmet ratio targets leave, and what was used. */
function renderCpuBudget(L: string[], s: ReturnType<typeof summaryJson>): void {
  const cb = s.cpuBudget;
  const unmet = (
    [
      ["half the bare ws relay's max rate", 'reaching', cb.targets.atLeastHalfOfWsRelay, false],
      ["Socket.IO's max rate", 'exceeding', cb.targets.aboveSocketIo, true],
    ] as const
  ).filter(([, , t]) => t != null && t.met === false);
  if (unmet.length === 0) return;
  const us = (v: number | null | undefined): string => `${fmt(v, 0)} µs`;
  const P: string[] = [];
  P.push(
    `**CPU budget.** This machine has ${cb.cores} cores for the server and the generator together: at *R* msg/s they have ${cb.cores} × 1,000,000 / *R* µs of CPU per message between them, ` +
      'and the server\'s main thread (one event loop: one core at most) 1,000,000 / *R* µs.',
  );
  for (const [what, verb, t, strictly] of unmet) {
    if (!t) continue;
    // Exceeding a rate leaves less than its budget; a rate known as a lower bound, at most its budget.
    const bound = strictly ? 'less than ' : t.rateIsLowerBound ? 'at most ' : '';
    P.push(
      `${what[0]!.toUpperCase()}${what.slice(1)} is ${t.rateIsLowerBound ? 'at least ' : ''}${fmt(t.rate, 0)} msg/s: ${verb} it leaves ${bound}${us(t.budgetUsPerMessage)} per message for server and generator together, ${bound}${us(t.mainThreadBudgetUsPerMessage)} for the main thread.`,
    );
  }
  const b = cb.brigade;
  if (b) {
    const main =
      b.serverMainThreadUsPerMessage == null
        ? ''
        : ` (main thread ~${us(b.serverMainThreadUsPerMessage)} busy; other threads ~${us(b.serverOtherThreadsUsPerMessage)})`;
    P.push(
      `At its highest passing rate (${b.rateIsLowerBound ? '≥ ' : ''}${fmt(b.rate, 0)} msg/s) Brigade's server used ${us(b.serverCpuUsPerMessage)} per message${main} and the generator ${us(b.generatorCpuUsPerMessage)}: ` +
        `${us(b.serverAndGeneratorUsPerMessage)} together, of the ${us(b.budgetUsPerMessage)} available at that rate.`,
    );
  } else P.push('Brigade on SQLite: no passing step in this run.');
  const d = cb.durableRelay;
  if (d) {
    const main = d.serverMainThreadUsPerMessage == null ? '' : ` (main thread ~${us(d.serverMainThreadUsPerMessage)} busy)`;
    P.push(
      `The durable relay, at its own highest passing rate (${d.rateIsLowerBound ? '≥ ' : ''}${fmt(d.rate, 0)} msg/s), used ${us(d.serverCpuUsPerMessage)} per message in the server${main} and ${us(d.generatorCpuUsPerMessage)} in the generator: ` +
        `${us(d.serverAndGeneratorUsPerMessage)} together.`,
    );
  } else P.push('The durable relay was not measured in this run.');
  if (b) {
    // Reading: the cores the measured per-message cost would take at the required rates.
    const mainUs = b.serverMainThreadUsPerMessage;
    // One decimal always ("1.0 cores", not "1 cores").
    const cores = (perMessage: number, rate: number): string => ((perMessage * rate) / 1e6).toFixed(1);
    const rates = unmet.flatMap(([, , t]) => (t ? [t.rate] : []));
    const list = (f: (rate: number) => string): string => rates.map((rate) => `${f(rate)} at ${fmt(rate, 0)} msg/s`).join(' and ');
    P.push(
      `Reading: at the per-message cost measured at ${fmt(b.rate, 0)} msg/s, Brigade's server and generator together would need ${list((rate) => `${cores(b.serverAndGeneratorUsPerMessage, rate)} cores`)} (the machine has ${cb.cores})` +
        (mainUs == null
          ? '.'
          : `, and its main thread alone ${list((rate) => `${cores(mainUs, rate)} cores`)} (from its busy time; it can use one).`),
    );
  }
  L.push(P.join(' '), '');
}

export function renderMarkdown(r: BenchReport, s: ReturnType<typeof summaryJson>): string {
  const L: string[] = [];
  const sq = r.sqlite;
  const pg = r.postgres;
  const ws = r.baselines.wsRelay;
  const sio = r.baselines.socketIo;
  const dr = r.baselines.durableRelay;
  const basis = latencyBasis(r);
  const mach = r.machine;
  L.push('# Brigade benchmarks', '');
  L.push(`Generated by \`${r.command}\` (bench/run.ts) on ${r.date.slice(0, 16).replace('T', ' ')} UTC, in ${fmt(r.durationMs / 1000, 0)} s.`, '');
  L.push(
    `Machine: ${mach.cpus} cores (${mach.cpuModel}), ${(mach.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM, ${mach.platform} ${mach.kernel}, Node ${mach.node}; commit ${mach.gitCommit}.`,
    '',
  );
  L.push(
    'The load generator and every server run on this one machine over loopback, each server in its own child process; ' +
      'the generator shares the cores with the server it measures. Figures are for comparison between targets in the same run, not capacity planning.',
    '',
  );

  L.push('## Summary', '');
  L.push(
    '| Measure | Brigade (SQLite) | Brigade (PostgreSQL) | bare `ws` relay | durable ws relay (SQLite, fsync per batch) | Socket.IO relay | Brigade ÷ ws relay | Brigade ÷ durable relay | Brigade ÷ Socket.IO | Target |',
  );
  L.push('|---|---|---|---|---|---|---|---|---|---|');
  L.push(
    `| Max sustained rate (msg/s, ack p99 ≤ ${ACK_P99_LIMIT_MS} ms, none lost/duplicated) | ${rateOf(sq?.ladder)} | ${rateOf(pg?.ladder)} | ${rateOf(ws?.ladder)} | ${rateOf(dr?.ladder)} | ${rateOf(sio?.ladder)} | ${x(s.ratios.maxRateVsWsRelay)} | ${x(s.ratios.maxRateVsDurableRelay)} | ${x(s.ratios.maxRateVsSocketIo)} | ≥ 5,000; ≥ ½ ws relay; > Socket.IO |`,
  );
  L.push(
    `| Ack p99 at ${basis.basis} (ms) | ${fmt(basis.brigade?.ack.p99, 2)} | ${pg ? fmt(pg.latency.ack.p99, 2) : '—'} | ${fmt(basis.ws?.ack.p99, 2)} | ${fmt(basis.durable?.ack.p99, 2)} | ${fmt(basis.sio?.ack.p99, 2)} | ${x(s.ratios.ackP99VsWsRelay)} | ${x(s.ratios.ackP99VsDurableRelay)} | ${x(s.ratios.ackP99VsSocketIo)} | |`,
  );
  L.push(
    `| Delivery p99, same (ms) | ${fmt(basis.brigade?.delivery.p99, 2)} | ${pg ? fmt(pg.latency.delivery.p99, 2) : '—'} | ${fmt(basis.ws?.delivery.p99, 2)} | ${fmt(basis.durable?.delivery.p99, 2)} | ${fmt(basis.sio?.delivery.p99, 2)} | ${x(s.ratios.deliveryP99VsWsRelay)} | ${x(s.ratios.deliveryP99VsDurableRelay)} | ${x(s.ratios.deliveryP99VsSocketIo)} | |`,
  );
  L.push(
    `| Server CPU per message, same (µs) | ${fmt(basis.brigade?.serverCpuUsPerMessage)} | ${pg ? fmt(pg.latency.serverCpuUsPerMessage) : '—'} | ${fmt(basis.ws?.serverCpuUsPerMessage)} | ${fmt(basis.durable?.serverCpuUsPerMessage)} | ${fmt(basis.sio?.serverCpuUsPerMessage)} | ${x(s.ratios.cpuPerMessageVsWsRelay)} | ${x(s.ratios.cpuPerMessageVsDurableRelay)} | ${x(s.ratios.cpuPerMessageVsSocketIo)} | |`,
  );
  L.push(
    `| Memory per idle citizen connection (${r.idle.brigade?.points.at(-1)?.connections.toLocaleString('en-US') ?? '—'} connections) | ${kb(idleAt(r.idle.brigade))} | (same code) | ${kb(idleAt(r.idle.wsRelay))} | (same code as the ws relay) | ${kb(idleAt(r.idle.socketIo))} | ${x(s.ratios.idleMemoryVsWsRelay)} | | ${x(s.ratios.idleMemoryVsSocketIo)} | ≤ 12 KB |`,
  );
  if (sq) {
    L.push(
      `| Reconnect storm: ${sq.storm.citizens.toLocaleString('en-US')} citizens resumed (ms) | ${fmt(sq.storm.allResumedMs, 0)} | ${pg ? fmt(pg.storm.allResumedMs, 0) : '—'} | n/a | n/a | n/a | | | | |`,
    );
    L.push(
      `| Lost / duplicated (whole run) | ${s.lost} / ${s.duplicated} | ${pg ? `${s.postgres && 'lost' in s.postgres ? `${s.postgres.lost} / ${s.postgres.duplicated}` : '—'}` : '—'} | ${ws ? `${ws.totals.lost} / ${ws.totals.duplicated}` : '—'} | ${dr ? `${dr.totals.lost} / ${dr.totals.duplicated}` : '—'} | ${sio ? `${sio.totals.lost} / ${sio.totals.duplicated}` : '—'} | | | | 0 / 0 |`,
    );
  }
  const rs = r.routing.sqlite.at(-1);
  const rp = r.routing.postgres.at(-1);
  if (rs) {
    const cell = (x: RoutingResult | undefined): string => (x ? `${fmt(x.concurrent.latency.p99, 0)} / ${fmt(x.fanOut.fromAck.p99, 0)}` : '—');
    L.push(
      `| Routing at ${rs.size.waiting.toLocaleString('en-US')} waiting: \`take_next\` p99 (${rs.concurrent.operators} operators at once) / position fan-out p99 after a take (ms) | ${cell(rs)} | ${cell(rp)} | n/a | n/a | n/a | | | | |`,
    );
  }
  L.push('');
  if (!pg) L.push(`PostgreSQL: not measured — ${r.postgresSkipped ?? 'unknown reason'}.`, '');

  L.push('Targets:', '');
  const t = s.targets;
  const yes = (b: boolean | null): string => (b == null ? 'not measured' : b ? '**met**' : '**not met**');
  L.push(`- ≥ 5,000 msg/s at ack p99 ≤ ${ACK_P99_LIMIT_MS} ms on SQLite: ${yes(t.maxRateAtLeast5000)} (${fmt(sq?.ladder.maxRate, 0)} msg/s).`);
  L.push(`- ≥ half the bare ws relay's rate: ${yes(t.atLeastHalfOfWsRelay)} (${x(s.ratios.maxRateVsWsRelay)}).`);
  L.push(`- above Socket.IO's rate: ${yes(t.aboveSocketIo)} (${x(s.ratios.maxRateVsSocketIo)}).`);
  const idleB = idleAt(r.idle.brigade);
  L.push(
    `- ≤ 12 KB (12,288 B) per idle citizen connection: ${yes(t.idleAtMost12KB)} (${idleB == null ? '—' : `${idleB.toLocaleString('en-US')} B`} at ${r.idle.brigade?.points.at(-1)?.connections.toLocaleString('en-US') ?? '—'} connections; JS heap alone ${r.idle.brigade?.points.at(-1)?.heapBytesPerConnection.toLocaleString('en-US') ?? '—'} B).`,
    '',
  );
  renderCpuBudget(L, s);
  renderCpuTable(L, r);

  if (dr) {
    L.push(
      `What durability alone costs here: the durable ws relay (the bare relay plus a SQLite append, one fsync per batch, before the echo) sustains ${rateOf(dr.ladder)} msg/s ` +
        `(${x(s.ratios.durableRelayMaxRateVsWsRelay)} of the bare relay's ${rateOf(ws?.ladder)}); Brigade on SQLite: ${x(s.ratios.maxRateVsDurableRelay)} of the durable relay's rate. ` +
        'Both targets above compare Brigade with relays that store nothing; the durable relay is the ceiling of any design that acknowledges only after a durable commit (see How it measures).',
      '',
    );
  }

  L.push('## How it measures', '');
  L.push(
    '- **Traffic.** Simulated citizens start conversations (`POST /api/conversations`), connect to `/realtime`, say `session.hello` with their token and `conversation.sync`. ' +
      'Simulated operators log in (`POST /api/auth/login`), connect with the `brigade_staff` cookie, `session.hello`, `queue.subscribe` (all of them in the max-rate fleet, a few in the large fleet), `conversation.take` and `conversation.sync` their share of conversations. ' +
      'Citizens then send `message.send` round-robin; the generator waits for each `message.ack` (sent after the durable commit) and for the operator\'s `conversation.event` with the same `clientMessageId`.',
  );
  L.push(
    '- **Open loop.** Message *k* of a step is due at *t0 + k/rate*; latency is measured from that intended time, so a stall anywhere (server or generator) inflates the figures instead of lowering the offered load (no coordinated omission). HdrHistogram (hdr-histogram-js), microsecond resolution.',
  );
  L.push(
    '- **Exactly once.** Each client message id encodes the message index; every index must be acknowledged once and delivered once, to the operator holding that conversation. Missing after the drain deadline = lost; twice = duplicated; an ack with `duplicate: true` counts as duplicated too.',
  );
  L.push(
    `- **Max rate.** Steps of ${LADDER_TEXT} msg/s (${fmt(r.plan.stepMs / 1000)} s each for Brigade, ${fmt(r.plan.relayStepMs / 1000)} s for the baselines), after a warm-up; a step passes if every message is acknowledged and delivered within ${fmt(r.plan.drainMs / 1000)} s of the last send, nothing is duplicated or misrouted, no error frame came back, and ack p99 ≤ ${ACK_P99_LIMIT_MS} ms. The ladder stops at the first failure${r.mode === 'full' ? ', then tries the midpoint once' : ''} (and probes 500 and 250 msg/s if even 1,000 fails). Messages go round-robin over the citizens.`,
  );
  L.push(
    '- **Server CPU and event-loop delay** are measured inside the server process (`process.cpuUsage`, `perf_hooks.monitorEventLoopDelay` at 1 ms resolution) over each step, from the first send to the last delivery; CPU per message = (user + system) / messages, all the process\'s threads together (Brigade on SQLite appends messages in a thread of its own). ' +
      'The main thread (the event loop: WebSocket, JSON, validation, fan-out) is measured apart: its busy time is event-loop utilisation\'s active time (`performance.eventLoopUtilization`), wall time outside the poll wait, which also counts time it was ready but waiting for a core; ' +
      'other threads = process CPU − main thread busy (a lower bound, since busy time may include waits for a core).',
  );
  L.push(
    '- **Idle memory**: a fresh server process; conversations are started first, then (after a warm-up of 100 connections, GC) citizens connect, say hello and sync, and stay idle; RSS delta after GC ÷ connections. The relays hold bare connections.',
  );
  L.push(
    '- **Reconnect storm**: all citizens of the large fleet drop at once (socket destroyed); while they are away each operator writes once in every conversation it holds; then all reconnect at once (`session.hello` + `conversation.sync { afterSeq }`), with backoff retries on connection errors. Resumed = sync answer received; the answer must be a delta starting right after `afterSeq`, with no gap, containing the operator\'s message exactly once.',
  );
  L.push(
    '- **Baselines** run the same fleets, the same frame bytes, in their own processes: a bare `ws` server that forwards each citizen frame to the room\'s operator and echoes it back to the sender (the echo stands for the ack), no parsing, no persistence; and a plain Socket.IO 4.8 server (WebSocket transport, in-memory adapter) doing the same with `io.to(room).emit` and `socket.emit`.',
  );
  L.push(
    '- **Durable ws relay** (section `durable-relay`): the bare `ws` relay, same code, plus the least that any chat acknowledging a message only after a durable commit must do, and nothing else. ' +
      'Each citizen frame is appended, its raw bytes, to a fresh SQLite database in the OS temporary directory, with the settings Brigade uses (WAL, `synchronous = FULL`), ' +
      'in a table `events(conversation_id, seq, client_message_id, body)` whose primary key (conversation_id, seq) and unique (conversation_id, client_message_id) are what gap-free order and exactly-once need; ' +
      'the conversation is the socket\'s room, seq a per-conversation counter in memory, the client message id is found in the frame\'s bytes (no JSON parsing); one prepared INSERT. ' +
      'Frames received in one event-loop turn share one transaction, committed from `setImmediate` (group commit, one fsync per batch, as Brigade does); only once it has committed is each frame forwarded to the operator and echoed to the sender. ' +
      'As Brigade\'s, the SQLite batch runs in a thread of its own (a worker thread with its own connection, one batch in flight; frames arriving meanwhile make the next batch), so the event loop only relays frames, counts seqs and hands batches over. ' +
      'No authentication, validation, conversation state, routing or audit. It is the ceiling, on this machine and in this run, of any design that acknowledges only after a durable commit: ' +
      'the gap between the bare relay and it is what durability alone costs here; the gap between it and Brigade is what Brigade\'s own work costs on top.',
  );
  if (r.routing.sqlite.length > 0) {
    L.push(
      '- **Routing** (section below): conversations waiting, their citizens connected and receiving `queue.position`, operators taking with `conversation.take_next`, a staff member subscribing to the queue; ' +
        `see [Routing at ${(r.routing.sqlite.at(-1)?.size.waiting ?? 0).toLocaleString('en-US')} waiting](#routing-at-${r.routing.sqlite.at(-1)?.size.waiting ?? 0}-waiting).`,
    );
  }
  L.push('- Connections are spread over source addresses 127.0.0.2–127.0.0.9; the generator refuses non-loopback targets.', '');

  L.push('## Latency against rate', '');
  L.push('![p99 latency against rate](bench/latency-vs-rate.svg)', '');
  L.push('ack p50 / p99 in ms at each offered rate (✗ = step failed; delivery p99 in brackets for Brigade):', '');
  const ladders: [string, LadderResult | undefined, boolean][] = [
    ['Brigade SQLite', sq?.ladder, true],
    ['Brigade PostgreSQL', pg?.ladder, true],
    ['ws relay', ws?.ladder, false],
    ['durable relay', dr?.ladder, false],
    ['Socket.IO', sio?.ladder, false],
  ];
  const present = ladders.filter(([, l]) => l && l.steps.length > 0);
  const allRates = [...new Set(present.flatMap(([, l]) => l!.steps.map((st) => st.rate)))].sort((a, b) => a - b);
  L.push(`| msg/s | ${present.map(([n]) => n).join(' | ')} |`);
  L.push(`|---|${present.map(() => '---').join('|')}|`);
  for (const rate of allRates) {
    const cells = present.map(([, l, brig]) => {
      const st = l!.steps.findLast((q) => q.rate === rate);
      if (!st) return '';
      return `${fmt(st.ack.p50, 2)} / ${fmt(st.ack.p99, 2)}${brig ? ` (${fmt(st.delivery.p99, 2)})` : ''}${st.pass ? '' : ' ✗'}`;
    });
    L.push(`| ${rate.toLocaleString('en-US')} | ${cells.join(' | ')} |`);
  }
  L.push('');
  L.push('ASCII view of ack p99 (log scale, each `#` ≈ ×1.5 from 0.1 ms; `|` marks 50 ms):', '', '```');
  const bar = (ms: number): string => {
    const n = Math.max(0, Math.round(Math.log(ms / 0.1) / Math.log(1.5)));
    const limit = Math.round(Math.log(ACK_P99_LIMIT_MS / 0.1) / Math.log(1.5));
    let b = '';
    for (let k = 0; k < Math.max(n, limit + 1); k++) b += k === limit ? '|' : k < n ? '#' : ' ';
    return b;
  };
  for (const [name, l] of present) {
    for (const st of [...new Map(l!.steps.map((q) => [q.rate, q] as const)).values()].sort((a, b) => a.rate - b.rate)) {
      L.push(`${name.padEnd(18)} ${String(st.rate).padStart(6)}  ${bar(st.ack.p99)} ${fmt(st.ack.p99, 1)} ms${st.pass ? '' : ' FAIL'}`);
    }
  }
  L.push('```', '');

  for (const e of [sq, pg]) {
    if (!e) continue;
    const name = e.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const others = e.engine === 'sqlite' ? OTHER_THREADS.brigadeSqlite : OTHER_THREADS.other;
    L.push(`## Brigade on ${name}`, '');
    const lat = e.latency;
    L.push(
      `Latency at 1,000 msg/s for ${fmt(lat.durationMs / 1000, 0)} s with ${e.latencyFleet.citizens.toLocaleString('en-US')} citizens connected and ${e.latencyFleet.operators} operators (${lat.sent.toLocaleString('en-US')} messages):`,
      '',
    );
    L.push('| | p50 | p90 | p99 | p99.9 | max |', '|---|---|---|---|---|---|');
    L.push(`| ack (ms) | ${fmt(lat.ack.p50, 2)} | ${fmt(lat.ack.p90, 2)} | ${fmt(lat.ack.p99, 2)} | ${fmt(lat.ack.p999, 2)} | ${fmt(lat.ack.max, 2)} |`);
    L.push(
      `| delivery (ms) | ${fmt(lat.delivery.p50, 2)} | ${fmt(lat.delivery.p90, 2)} | ${fmt(lat.delivery.p99, 2)} | ${fmt(lat.delivery.p999, 2)} | ${fmt(lat.delivery.max, 2)} |`,
    );
    L.push('');
    L.push(
      `Server during that window: ${fmt(lat.serverCpuUsPerMessage)} µs CPU per message${splitText(lat, others)}; event-loop delay p50 ${fmt(lat.server.eventLoopDelayMs.p50, 2)} ms, p99 ${fmt(lat.server.eventLoopDelayMs.p99, 2)} ms, max ${fmt(lat.server.eventLoopDelayMs.max, 1)} ms. Generator: ${fmt(lat.clientCpuUsPerMessage)} µs CPU per message.`,
    );
    const lp = e.ladder.lastPass;
    if (lp) {
      L.push(
        `At the highest passing rate (${lp.rate.toLocaleString('en-US')} msg/s): ${fmt(lp.serverCpuUsPerMessage)} µs server CPU per message (${fmt(((lp.server.cpuUserUs + lp.server.cpuSystemUs) / lp.server.elapsedMs / 10), 0)} % of one core)${splitText(lp, others)}${threadSplit(lp) ? ';' : ','} event-loop delay p99 ${fmt(lp.server.eventLoopDelayMs.p99, 2)} ms, max ${fmt(lp.server.eventLoopDelayMs.max, 1)} ms; generator ${fmt(lp.clientCpuUsPerMessage)} µs per message.`,
      );
    }
    const ff = e.ladder.firstFail;
    if (ff) {
      const sp = threadSplit(ff);
      L.push(
        `First failing step: ${ff.rate.toLocaleString('en-US')} msg/s — ${ff.failReason} (after a late drain: ${ff.lost} lost, ${ff.duplicated} duplicated)` +
          (sp ? `; server ${fmt(ff.serverCpuUsPerMessage)} µs CPU per message${splitText(ff, others)}.` : '.'),
      );
    }
    L.push('');
    const st = e.storm;
    L.push(
      `Reconnect storm: ${st.citizens.toLocaleString('en-US')} citizens dropped (server noticed after ${fmt(st.dropObservedMs, 0)} ms); all resumed ${fmt(st.allResumedMs, 0)} ms after reconnecting at once ` +
        `(per citizen p50 ${fmt(st.perCitizen.p50, 1)} ms, p99 ${fmt(st.perCitizen.p99, 1)} ms); ${st.missed} missed, ${st.duplicated} duplicated, ${st.gaps} gaps or snapshots, ${st.failed} failed, ${st.retries} connection retries. ` +
        `Server CPU over the storm ${fmt(st.serverCpuMs, 0)} ms (${fmt((st.serverCpuMs * 1000) / st.citizens, 0)} µs per resume: upgrade, hello, sync), event-loop delay max ${fmt(st.serverEventLoopDelayMaxMs, 0)} ms; the generator used ${fmt(st.clientCpuMs, 0)} ms of CPU opening the connections.`,
      '',
    );
    L.push(
      `Correctness over the whole ${name} run: ${e.totals.sent.toLocaleString('en-US')} messages, ${e.totals.lost} lost, ${e.totals.duplicated} duplicated, ${e.totals.misrouted} misrouted, ${e.totals.errors ?? 0} error frames${Object.keys(e.anomalies).length ? `; anomalies: ${JSON.stringify(e.anomalies)}` : ''}.`,
      '',
    );
  }

  renderRouting(L, r);

  if (r.idle.brigade) {
    L.push('## Memory per idle connection', '');
    L.push(
      '| connections | Brigade: RSS delta/conn | without young-gen growth | JS heap used/conn | ws relay: RSS/conn | without young gen | Socket.IO: RSS/conn | without young gen |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const p of r.idle.brigade.points) {
      const w = r.idle.wsRelay?.points.find((q) => q.connections === p.connections);
      const so = r.idle.socketIo?.points.find((q) => q.connections === p.connections);
      L.push(
        `| ${p.connections.toLocaleString('en-US')} | ${kb(p.bytesPerConnection)} | ${kb(p.bytesPerConnectionExclYoungGen)} | ${kb(p.heapBytesPerConnection)} | ` +
          `${kb(w?.bytesPerConnection ?? null)} | ${kb(w?.bytesPerConnectionExclYoungGen ?? null)} | ${kb(so?.bytesPerConnection ?? null)} | ${kb(so?.bytesPerConnectionExclYoungGen ?? null)} |`,
      );
    }
    L.push(
      '',
      "RSS delta after a full GC, divided by the connections. V8 grows its young generation (up to ~48 MiB) when connections arrive in a burst; that growth is a fixed cost of the burst, not of each idle connection, and it dominates at 1,000 connections — hence the second column. The 10,000-connection figures are the reliable ones. Kernel socket buffers are not in RSS.",
      '',
    );
    const quiet = (name: string, q: IdleQuiet | undefined, heartbeat: string): string | null =>
      q
        ? `| ${name} | ${q.connections.toLocaleString('en-US')} | ${(q.windowMs / 1000).toFixed(0)} s | ${heartbeat} | ${q.eventLoopDelayP99Ms} ms | ${q.eventLoopDelayMaxMs} ms | ${q.cpuMsPerSecond} ms/s |`
        : null;
    const rows = [
      quiet('Brigade', r.idle.brigade.quiet, 'server pings each socket every 30 s, 1/300 of them every 100 ms'),
      quiet('Socket.IO', r.idle.socketIo?.quiet, 'one timer per socket, every 25 s'),
    ].filter((x): x is string => x !== null);
    if (rows.length > 0) {
      L.push(
        '### Left alone for a heartbeat period',
        '',
        'After the last count, the server is left alone with its idle connections for a whole heartbeat period. A server that pings every connection in one go shows it here as one long event-loop stall (Brigade did: 80–220 ms with 5,000 connections, every 30 s, for every conversation on the node). Brigade\'s idle citizens are conversations waiting in its queue: it re-reads the queue every second for their positions and wait estimates, which the relays, holding bare sockets, have no counterpart for.',
        '',
        '| server | idle connections | window | heartbeat | event-loop delay p99 | max | server CPU |',
        '|---|---|---|---|---|---|---|',
        ...rows,
        '',
      );
    }
  }

  L.push('## Raw summary', '', '```json', JSON.stringify(s, null, 2), '```', '');
  return L.join('\n');
}

const LADDER_TEXT = '1k, 2k, 3k, 5k, 7k, 10k, 14k, 20k, 28k, 40k, 56k, 80k, 110k';

// ------------------------------------------------------------------ routing

const pct = (topic: string, x: RoutingResult): string => `${Math.round(((x.mix[topic] ?? 0) / x.size.waiting) * 100)} %`;

/** "a / b / c" of percentiles, in ms. */
const trio = (p: { p50: number; p99: number; max: number }, d = 1): string => `${fmt(p.p50, d)} / ${fmt(p.p99, d)} / ${fmt(p.max, d)}`;

/** How a figure changed from the small queue to the large one: ×k, or ÷k when it fell. */
function growth(a: number | null | undefined, b: number | null | undefined): string {
  if (a == null || b == null || a <= 0 || b <= 0) return '';
  const k = b / a;
  return k >= 1 ? `×${fmt(k, k >= 10 ? 0 : 1)}` : `÷${fmt(1 / k, 1 / k >= 10 ? 0 : 1)}`;
}

function renderRouting(L: string[], r: BenchReport): void {
  const engines: [string, RoutingResult[]][] = [['SQLite', r.routing.sqlite]];
  if (r.routing.postgres.length > 0) engines.push(['PostgreSQL', r.routing.postgres]);
  const all = engines.flatMap(([, xs]) => xs);
  if (all.length === 0) return;
  const big = r.routing.sqlite.at(-1) ?? all.at(-1)!;
  const small = r.routing.sqlite[0] ?? all[0]!;
  const engineName = big.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const n = big.size.waiting.toLocaleString('en-US');
  L.push(`## Routing at ${n} waiting`, '');
  L.push(
    `Generated by \`${r.command}\` (sections \`routing\` and \`routing-pg\`; alone: \`npm run bench -- --sections routing,routing-pg\`; where the server's time goes: \`npm run bench -- --profile --routing\`).`,
    '',
  );
  L.push(
    `Each queue size runs on a fresh server (and database). ${n} conversations are started through \`POST /api/conversations\` ` +
      `(topics: general ${pct('general', big)}, violence ${pct('violence', big)}, minors ${pct('minors', big)}, cyberharassment ${pct('cyberharassment', big)}, ` +
      `discrimination ${pct('discrimination', big)}, other ${pct('other', big)}; ${big.danger.toLocaleString('en-US')} with \`danger: true\`; postal codes 75011, 35000, 69003, 13001, 33000, 59000); ` +
      'each citizen connects over WebSocket (`session.hello` with its token, `conversation.sync`) as soon as its conversation is started and stays connected, receiving `queue.position`. ' +
      'Then: the time until every citizen holds its final position; a staff member\'s `queue.subscribe` → `queue.snapshot`; ' +
      `${big.size.fanOutTakes} takes one at a time (pauses drawn between 0 and 1 s, so that takes land anywhere in the server's once-a-second position recompute), each followed by the wait until every waiting citizen whose place changed has received its new \`queue.position\`; ` +
      `up to ${big.size.sequentialTakes} takes by one operator one after the other; then up to ${big.size.concurrentTakes} takes by ${big.concurrent.operators} operators pressing "next" at once ` +
      `(each phase stops after ${fmt(big.size.phaseBudgetMs / 1000, 0)} s). Operators close each conversation right after taking it (take → close → next), so none reaches a capacity limit; closing does not change the queue. ` +
      'Latencies are from the request to its answer (`ack`, `queue.snapshot`), HdrHistogram.',
    '',
  );
  if (all.some((x) => x.minorsRefused)) {
    L.push('The server under test refused the topic `minors` (not in its protocol yet): those conversations were started as `general`.', '');
  }
  const cols = engines.flatMap(([name, xs]) => xs.map((x) => ({ name, x })));
  const header = cols.map((c) => `${c.name}, ${c.x.size.waiting.toLocaleString('en-US')} waiting`);
  // Growth from the smallest to the largest queue of each engine.
  const growthCols = engines.filter(([, xs]) => xs.length > 1).map(([name, xs]) => ({ name, a: xs[0]!, b: xs.at(-1)! }));
  L.push(`| Measure | ${header.join(' | ')} |${growthCols.map((g) => ` ${g.name}: ${g.b.size.waiting.toLocaleString('en-US')} ÷ ${g.a.size.waiting.toLocaleString('en-US')} |`).join('')}`);
  L.push(`|---|${cols.map(() => '---').join('|')}|${growthCols.map(() => '---|').join('')}`);
  const row = (label: string, cell: (x: RoutingResult) => string, key?: (x: RoutingResult) => number): void => {
    L.push(`| ${label} | ${cols.map((c) => cell(c.x)).join(' | ')} |${growthCols.map((g) => ` ${key ? growth(key(g.a), key(g.b)) : ''} |`).join('')}`);
  };
  row('While the queue filled: conversations started (and citizen connected) per second', (x) => fmt(x.fill.perSecond, 0));
  row(
    'While the queue filled: a citizen\'s first `queue.position`, from its conversation\'s 201: p50 / p99 / max (ms)',
    (x) => trio(x.initial.firstPosition, 0),
    (x) => x.initial.firstPosition.p99,
  );
  row('Every citizen holding its final position, after the last one connected (ms; 0: already then)', (x) => fmt(x.initial.allPositionedMs, 0));
  row('`queue.subscribe` → `queue.snapshot`: p50 / max (ms)', (x) => `${fmt(x.snapshot.latency.p50)} / ${fmt(x.snapshot.latency.max)}`, (x) => x.snapshot.latency.p50);
  row('`queue.snapshot` size (bytes)', (x) => fmt(x.snapshot.bytes, 0), (x) => x.snapshot.bytes);
  row('`take_next`, one operator, one after the other: p50 / p99 / max (ms)', (x) => `${trio(x.sequential.latency)} (${x.sequential.takes})`, (x) => x.sequential.latency.p50);
  row(
    '`take_next`, operators at once: p50 / p99 / max (ms) (takes)',
    (x) => `${trio(x.concurrent.latency)} (${x.concurrent.takes}${x.concurrent.takes < x.concurrent.planned ? ` of ${x.concurrent.planned}, time budget` : ''}, ${x.concurrent.operators} operators)`,
    (x) => x.concurrent.latency.p99,
  );
  row('Takes per second, operators at once (take → close loop)', (x) => fmt(x.concurrent.perSecond, 0), (x) => x.concurrent.perSecond);
  row(
    '**Position fan-out** after a take, from its ack to the last moved citizen\'s new `queue.position`: p50 / p99 / max (ms)',
    (x) => `${trio(x.fanOut.fromAck, 0)} (${x.fanOut.takes} takes)`,
    (x) => x.fanOut.fromAck.p50,
  );
  row('`queue.position` frames per take (citizens who moved)', (x) => `${fmt(x.fanOut.framesPerTake.p50, 0)} (${fmt(x.fanOut.movedPerTake.p50, 0)})`, (x) => x.fanOut.framesPerTake.p50);
  row(
    'Every position right again after the burst of takes (ms after the last ack)',
    (x) => `${fmt(x.afterBurst.convergedMs, 0)}${x.afterBurst.converged ? '' : ' ✗'}`,
  );
  row('Server CPU per take, one operator (ms; close and position recomputes included)', (x) => fmt(x.sequential.serverCpuMsPerTake), (x) => x.sequential.serverCpuMsPerTake);
  row(
    'Server event-loop delay max: isolated takes / burst (ms)',
    (x) => `${fmt(x.fanOut.server.eventLoopDelayMs.max, 0)} / ${fmt(x.concurrent.server.eventLoopDelayMs.max, 0)}`,
    (x) => x.fanOut.server.eventLoopDelayMs.max,
  );
  row('Checks (below)', (x) => (x.problems.length === 0 && Object.values(x.checks).every(Boolean) ? 'all passed' : `**${x.problems.length} problems**`));
  L.push('');

  // What it means, from the figures.
  const seqA = small.sequential.latency;
  const seqB = big.sequential.latency;
  const conA = small.concurrent.latency;
  const conB = big.concurrent.latency;
  L.push(
    `What it means. From ${small.size.waiting.toLocaleString('en-US')} to ${n} waiting (${engineName}), one operator's \`take_next\` goes from p50 ${fmt(seqA.p50)} ms to ${fmt(seqB.p50)} ms (${growth(seqA.p50, seqB.p50)}), ` +
      `and with ${big.concurrent.operators} operators pressing "next" together p99 goes from ${fmt(conA.p99)} ms to ${fmt(conB.p99)} ms (${fmt(small.concurrent.perSecond, 0)} → ${fmt(big.concurrent.perSecond, 0)} takes per second): ` +
      (seqB.p50 > 2 * seqA.p50 || conB.p99 > 2 * conA.p99
        ? 'the cost of a take grows with the length of the queue. '
        : 'a take costs about the same whatever the length of the queue. ') +
      `After a take every citizen behind it moves up a place, so about ${fmt(big.fanOut.framesPerTake.p50, 0)} \`queue.position\` frames go out per take at ${n}; ` +
      `the last of them arrives p50 ${fmt(big.fanOut.fromAck.p50, 0)} ms / p99 ${fmt(big.fanOut.fromAck.p99, 0)} ms after the take's ack (${fmt(small.fanOut.fromAck.p50, 0)} / ${fmt(small.fanOut.fromAck.p99, 0)} ms at ${small.size.waiting.toLocaleString('en-US')}). ` +
      'The server recomputes positions at most once a second (and, with a long queue, no more often than ten times the duration of one recomputation, §9.11), ' +
      'so a take first waits for the next recomputation: between 0 and 1,000 ms at best, p50 about 500 ms when takes land at random; ' +
      `what exceeds that is the recomputation itself (reading the queue, ordering it, one frame per moved citizen, in one synchronous turn) and the spacing it imposes. ` +
      `The same turn shows as the server's event loop blocked for up to ${fmt(big.fanOut.server.eventLoopDelayMs.max, 0)} ms at ${n} ` +
      `(${fmt(small.fanOut.server.eventLoopDelayMs.max, 0)} ms at ${small.size.waiting.toLocaleString('en-US')}), delaying every other request meanwhile. ` +
      `A citizen starting a conversation while ${n} wait learns its place p50 ${fmt(big.initial.firstPosition.p50, 0)} ms / p99 ${fmt(big.initial.firstPosition.p99, 0)} ms after the 201 ` +
      `(${fmt(small.initial.firstPosition.p50, 0)} / ${fmt(small.initial.firstPosition.p99, 0)} ms at ${small.size.waiting.toLocaleString('en-US')}).`,
    '',
  );
  const pgBig = r.routing.postgres.at(-1);
  if (pgBig && big.engine === 'sqlite') {
    L.push(
      `On PostgreSQL at ${pgBig.size.waiting.toLocaleString('en-US')} waiting: one operator's \`take_next\` p50 ${fmt(pgBig.sequential.latency.p50)} ms (SQLite ${fmt(big.sequential.latency.p50)} ms), ` +
        `${pgBig.concurrent.operators} at once p99 ${fmt(pgBig.concurrent.latency.p99)} ms (SQLite ${fmt(big.concurrent.latency.p99)} ms), ` +
        `position fan-out p99 ${fmt(pgBig.fanOut.fromAck.p99, 0)} ms (SQLite ${fmt(big.fanOut.fromAck.p99, 0)} ms), conversations started ${fmt(pgBig.fill.perSecond, 0)}/s while the queue filled (SQLite ${fmt(big.fill.perSecond, 0)}/s).`,
      '',
    );
  }
  L.push(
    'Checks, for each size and engine: every waiting citizen received a position; the positions were a permutation of 1..N and matched the order of `queue.snapshot`, ' +
      'itself in queue order (§7.4, checked by the generator from `level`, `danger`, `waitingSince` and the id); every `take_next` answer named a different conversation, ' +
      'and, taken one at a time, the most urgent one waiting; after each take, every citizen whose place changed received its new position.',
    '',
  );
  for (const x of all) {
    const bad = Object.entries(x.checks).filter(([, ok]) => !ok).map(([k]) => k);
    if (bad.length > 0 || x.problems.length > 0) {
      L.push(`- **${x.engine}, ${x.size.waiting.toLocaleString('en-US')} waiting**: failed ${bad.join(', ') || '—'}; ${x.problems.join('; ')}`);
    }
  }
  if (all.some((x) => x.problems.length > 0)) L.push('');
  if (r.routing.postgres.length === 0) L.push(`PostgreSQL: not measured — ${r.routing.postgresSkipped ?? 'unknown reason'}.`, '');
}
