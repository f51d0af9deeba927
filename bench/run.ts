// Brigade's load generator and benchmark.
//
//   npm run bench                 everything (SQLite, PostgreSQL, baselines — bare ws relay, durable
//                                 ws relay, Socket.IO —, routing at 100 and 10,000 waiting) → BENCHMARKS.md
//   npm run bench -- --quick      SQLite, ws relay and Socket.IO, routing at 1,000 waiting, ~55 s;
//                                 last line is JSON
//   npm run bench -- --smoke      correctness only, ~20 s; exit 1 if anything lost/duplicated, or a
//                                 queue position missing or wrong (200 waiting)
//   npm run bench -- --profile    CPU profile of the Brigade server under load (top frames)
//   npm run bench -- --profile --routing [--waiting N] [--pg]
//                                 CPU profile of the server while operators take from N waiting
//
// Options: --no-pg (skip PostgreSQL), --out FILE (where the full report goes), --rate N (--profile),
// --sections sqlite,postgres,ws-relay,durable-relay,socketio,idle,routing,routing-pg (only those parts).
// PostgreSQL: BRIGADE_BENCH_PG_URL, else a throwaway server from scripts/lib/postgres.mjs.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BrigadeFleet, type StormResult } from './lib/brigade-fleet.js';
import { idleBrigade, idleRelay, type IdleResult, prepareIdleBrigade } from './lib/idle.js';
import { type LadderResult, runLadder, runStep, type StepResult } from './lib/load.js';
import { type RoutingResult, RoutingBench, type RoutingSize } from './lib/routing.js';
import { closeHttpAgents, sleep } from './lib/net.js';
import { inclusiveOfProject, inclusiveWithin, type ProfileSummary, summarizeHeapSample, summarizeProfile } from './lib/profile.js';
import { SocketIoFleet, WsRelayFleet } from './lib/relay-fleets.js';
import { type BenchReport, type EngineReport, machineInfo, type RelayReport, renderMarkdown, renderSvg, summaryJson } from './lib/report.js';
import { REPO_ROOT, ServerChild, type ServerKind } from './lib/server-child.js';
import { Tracker } from './lib/tracker.js';

type Mode = 'smoke' | 'quick' | 'full' | 'profile';

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const option = (name: string): string | undefined => {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : undefined;
};
const mode: Mode = flag('--smoke') ? 'smoke' : flag('--quick') ? 'quick' : flag('--profile') ? 'profile' : 'full';

interface Plan {
  /** Max-rate ladder: fleet and step length. */
  rateCitizens: number;
  rateOperators: number;
  stepMs: number;
  drainMs: number;
  lateDrainMs: number;
  refine: boolean;
  ladderBudgetMs: number;
  /** Latency at 1,000 msg/s, then the reconnect storm on the same fleet. */
  latCitizens: number;
  latOperators: number;
  queueWatchers: number;
  latMs: number;
  /** Drain deadlines of the latency fleet's steps (a failing one waits for stragglers longer). */
  latDrainMs: number;
  latLateDrainMs: number;
  idleCounts: number[];
  /** After the last idle count, the server is left alone this long (a heartbeat period; 0 = not). */
  idleQuietMs: number;
  relayIdle: boolean;
  relayLatency: boolean;
  baselines: boolean;
  postgres: boolean;
  /**
   * Routing at scale (issue 4): queue sizes, smallest first (the first is the baseline), each on a
   * fresh server: conversations waiting, citizens connected, operators taking with take_next.
   */
  routing: RoutingSize[];
  /** The same on PostgreSQL (in the postgres section). */
  routingPg: boolean;
  /** Hard limit for the whole run (watchdog). */
  limitMs: number;
  /** Soft target for the whole run: the ladders shrink to fit (0 = none). */
  targetMs: number;
}

const PLANS: Record<Exclude<Mode, 'profile'>, Plan> = {
  smoke: {
    rateCitizens: 20,
    rateOperators: 4,
    stepMs: 1500,
    drainMs: 3000,
    lateDrainMs: 2000,
    refine: false,
    ladderBudgetMs: 0,
    latCitizens: 40,
    latOperators: 4,
    queueWatchers: 2,
    latMs: 1500,
    latDrainMs: 3000,
    latLateDrainMs: 2000,
    idleCounts: [],
    idleQuietMs: 0,
    relayIdle: false,
    relayLatency: false,
    baselines: false,
    postgres: false,
    // Correctness only: every waiting citizen gets a position, 1..N, in the snapshot's order; takes
    // come from the head of the queue, never twice; positions follow each take.
    routing: [{ waiting: 200, fanOutTakes: 3, sequentialTakes: 5, concurrentTakes: 12, operators: 4, snapshots: 2, phaseBudgetMs: 20_000 }],
    routingPg: false,
    limitMs: 90_000,
    targetMs: 0,
  },
  quick: {
    rateCitizens: 200,
    rateOperators: 20,
    stepMs: 1000,
    drainMs: 1000,
    lateDrainMs: 3000,
    refine: false,
    ladderBudgetMs: 8000,
    latCitizens: 0,
    latOperators: 0,
    queueWatchers: 0,
    latMs: 3000,
    latDrainMs: 3000,
    latLateDrainMs: 5000,
    idleCounts: [1000],
    idleQuietMs: 0,
    relayIdle: false,
    relayLatency: false,
    baselines: true,
    postgres: false,
    routing: [{ waiting: 1000, fanOutTakes: 3, sequentialTakes: 20, concurrentTakes: 60, operators: 4, snapshots: 3, phaseBudgetMs: 5000 }],
    routingPg: false,
    limitMs: 120_000,
    targetMs: 54_000,
  },
  full: {
    rateCitizens: 200,
    rateOperators: 20,
    stepMs: 4000,
    drainMs: 2000,
    lateDrainMs: 10_000,
    refine: true,
    ladderBudgetMs: 70_000,
    latCitizens: 5000,
    // 20 conversations each: an operator holds at most MAX_CAPACITY (20) at once.
    latOperators: 250,
    queueWatchers: 10,
    latMs: 15_000,
    latDrainMs: 5000,
    latLateDrainMs: 10_000,
    idleCounts: [1000, 10_000],
    // One heartbeat period and a second: a server pinging every connection at once shows a stall.
    idleQuietMs: 31_000,
    relayIdle: true,
    relayLatency: true,
    baselines: true,
    postgres: !flag('--no-pg'),
    routing: [
      { waiting: 100, fanOutTakes: 12, sequentialTakes: 25, concurrentTakes: 40, operators: 8, snapshots: 5, phaseBudgetMs: 30_000 },
      { waiting: 10_000, fanOutTakes: 12, sequentialTakes: 60, concurrentTakes: 500, operators: 8, snapshots: 5, phaseBudgetMs: 45_000 },
    ],
    routingPg: !flag('--no-pg'),
    // The routing scenario at 10,000 waiting adds about 3 min on SQLite and 4.5 min on PostgreSQL.
    limitMs: 20 * 60_000,
    targetMs: 14 * 60_000,
  },
};

