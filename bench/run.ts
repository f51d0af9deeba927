// Brigade's load generator and benchmark.
//
//   npm run bench                 everything (SQLite, PostgreSQL, baselines) → BENCHMARKS.md
//   npm run bench -- --quick      SQLite and baselines, small counts, < 60 s; last line is JSON
//   npm run bench -- --smoke      correctness only, a few seconds; exit 1 if anything lost/duplicated
//   npm run bench -- --profile    CPU profile of the Brigade server under load (top frames)
//
// Options: --no-pg (skip PostgreSQL), --out FILE (where the full report goes), --rate N (--profile).
// PostgreSQL: BRIGADE_BENCH_PG_URL, else a throwaway server from scripts/lib/postgres.mjs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BrigadeFleet, type StormResult } from './lib/brigade-fleet.js';
import { idleBrigade, idleRelay, type IdleResult, prepareIdleBrigade } from './lib/idle.js';
import { type LadderResult, runLadder, runStep, type StepResult } from './lib/load.js';
import { closeHttpAgents, sleep } from './lib/net.js';
import { inclusiveOfProject, type ProfileSummary, summarizeHeapSample, summarizeProfile } from './lib/profile.js';
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
  relayIdle: boolean;
  relayLatency: boolean;
  baselines: boolean;
  postgres: boolean;
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
    relayIdle: false,
    relayLatency: false,
    baselines: false,
    postgres: false,
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
    relayIdle: false,
    relayLatency: false,
    baselines: true,
    postgres: false,
    limitMs: 120_000,
    targetMs: 50_000,
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
    latOperators: 200,
    queueWatchers: 10,
    latMs: 15_000,
    latDrainMs: 5000,
    latLateDrainMs: 10_000,
    idleCounts: [1000, 10_000],
    relayIdle: true,
    relayLatency: true,
    baselines: true,
    postgres: !flag('--no-pg'),
    limitMs: 15 * 60_000,
    targetMs: 9 * 60_000,
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
      `server ${latency.serverCpuUsPerMessage} µs/msg, ELD p99 ${latency.server.eventLoopDelayMs.p99.toFixed(1)} ms; lost ${latency.lost} dup ${latency.duplicated}`,
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

async function relayLoad(kind: 'ws-relay' | 'socketio', server: ServerChild, plan: Plan, reserveMs: number, laddersLeft: number): Promise<RelayReport> {
  const tracker = new Tracker(1 << 20);
  const make = (citizens: number, operators: number) =>
    kind === 'ws-relay'
      ? WsRelayFleet.create({ url: server.url, citizens, operators, tracker })
      : SocketIoFleet.create({ url: server.url, citizens, operators, tracker });
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
        `server ${latency.serverCpuUsPerMessage} µs/msg; lost ${latency.lost} dup ${latency.duplicated}`,
    );
    await latFleet.close();
  }
  const totals = tracker.result(0, tracker.size);
  return { kind, ladder, latency, totals: { sent: totals.sent, lost: totals.lost, duplicated: totals.duplicated, misrouted: totals.misrouted } };
}