/** The baselines' ladders climb higher: shorter steps keep the run bounded. */
const RELAY_STEP_MAX_MS = 3000;

const started = performance.now();
const log = (line: string): void => {
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
};

// ------------------------------------------------------------------ child processes and cleanup

const children = new Set<ServerChild>();
let stopPg: (() => void) | null = null;

async function startServer(kind: ServerKind, options: { databaseUrl?: string; instrumentSqlite?: boolean } = {}): Promise<ServerChild> {
  const s = await ServerChild.start(kind, options);
  children.add(s);
  return s;
}
async function stopServer(s: ServerChild): Promise<void> {
  await s.stop();
  children.delete(s);
}
function killEverything(): void {
  for (const c of children) c.kill();
  children.clear();
  stopPg?.();
  stopPg = null;
}
process.on('exit', killEverything);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killEverything();
    process.exit(130);
  });
}

// ------------------------------------------------------------------ sections

/**
 * Time left for one ladder: its own budget, shrunk when the run's soft target is near
 * (`reserveMs` = what the phases after it are expected to need; `ladders` = ladders still to run).
 */
function ladderBudget(plan: Plan, reserveMs: number, ladders: number): number {
  if (plan.targetMs === 0) return plan.ladderBudgetMs;
  const left = started + plan.targetMs - performance.now() - reserveMs;
  return Math.max(2 * plan.stepMs, Math.min(plan.ladderBudgetMs, left / ladders));
}

async function brigadeLoad(
  engine: 'sqlite' | 'postgres',
  server: ServerChild,
  plan: Plan,
  hooks: { beforeMeasure?: () => Promise<unknown>; reserveMs?: number; laddersLeft?: number } = {},
): Promise<EngineReport> {
  const tracker = new Tracker(1 << 20);
  log(`brigade/${engine}: max-rate fleet (${plan.rateCitizens} citizens, ${plan.rateOperators} operators)`);
  const rateFleet = await BrigadeFleet.create({
    server,
    citizens: plan.rateCitizens,
    operators: plan.rateOperators,
    queueWatchers: plan.rateOperators,
    tracker,
    log,
  });
  await hooks.beforeMeasure?.();
  let ladder: LadderResult | null = null;
  if (plan.ladderBudgetMs > 0) {
    ladder = await runLadder(rateFleet, server, {
      durationMs: plan.stepMs,
      drainMs: plan.drainMs,
      lateDrainMs: plan.lateDrainMs,
      refine: plan.refine,
      deadline: performance.now() + ladderBudget(plan, hooks.reserveMs ?? 0, hooks.laddersLeft ?? 1),
      log,
    });
  } else {
    const step = await runStep(rateFleet, server, { rate: 200, durationMs: plan.stepMs, drainMs: plan.drainMs, lateDrainMs: plan.lateDrainMs });
    log(`  ${step.sent} messages at 200 msg/s: lost ${step.lost}, duplicated ${step.duplicated}, misrouted ${step.misrouted}`);
    ladder = {
      target: 'brigade',
      steps: [step],
      maxRate: step.pass ? 200 : 0,
      lastPass: step.pass ? step : null,
      firstFail: step.pass ? null : step,
      truncated: true,
    };
  }
  // The latency measure and the storm use their own, larger fleet; in --quick (latCitizens 0)
  // they reuse the max-rate fleet.
  let latFleet = rateFleet;
  if (plan.latCitizens > 0) {
    await rateFleet.close();
    closeHttpAgents();
    log(`brigade/${engine}: latency fleet (${plan.latCitizens} citizens, ${plan.latOperators} operators, ${plan.queueWatchers} watching the queue)`);
    latFleet = await BrigadeFleet.create({
      server,
      citizens: plan.latCitizens,
      operators: plan.latOperators,
      queueWatchers: plan.queueWatchers,
      tracker,
      log,
    });
    closeHttpAgents();
  } else log(`brigade/${engine}: latency at 1,000 msg/s on the max-rate fleet`);
  await runStep(latFleet, server, { rate: 500, durationMs: 1000, drainMs: plan.latDrainMs, lateDrainMs: plan.latLateDrainMs });
  await sleep(300);
  const latency = await runStep(latFleet, server, { rate: 1000, durationMs: plan.latMs, drainMs: plan.latDrainMs, lateDrainMs: plan.latLateDrainMs });
  log(
    `  1000 msg/s × ${plan.latMs / 1000} s: ack p50 ${latency.ack.p50} p99 ${latency.ack.p99} p99.9 ${latency.ack.p999} ms; ` +
      `delivery p50 ${latency.delivery.p50} p99 ${latency.delivery.p99} p99.9 ${latency.delivery.p999} ms; ` +
      `server ${latency.serverCpuUsPerMessage} µs/msg (main thread ${latency.serverMainThreadUsPerMessage ?? '?'} busy), ` +
      `ELD p99 ${latency.server.eventLoopDelayMs.p99.toFixed(1)} ms; lost ${latency.lost} dup ${latency.duplicated}`,
  );
  await sleep(500);
  log(`brigade/${engine}: reconnect storm (${latFleet.citizenCount} citizens)`);
  const storm: StormResult = await latFleet.reconnectStorm(log);
  log(
    `  all ${storm.resumed}/${storm.citizens} resumed in ${Math.round(storm.allResumedMs)} ms (p50 ${storm.perCitizen.p50} ms, p99 ${storm.perCitizen.p99} ms); ` +
      `missed ${storm.missed}, duplicated ${storm.duplicated}, gaps ${storm.gaps}, failed ${storm.failed}, retries ${storm.retries}; ` +
      `server CPU ${storm.serverCpuMs} ms (${Math.round((storm.serverCpuMs * 1000) / storm.citizens)} µs per resume), generator CPU ${storm.clientCpuMs} ms`,
  );
  const operatorMessages = latFleet.operatorTracker.result(0, latFleet.operatorTracker.size);
  const odd = { ...Object.fromEntries(rateFleet.anomalies), ...Object.fromEntries(latFleet.anomalies) };
  if (Object.keys(odd).length > 0 || tracker.errors > 0) {
    log(`  anomalies: ${JSON.stringify(odd)}; error frames on messages: ${JSON.stringify(Object.fromEntries(tracker.errorCodes))}`);
  }
  const anomalies = Object.fromEntries(latFleet.anomalies);
  await latFleet.close();
  const totals = tracker.result(0, tracker.size);
  return {
    engine,
    ladder,
    latency,
    storm,
    totals: {
      sent: totals.sent + operatorMessages.sent,
      lost: totals.lost + operatorMessages.lost,
      duplicated: totals.duplicated + operatorMessages.duplicated,
      misrouted: totals.misrouted,
      errors: tracker.errors,
      errorCodes: Object.fromEntries(tracker.errorCodes),
      foreign: tracker.foreign + latFleet.operatorTracker.foreign,
    },
    anomalies: { ...Object.fromEntries(rateFleet.anomalies), ...anomalies },
    latencyFleet: plan.latCitizens > 0 ? { citizens: plan.latCitizens, operators: plan.latOperators } : { citizens: plan.rateCitizens, operators: plan.rateOperators },
    rateFleet: { citizens: plan.rateCitizens, operators: plan.rateOperators },
  };
}

async function relayLoad(kind: RelayReport['kind'], server: ServerChild, plan: Plan, reserveMs: number, laddersLeft: number): Promise<RelayReport> {
  const tracker = new Tracker(1 << 20);
  const make = (citizens: number, operators: number) =>
    kind === 'socketio'
      ? SocketIoFleet.create({ url: server.url, citizens, operators, tracker })
      : WsRelayFleet.create({ url: server.url, citizens, operators, tracker, name: kind });
  log(`${kind}: max-rate fleet (${plan.rateCitizens} citizens, ${plan.rateOperators} operators)`);
  const fleet = await make(plan.rateCitizens, plan.rateOperators);
  const ladder = await runLadder(fleet, server, {
    durationMs: Math.min(plan.stepMs, RELAY_STEP_MAX_MS),
    drainMs: plan.drainMs,
    lateDrainMs: plan.lateDrainMs,
    refine: plan.refine,
    deadline: performance.now() + ladderBudget(plan, reserveMs, laddersLeft),
    log,
  });
  await fleet.close();
  let latency: StepResult | null = null;
  if (plan.relayLatency) {
    log(`${kind}: latency fleet (${plan.latCitizens} citizens, ${plan.latOperators} operators)`);
    const latFleet = await make(plan.latCitizens, plan.latOperators);
    await runStep(latFleet, server, { rate: 500, durationMs: 1000, drainMs: plan.latDrainMs, lateDrainMs: plan.latLateDrainMs });
    await sleep(300);
    latency = await runStep(latFleet, server, { rate: 1000, durationMs: plan.latMs, drainMs: plan.latDrainMs, lateDrainMs: plan.latLateDrainMs });
    log(
      `  1000 msg/s: ack p50 ${latency.ack.p50} p99 ${latency.ack.p99} p99.9 ${latency.ack.p999} ms; delivery p99 ${latency.delivery.p99} ms; ` +
        `server ${latency.serverCpuUsPerMessage} µs/msg (main thread ${latency.serverMainThreadUsPerMessage ?? '?'} busy); ` +
        `lost ${latency.lost} dup ${latency.duplicated}`,
    );
    await latFleet.close();
  }
  const totals = tracker.result(0, tracker.size);
  return { kind, ladder, latency, totals: { sent: totals.sent, lost: totals.lost, duplicated: totals.duplicated, misrouted: totals.misrouted } };
}