async function idleSection(kind: ServerKind, counts: number[], prepared?: { server: ServerChild; fleet: BrigadeFleet }): Promise<IdleResult> {
  log(`${kind}: idle connections ${counts.join(', ')} (fresh server process)`);
  const server = prepared?.server ?? (await startServer(kind));
  try {
    return kind === 'brigade' ? await idleBrigade(server, counts, log, prepared?.fleet) : await idleRelay(server, kind, counts, log);
  } finally {
    closeHttpAgents();
    await stopServer(server);
  }
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

async function runProfile(): Promise<void> {
  const rate = Number(option('--rate') ?? 2000);
  const seconds = Number(option('--seconds') ?? 8);
  let databaseUrl: string | undefined;
  if (flag('--pg')) {
    const pg = await postgresUrl();
    if (!pg.url) throw new Error(pg.reason ?? 'no PostgreSQL');
    databaseUrl = pg.url;
  }
  const engine = databaseUrl ? 'postgres' : 'sqlite';
  const out: string[] = [];
  const say = (line: string): void => {
    out.push(line);
    log(line);
  };

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
      `(${Math.round((step.server.cpuSystemUs / (step.server.cpuUserUs + step.server.cpuSystemUs)) * 100)}% system), ELD p99 ${step.server.eventLoopDelayMs.p99.toFixed(1)} ms, lost ${step.lost}`,
  );
  await fleet.close();
  await stopServer(server);
  closeHttpAgents();
  const summary: ProfileSummary = summarizeProfile(file);
  say(`CPU profile ${file} (open in Chrome DevTools): main thread busy ${summary.busyMs} ms, idle ${summary.idleMs} ms.`);
  say('(Synchronous SQLite calls count as busy, fsync waits included: the sampler sees the blocked thread.)');
  say('');
  say('Self time by package:');
  for (const p of summary.packages) say(`  ${String(p.selfPct).padStart(5)}%  ${p.name}`);
  say('');
  say('Top functions by self time (self% / inclusive%):');
  for (const f of summary.functions) say(`  ${String(f.selfPct).padStart(5)}% / ${String(f.totalPct).padStart(5)}%  ${f.name}`);
  say('');
  say("Brigade's own frames by inclusive time:");
  for (const f of inclusiveOfProject(file, 25)) say(`  ${String(f.totalPct).padStart(5)}%  ${f.name}`);

  // 2. SQLite: every statement counted and timed (a separate, instrumented server).
  if (engine === 'sqlite') {
    say('');
    say(`SQLite statements at ${rate} msg/s (instrumented server; times include the instrumentation):`);
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

type Section = 'sqlite' | 'postgres' | 'ws-relay' | 'socketio' | 'idle';

function sectionsOf(plan: Plan): Set<Section> {
  const given = option('--sections');
  if (given) return new Set(given.split(',').map((x) => x.trim()) as Section[]);
  const all = new Set<Section>(['sqlite']);
  if (plan.baselines) {
    all.add('ws-relay');
    all.add('socketio');
  }
  if (plan.idleCounts.length > 0) all.add('idle');
  if (plan.postgres) all.add('postgres');
  return all;
}

async function runBench(plan: Plan): Promise<number> {
  const machine = machineInfo();
  const sections = sectionsOf(plan);
  log(`mode ${mode} (${[...sections].join(', ')}): ${machine.cpus} cores (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}`);
  const idleWanted = sections.has('idle') && plan.idleCounts.length > 0;
  const [brigade, wsRelay, socketIo, idleServer] = await Promise.all([
    sections.has('sqlite') ? startServer('brigade') : Promise.resolve(null),
    sections.has('ws-relay') ? startServer('ws-relay') : Promise.resolve(null),
    sections.has('socketio') ? startServer('socketio') : Promise.resolve(null),
    idleWanted ? startServer('brigade') : Promise.resolve(null),
  ]);
  log(`servers up:${brigade ? ` brigade ${brigade.url}` : ''}${wsRelay ? ` ws relay ${wsRelay.url}` : ''}${socketIo ? ` socket.io ${socketIo.url}` : ''}${idleServer ? ` brigade (idle memory) ${idleServer.url}` : ''}`);
  // The idle-memory server's conversations are started while the first fleet is set up (setup
  // overlaps setup; nothing is measured until both are done).
  const idlePrep = idleServer ? prepareIdleBrigade(idleServer, plan.idleCounts, log) : null;
  idlePrep?.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  const laddersLeft = (sections.has('sqlite') ? 1 : 0) + (wsRelay ? 1 : 0) + (socketIo ? 1 : 0);
  // What the phases after each ladder are expected to need (for the soft time target).
  const latencyPhaseMs = plan.latMs + 4000 + Math.max(plan.latCitizens, plan.rateCitizens) * 8;
  const idlePhaseMs = idleWanted ? 4000 + plan.idleCounts.reduce((a, b) => Math.max(a, b), 0) * 3 : 0;

  const report: BenchReport = {
    mode,
    command: mode === 'full' ? 'npm run bench' : `npm run bench -- --${mode}`,
    date: new Date().toISOString(),
    machine,
    sqlite: null,
    postgres: null,
    postgresSkipped: null,
    baselines: { wsRelay: null, socketIo: null },
    idle: { brigade: null, wsRelay: null, socketIo: null },
    durationMs: 0,
    plan: { stepMs: plan.stepMs, relayStepMs: Math.min(plan.stepMs, RELAY_STEP_MAX_MS), drainMs: plan.drainMs, latMs: plan.latMs },
  };

  if (brigade) {
    report.sqlite = await brigadeLoad('sqlite', brigade, plan, {
      beforeMeasure: async () => idlePrep,
      reserveMs: latencyPhaseMs + idlePhaseMs,
      laddersLeft,
    });
    await stopServer(brigade);
  }
  const idleFleet = idlePrep ? await idlePrep : null;

  if (wsRelay) {
    report.baselines.wsRelay = await relayLoad('ws-relay', wsRelay, plan, idlePhaseMs, socketIo ? 2 : 1);
    await stopServer(wsRelay);
  }
  if (socketIo) {
    report.baselines.socketIo = await relayLoad('socketio', socketIo, plan, idlePhaseMs, 1);
    await stopServer(socketIo);
  }

  if (idleServer && idleFleet) {
    report.idle.brigade = await idleSection('brigade', plan.idleCounts, { server: idleServer, fleet: idleFleet });
    if (plan.relayIdle) {
      if (sections.has('ws-relay')) report.idle.wsRelay = await idleSection('ws-relay', plan.idleCounts);
      if (sections.has('socketio')) report.idle.socketIo = await idleSection('socketio', plan.idleCounts);
    }
  }

  if (sections.has('postgres')) {
    log('postgres: starting');
    const pg = await postgresUrl();
    if (pg.url) {
      log(`postgres: ${pg.source}`);
      try {
        const server = await startServer('brigade', { databaseUrl: pg.url });
        report.postgres = await brigadeLoad('postgres', server, plan);
        await stopServer(server);
      } catch (error) {
        report.postgresSkipped = `failed: ${(error as Error).message}`;
        log(`postgres: ${report.postgresSkipped}`);
      }
      stopPg?.();
      stopPg = null;
    } else {
      report.postgresSkipped = pg.reason;
      log(`postgres: not measured (${pg.reason})`);
    }
  } else report.postgresSkipped = mode === 'full' ? 'skipped (--no-pg)' : `not measured in --${mode} (SQLite only)`;

  report.durationMs = performance.now() - started;
  const summary = summaryJson(report);

  if (mode === 'full') {
    const out = option('--out') ?? join(REPO_ROOT, 'BENCHMARKS.md');
    writeFileSync(join(REPO_ROOT, 'bench/latency-vs-rate.svg'), renderSvg(report));
    writeFileSync(out, renderMarkdown(report, summary));
    mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'bench/results/last-run.json'), `${JSON.stringify(report, null, 2)}\n`);
    log(`written ${out}, bench/latency-vs-rate.svg and bench/results/last-run.json`);
  }
  log(`done in ${(report.durationMs / 1000).toFixed(1)} s`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const bad = summary.lost > 0 || summary.duplicated > 0 || (summary.misrouted ?? 0) > 0;
  return mode === 'smoke' && bad ? 1 : 0;
}

async function main(): Promise<number> {
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