async function idleSection(kind: Exclude<ServerKind, 'durable-relay'>, plan: Plan, prepared?: { server: ServerChild; fleet: BrigadeFleet }): Promise<IdleResult> {
  const counts = plan.idleCounts;
  log(`${kind}: idle connections ${counts.join(', ')} (fresh server process)`);
  const server = prepared?.server ?? (await startServer(kind));
  try {
    // The ws relay has no heartbeat: nothing to see in a quiet window.
    const quietMs = kind === 'ws-relay' ? 0 : plan.idleQuietMs;
    return kind === 'brigade' ? await idleBrigade(server, counts, log, prepared?.fleet, quietMs) : await idleRelay(server, kind, counts, log, quietMs);
  } finally {
    closeHttpAgents();
    await stopServer(server);
  }
}

/**
 * Rough time the routing scenario needs (for the ladders' soft budget), from measured runs: the
 * fill slows down as the queue grows (the server recomputes every position each second), and a
 * take costs about 4 ms + 1 ms per 60 waiting. PostgreSQL: about 1.6 times as long.
 */
function routingPhaseMs(sizes: RoutingSize[], engine: 'sqlite' | 'postgres'): number {
  const sum = sizes.reduce((t, z) => {
    const perTake = 4 + z.waiting / 60;
    const fill = z.waiting * (1 + z.waiting / 2000);
    const fanOut = Math.min(z.phaseBudgetMs, z.fanOutTakes * (1500 + z.waiting / 20));
    const takes = Math.min(z.phaseBudgetMs, z.sequentialTakes * perTake) + Math.min(z.phaseBudgetMs, z.concurrentTakes * perTake);
    return t + 3000 + fill + 2500 + z.waiting + fanOut + takes;
  }, 0);
  return engine === 'postgres' ? sum * 1.6 : sum;
}

/** The routing scenario on one engine: one fresh server (and database) per queue size. */
async function routingSection(engine: 'sqlite' | 'postgres', sizes: RoutingSize[], servers: (ServerChild | null)[], databaseFor?: (k: number) => Promise<string>): Promise<RoutingResult[]> {
  const results: RoutingResult[] = [];
  for (const [k, size] of sizes.entries()) {
    log(`routing/${engine}: ${size.waiting.toLocaleString('en-US')} conversations waiting, ${size.operators} operators (fresh server)`);
    const server = servers[k] ?? (await startServer('brigade', databaseFor ? { databaseUrl: await databaseFor(k) } : {}));
    try {
      const result = await RoutingBench.run(server, engine, size, log);
      for (const p of result.problems) log(`  PROBLEM ${p}`);
      if (Object.keys(result.anomalies).length > 0) log(`  anomalies: ${JSON.stringify(result.anomalies)}`);
      results.push(result);
    } finally {
      closeHttpAgents();
      await stopServer(server);
    }
  }
  return results;
}

/** A new, empty database next to the one at `url` (dropped by `drop`, once nothing uses it). */
async function freshPgDatabase(url: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name}`);
      } finally {
        await c.end();
      }
    },
  };
}

async function postgresUrl(): Promise<{ url: string | null; reason: string | null; source: string }> {
  const given = process.env.BRIGADE_BENCH_PG_URL;
  if (given) {
    // A fresh database on the given server, so that nothing of its own is touched.
    try {
      const { default: pg } = await import('pg');
      const name = `brigade_bench_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: given });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(given);
      url.pathname = `/${name}`;
      stopPg = () => {
        const drop = new pg.Client({ connectionString: given });
        void drop
          .connect()
          .then(() => drop.query(`drop database if exists ${name}`))
          .finally(() => void drop.end());
      };
      return { url: url.toString(), reason: null, source: 'BRIGADE_BENCH_PG_URL (fresh database)' };
    } catch (error) {
      log(`  could not create a fresh database on BRIGADE_BENCH_PG_URL (${(error as Error).message}); using it as given`);
      return { url: given, reason: null, source: 'BRIGADE_BENCH_PG_URL' };
    }
  }
  try {
    const lib = (await import(join(REPO_ROOT, 'scripts/lib/postgres.mjs'))) as {
      startPostgres(): Promise<{ url: string; stop(): void }>;
    };
    const pg = await lib.startPostgres();
    stopPg = pg.stop;
    return { url: pg.url, reason: null, source: 'throwaway server (scripts/lib/postgres.mjs)' };
  } catch (error) {
    return { url: null, reason: `could not start PostgreSQL: ${(error as Error).message.split('\n')[0]}`, source: 'none' };
  }
}

// ------------------------------------------------------------------ modes

/** What both profiles start with: the engine (`--pg` for PostgreSQL) and a report that is also logged. */
async function profileTarget(): Promise<{ databaseUrl: string | undefined; engine: 'postgres' | 'sqlite'; out: string[]; say(line: string): void }> {
  let databaseUrl: string | undefined;
  if (flag('--pg')) {
    const pg = await postgresUrl();
    if (!pg.url) throw new Error(pg.reason ?? 'no PostgreSQL');
    databaseUrl = pg.url;
  }
  const out: string[] = [];
  const say = (line: string): void => {
    out.push(line);
    log(line);
  };
  return { databaseUrl, engine: databaseUrl ? 'postgres' : 'sqlite', out, say };
}

/** Prints a CPU profile's summary: busy and idle time, self time by package and by function, the project's heaviest inclusive frames. */
function sayProfileSummary(say: (line: string) => void, file: string, options: { inclusiveTop: number; inclusiveMs: boolean; note?: string }): ProfileSummary {
  const summary = summarizeProfile(file);
  say(`CPU profile ${file} (open in Chrome DevTools): main thread busy ${summary.busyMs} ms, idle ${summary.idleMs} ms.`);
  if (options.note) say(options.note);
  say('');
  say('Self time by package:');
  for (const p of summary.packages) say(`  ${String(p.selfPct).padStart(5)}%  ${p.name}`);
  say('');
  say('Top functions by self time (self% / inclusive%):');
  for (const f of summary.functions) say(`  ${String(f.selfPct).padStart(5)}% / ${String(f.totalPct).padStart(5)}%  ${f.name}`);
  say('');
  say(`Brigade's own frames by inclusive time${options.inclusiveMs ? ' (ms, % of busy)' : ''}:`);
  for (const f of inclusiveOfProject(file, options.inclusiveTop)) {
    say(options.inclusiveMs ? `  ${String(f.totalMs).padStart(8)} ms ${String(f.totalPct).padStart(5)}%  ${f.name}` : `  ${String(f.totalPct).padStart(5)}%  ${f.name}`);
  }
  return summary;
}

/**
 * `--profile --routing`: where the server's time goes while operators take from a long queue. A CPU
 * profile of the take phases (isolated takes with their position fan-out, one operator, several at
 * once) on a clean server; on SQLite, then every statement counted and timed on an instrumented one.
 */
async function runProfileRouting(): Promise<void> {
  const waiting = Number(option('--waiting') ?? 10_000);
  const { databaseUrl, engine, out, say } = await profileTarget();
  const size: RoutingSize = { waiting, fanOutTakes: 8, sequentialTakes: 40, concurrentTakes: 120, operators: 8, snapshots: 3, phaseBudgetMs: 60_000 };
  say(`profiling the Brigade server (${engine}) while operators take from ${waiting.toLocaleString('en-US')} waiting conversations`);
  const server = await startServer('brigade', databaseUrl ? { databaseUrl } : {});
  const bench = await RoutingBench.prepare(server, engine, size, log);
  await server.profileStart();
  const snapshots = await bench.measureSnapshots(5);
  const r = await bench.measureTakes();
  const file = join(mkdtempSync(join(tmpdir(), 'brigade-bench-prof-')), `brigade-${engine}-routing-${waiting}.cpuprofile`);
  writeFileSync(file, await server.profileStop());
  await bench.close();
  await stopServer(server);
  const takes = r.fanOut.takes + r.sequential.takes + r.concurrent.takes;
  say(
    `  ${takes} takes: take_next one at a time p50 ${r.sequential.latency.p50} ms, ${r.concurrent.operators} at once p50 ${r.concurrent.latency.p50} ms / p99 ${r.concurrent.latency.p99} ms; ` +
      `position fan-out from the ack p50 ${r.fanOut.fromAck.p50} ms, p99 ${r.fanOut.fromAck.p99} ms (${r.fanOut.framesPerTake.p50} frames per take); ` +
      `server event-loop delay max ${r.fanOut.server.eventLoopDelayMs.max.toFixed(0)} ms (isolated takes), ${r.concurrent.server.eventLoopDelayMs.max.toFixed(0)} ms (burst); ` +
      `5 queue.subscribe → queue.snapshot (${r.snapshot.bytes} bytes) p50 ${snapshots.p50} ms`,
  );
  const summary = sayProfileSummary(say, file, { inclusiveTop: 30, inclusiveMs: true });
  const parts: [string, string][] = [
    ['positions recompute (QueuePositions.tick, after its database read)', 'tick packages/server/src/realtime/queue-positions'],
    ['takeNextConversation (after its database read)', 'takeNextConversation packages/core'],
    ['listWaiting (rows → Conversation, after the statement)', 'listWaiting packages/server'],
    ['the queue.subscribe handler (5 snapshots)', 'queue-subscribe.handler'],
  ];
  for (const [title, ancestor] of parts) {
    const w = inclusiveWithin(file, ancestor, 14);
    say('');
    say(`Inside ${title}: ${w.busyMs} ms (${Math.round((w.busyMs / Math.max(1, summary.busyMs)) * 1000) / 10}% of busy; ${Math.round((w.busyMs / Math.max(1, takes)) * 10) / 10} ms per take):`);
    for (const f of w.rows) say(`  ${String(f.totalMs).padStart(8)} ms  self ${String(f.selfMs).padStart(7)} ms  ${f.name}`);
  }

  if (engine === 'sqlite') {
    say('');
    const small: RoutingSize = { ...size, fanOutTakes: 4, sequentialTakes: 40, concurrentTakes: 40, snapshots: 2 };
    say(`SQLite statements while operators take from ${waiting.toLocaleString('en-US')} waiting (instrumented server; times include the instrumentation):`);
    const s2 = await startServer('brigade', { instrumentSqlite: true });
    const b2 = await RoutingBench.prepare(s2, engine, small, log);
    await s2.sqlStatsReset();
    const w0 = performance.now();
    const r2 = await b2.measureTakes();
    const window = { elapsedMs: performance.now() - w0 };
    const stats = await s2.sqlStats();
    await b2.close();
    await stopServer(s2);
    const n = r2.fanOut.takes + r2.sequential.takes + r2.concurrent.takes;
    let runUs = 0;
    for (const x of stats) runUs += x.runUs + x.prepareUs;
    say(
      `  ${n} takes in ${Math.round(window.elapsedMs)} ms: ${Math.round(runUs / 1000)} ms inside SQLite (${Math.round((runUs / 1000 / window.elapsedMs) * 100)}% of the window, synchronously), ` +
        `${Math.round(runUs / 1000 / Math.max(1, n))} ms per take`,
    );
    say('  calls/take  run ms avg  run ms max  total ms  statement');
    for (const x of stats.slice(0, 12)) {
      say(
        `  ${(x.runs / Math.max(1, n)).toFixed(2).padStart(10)}  ${(x.runUs / 1000 / Math.max(1, x.runs)).toFixed(2).padStart(10)}  ${(x.maxRunUs / 1000).toFixed(1).padStart(10)}  ${((x.prepareUs + x.runUs) / 1000).toFixed(0).padStart(8)}  ${x.sql.slice(0, 100)}`,
      );
    }
  }
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, `bench/results/profile-routing-${engine}.txt`), `${out.join('\n')}\n`);
  log(`written bench/results/profile-routing-${engine}.txt`);
}

async function runProfile(): Promise<void> {
  if (flag('--routing')) return runProfileRouting();
  const rate = Number(option('--rate') ?? 2000);
  const seconds = Number(option('--seconds') ?? 8);
  const { databaseUrl, engine, out, say } = await profileTarget();

  // 1. A CPU profile of the measured window only (node:inspector in the server process).
  say(`profiling the Brigade server (${engine}) at ${rate} msg/s for ${seconds} s, 200 citizens, 20 operators`);
  const server = await startServer('brigade', databaseUrl ? { databaseUrl } : {});
  const fleet = await BrigadeFleet.create({ server, citizens: 200, operators: 20, queueWatchers: 20, tracker: new Tracker(1 << 20), log });
  await runStep(fleet, server, { rate: 500, durationMs: 1000, drainMs: 5000 });
  await server.profileStart();
  const step = await runStep(fleet, server, { rate, durationMs: seconds * 1000, drainMs: 5000, lateDrainMs: 10_000 });
  const file = join(mkdtempSync(join(tmpdir(), 'brigade-bench-prof-')), `brigade-${engine}-${rate}.cpuprofile`);
  writeFileSync(file, await server.profileStop());
  say(
    `  ack p50 ${step.ack.p50} p99 ${step.ack.p99} ms, delivery p99 ${step.delivery.p99} ms, server ${step.serverCpuUsPerMessage} µs CPU/msg ` +
      `(${Math.round((step.server.cpuSystemUs / (step.server.cpuUserUs + step.server.cpuSystemUs)) * 100)}% system; main thread ${step.serverMainThreadUsPerMessage ?? '?'} µs/msg busy), ` +
      `ELD p99 ${step.server.eventLoopDelayMs.p99.toFixed(1)} ms, lost ${step.lost}`,
  );
  await fleet.close();
  await stopServer(server);
  closeHttpAgents();
  sayProfileSummary(say, file, {
    inclusiveTop: 25,
    inclusiveMs: false,
    note: '(Synchronous SQLite calls on the main thread count as busy, fsync waits included: the sampler sees the blocked thread. The SQLite append thread is not sampled.)',
  });

  // 2. SQLite: every statement counted and timed (a separate, instrumented server).
  if (engine === 'sqlite') {
    say('');
    say(`SQLite statements at ${rate} msg/s (instrumented server, main connection only: message appends run on the append thread's own connection and are not counted; times include the instrumentation):`);
    const s2 = await startServer('brigade', { instrumentSqlite: true });
    const fleet2 = await BrigadeFleet.create({ server: s2, citizens: 200, operators: 20, queueWatchers: 20, tracker: new Tracker(1 << 20), log });
    await runStep(fleet2, s2, { rate: 500, durationMs: 1000, drainMs: 5000 });
    await s2.sqlStatsReset();
    const st2 = await runStep(fleet2, s2, { rate, durationMs: Math.min(seconds, 5) * 1000, drainMs: 5000, lateDrainMs: 10_000 });
    const stats = await s2.sqlStats();
    await fleet2.close();
    await stopServer(s2);
    const msgs = st2.sent;
    const windowMs = st2.server.elapsedMs;
    let prepUs = 0;
    let runUs = 0;
    let prepares = 0;
    for (const x of stats) {
      prepUs += x.prepareUs;
      runUs += x.runUs;
      prepares += x.prepares;
    }
    say(
      `  ${msgs} messages in ${Math.round(windowMs)} ms: ${prepares} prepare() calls (${(prepares / msgs).toFixed(1)} per message, ${Math.round(prepUs / 1000)} ms), ` +
        `statement execution ${Math.round(runUs / 1000)} ms (${Math.round(((prepUs + runUs) / 1000 / windowMs) * 100)}% of the window spent inside SQLite, synchronously)`,
    );
    say('  calls/msg  prepare µs avg  run µs avg  run µs max  total ms  statement');
    for (const x of stats.slice(0, 12)) {
      say(
        `  ${(x.runs / msgs).toFixed(2).padStart(9)}  ${(x.prepareUs / Math.max(1, x.prepares)).toFixed(0).padStart(14)}  ${(x.runUs / Math.max(1, x.runs)).toFixed(0).padStart(10)}  ${x.maxRunUs.toFixed(0).padStart(10)}  ${((x.prepareUs + x.runUs) / 1000).toFixed(0).padStart(8)}  ${x.sql.slice(0, 100)}`,
      );
    }
  }
  // 3. Idle memory: what 1,000 idle citizen connections keep alive in the JS heap, by allocation site.
  if (engine === 'sqlite') {
    const s3 = await startServer('brigade');
    const idleFleet = BrigadeFleet.empty({ server: s3, tracker: new Tracker(16) });
    await idleFleet.startConversations(1100);
    closeHttpAgents();
    await idleFleet.connectCitizens(0, 100);
    idleFleet.disconnectCitizens(0, 100);
    await sleep(500);
    await s3.memory();
    await s3.heapSampleStart();
    await idleFleet.connectCitizens(100, 1100);
    await sleep(500);
    const heap = summarizeHeapSample(await s3.heapSampleStop());
    await idleFleet.close();
    await stopServer(s3);
    say('');
    say(`Idle citizens: JS heap kept alive by 1,000 idle connections (sampling heap profiler): ${Math.round(heap.totalBytes / 1000)} B per connection`);
    say('  by allocating function (bytes per connection):');
    for (const x of heap.bySite.slice(0, 15)) say(`  ${String(Math.round(x.bytes / 1000)).padStart(6)}  ${x.name}`);
    say("  by Brigade's innermost frame on the allocation stack:");
    for (const x of heap.byProjectFrame.slice(0, 12)) say(`  ${String(Math.round(x.bytes / 1000)).padStart(6)}  ${x.name}`);
  }
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, `bench/results/profile-${engine}.txt`), `${out.join('\n')}\n`);
  log(`written bench/results/profile-${engine}.txt`);
}

type Section = 'sqlite' | 'postgres' | 'ws-relay' | 'durable-relay' | 'socketio' | 'idle' | 'routing' | 'routing-pg';

function sectionsOf(plan: Plan): Set<Section> {
  const given = option('--sections');
  if (given) return new Set(given.split(',').map((x) => x.trim()) as Section[]);
  const all = new Set<Section>(['sqlite']);
  if (plan.baselines) {
    all.add('ws-relay');
    // The durable relay's ladder would take --quick past its 60 s: full runs only, unless asked for.
    if (mode === 'full') all.add('durable-relay');
    all.add('socketio');
  }
  if (plan.idleCounts.length > 0) all.add('idle');
  if (plan.postgres) all.add('postgres');
  if (plan.routing.length > 0) all.add('routing');
  if (plan.routingPg && plan.routing.length > 0) all.add('routing-pg');
  return all;
}

async function runBench(basePlan: Plan): Promise<number> {
  const machine = machineInfo();
  const sections = sectionsOf(basePlan);
  // The durable relay's ladder (and latency fleet) runs after the other ladders: the soft target
  // grows by what it is expected to need, and every earlier phase reserves that much, so the
  // budgets of the other ladders are what they were without it.
  const durableMs = sections.has('durable-relay')
    ? basePlan.ladderBudgetMs + 2000 + (basePlan.relayLatency ? basePlan.latMs + 4000 + basePlan.latCitizens * 8 : 0)
    : 0;
  const plan: Plan = basePlan.targetMs > 0 ? { ...basePlan, targetMs: basePlan.targetMs + durableMs } : basePlan;
  log(`mode ${mode} (${[...sections].join(', ')}): ${machine.cpus} cores (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}`);
  const idleWanted = sections.has('idle') && plan.idleCounts.length > 0;
  const routingWanted = sections.has('routing') && plan.routing.length > 0;
  const [brigade, wsRelay, durableRelay, socketIo, idleServer, routingServers] = await Promise.all([
    sections.has('sqlite') ? startServer('brigade') : Promise.resolve(null),
    sections.has('ws-relay') ? startServer('ws-relay') : Promise.resolve(null),
    sections.has('durable-relay') ? startServer('durable-relay') : Promise.resolve(null),
    sections.has('socketio') ? startServer('socketio') : Promise.resolve(null),
    idleWanted ? startServer('brigade') : Promise.resolve(null),
    routingWanted ? Promise.all(plan.routing.map(() => startServer('brigade'))) : Promise.resolve([]),
  ]);
  log(
    `servers up:${brigade ? ` brigade ${brigade.url}` : ''}${wsRelay ? ` ws relay ${wsRelay.url}` : ''}${durableRelay ? ` durable relay ${durableRelay.url}` : ''}${socketIo ? ` socket.io ${socketIo.url}` : ''}` +
      `${idleServer ? ` brigade (idle memory) ${idleServer.url}` : ''}${routingServers.length > 0 ? ` brigade (routing) ${routingServers.map((x) => x.url).join(' ')}` : ''}`,
  );
  // The idle-memory server's conversations are started while the first fleet is set up (setup
  // overlaps setup; nothing is measured until both are done).
  const idlePrep = idleServer ? prepareIdleBrigade(idleServer, plan.idleCounts, log) : null;
  idlePrep?.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  // Ladders still to run after Brigade's, the durable relay's aside (counted in durableMs).
  const laddersLeft = (sections.has('sqlite') ? 1 : 0) + (wsRelay ? 1 : 0) + (socketIo ? 1 : 0);
  // What the phases after each ladder are expected to need (for the soft time target).
  const latencyPhaseMs = plan.latMs + 4000 + Math.max(plan.latCitizens, plan.rateCitizens) * 8;
  const idlePhaseMs = idleWanted
    ? 4000 + plan.idleCounts.reduce((a, b) => Math.max(a, b), 0) * 3 + plan.idleQuietMs * (plan.relayIdle && sections.has('socketio') ? 2 : 1)
    : 0;
  const routingMs = routingWanted ? routingPhaseMs(plan.routing, 'sqlite') : 0;
  const routingPgMs = sections.has('routing-pg') ? routingPhaseMs(plan.routing, 'postgres') : 0;

  const report: BenchReport = {
    mode,
    command: mode === 'full' ? 'npm run bench' : `npm run bench -- --${mode}`,
    date: new Date().toISOString(),
    machine,
    sqlite: null,
    postgres: null,
    postgresSkipped: null,
    baselines: { wsRelay: null, socketIo: null, durableRelay: null },
    idle: { brigade: null, wsRelay: null, socketIo: null },
    routing: { sqlite: [], postgres: [], postgresSkipped: null },
    durationMs: 0,
    plan: { stepMs: plan.stepMs, relayStepMs: Math.min(plan.stepMs, RELAY_STEP_MAX_MS), drainMs: plan.drainMs, latMs: plan.latMs },
  };

  if (brigade) {
    report.sqlite = await brigadeLoad('sqlite', brigade, plan, {
      beforeMeasure: async () => idlePrep,
      reserveMs: latencyPhaseMs + idlePhaseMs + routingMs + durableMs,
      laddersLeft,
    });
    await stopServer(brigade);
  }
  const idleFleet = idlePrep ? await idlePrep : null;

  if (routingWanted) report.routing.sqlite = await routingSection('sqlite', plan.routing, routingServers);

  if (wsRelay) {
    report.baselines.wsRelay = await relayLoad('ws-relay', wsRelay, plan, idlePhaseMs + durableMs, socketIo ? 2 : 1);
    await stopServer(wsRelay);
  }
  if (socketIo) {
    report.baselines.socketIo = await relayLoad('socketio', socketIo, plan, idlePhaseMs + durableMs, 1);
    await stopServer(socketIo);
  }
  if (durableRelay) {
    report.baselines.durableRelay = await relayLoad('durable-relay', durableRelay, plan, idlePhaseMs, 1);
    await stopServer(durableRelay);
  }

  if (idleServer && idleFleet) {
    report.idle.brigade = await idleSection('brigade', plan, { server: idleServer, fleet: idleFleet });
    if (plan.relayIdle) {
      if (sections.has('ws-relay')) report.idle.wsRelay = await idleSection('ws-relay', plan);
      if (sections.has('socketio')) report.idle.socketIo = await idleSection('socketio', plan);
    }
  }

  const routingPg = sections.has('routing-pg') && plan.routing.length > 0;
  if (sections.has('postgres') || routingPg) {
    log('postgres: starting');
    const pg = await postgresUrl();
    if (pg.url) {
      const pgUrl = pg.url;
      log(`postgres: ${pg.source}`);
      if (sections.has('postgres')) {
        try {
          const server = await startServer('brigade', { databaseUrl: pgUrl });
          report.postgres = await brigadeLoad('postgres', server, plan, { reserveMs: routingPgMs });
          await stopServer(server);
        } catch (error) {
          report.postgresSkipped = `failed: ${(error as Error).message}`;
          log(`postgres: ${report.postgresSkipped}`);
        }
      } else report.postgresSkipped = 'not in --sections';
      if (routingPg) {
        // One fresh database per queue size, on the same PostgreSQL server.
        const drops: (() => Promise<void>)[] = [];
        try {
          report.routing.postgres = await routingSection('postgres', plan.routing, [], async (k) => {
            const db = await freshPgDatabase(pgUrl, `brigade_bench_routing_${k}_${Date.now().toString(36)}`);
            drops.push(db.drop);
            return db.url;
          });
        } catch (error) {
          report.routing.postgresSkipped = `failed: ${(error as Error).message}`;
          log(`routing/postgres: ${report.routing.postgresSkipped}`);
        }
        for (const drop of drops) await drop().catch(() => {});
      }
      stopPg?.();
      stopPg = null;
    } else {
      report.postgresSkipped = pg.reason;
      report.routing.postgresSkipped = pg.reason;
      log(`postgres: not measured (${pg.reason})`);
    }
  } else {
    report.postgresSkipped = mode === 'full' ? 'skipped (--no-pg)' : `not measured in --${mode} (SQLite only)`;
    report.routing.postgresSkipped = report.postgresSkipped;
  }

  report.durationMs = performance.now() - started;
  const summary = summaryJson(report);

  if (mode === 'full') {
    const out = writeReport(report, summary);
    mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'bench/results/last-run.json'), `${JSON.stringify(report, null, 2)}\n`);
    log(`written ${out}, bench/latency-vs-rate.svg and bench/results/last-run.json`);
  }
  log(`done in ${(report.durationMs / 1000).toFixed(1)} s`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const routingProblems = [...report.routing.sqlite, ...report.routing.postgres].flatMap((x) => x.problems);
  const bad = summary.lost > 0 || summary.duplicated > 0 || (summary.misrouted ?? 0) > 0 || routingProblems.length > 0;
  return mode === 'smoke' && bad ? 1 : 0;
}

/** Writes BENCHMARKS.md (or `--out`) and the latency chart; returns the report's path. */
function writeReport(report: BenchReport, summary: ReturnType<typeof summaryJson>): string {
  const out = option('--out') ?? join(REPO_ROOT, 'BENCHMARKS.md');
  writeFileSync(join(REPO_ROOT, 'bench/latency-vs-rate.svg'), renderSvg(report));
  writeFileSync(out, renderMarkdown(report, summary));
  return out;
}

/**
 * `--render FILE`: writes BENCHMARKS.md (or `--out`) and the chart again from a saved full run
 * (bench/results/last-run.json), measuring nothing: for changes to the report's wording.
 */
function renderSaved(file: string): number {
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  const out = writeReport(report, summaryJson(report));
  log(`written ${out} and bench/latency-vs-rate.svg from ${file} (run of ${report.date})`);
  return 0;
}

async function main(): Promise<number> {
  const saved = option('--render');
  if (saved) return renderSaved(saved);
  if (mode === 'profile') {
    await runProfile();
    return 0;
  }
  const plan = PLANS[mode];
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: time limit of ${plan.limitMs / 1000} s exceeded; stopping\n`);
    killEverything();
    process.exit(2);
  }, plan.limitMs);
  watchdog.unref();
  return runBench(plan);
}

main().then(
  (code) => {
    killEverything();
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killEverything();
    process.exit(1);
  },
);

