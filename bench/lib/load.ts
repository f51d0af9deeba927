// The open-loop driver: message k of a step is *due* at t0 + k/rate, whatever happened before;
// each latency is measured from that intended time, so a stalled server (or generator) shows up
// in the figures instead of silently slowing the offered load (no coordinated omission).
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Fleet } from './fleet.js';
import { sleep } from './net.js';
import type { ServerChild, WindowStats } from './server-child.js';
import type { RangeResult } from './tracker.js';

export const ACK_P99_LIMIT_MS = 50;

export interface StepResult extends RangeResult {
  target: string;
  rate: number;
  durationMs: number;
  /** Messages actually written per second over the sending period. */
  achievedRate: number;
  /** How far behind schedule the generator ever was when writing a message (ms). */
  generatorMaxLagMs: number;
  settled: boolean;
  errors: number;
  anomalies: Record<string, number>;
  server: WindowStats;
  /** Whole server process (every thread), per message. */
  serverCpuUsPerMessage: number;
  /** The server's main thread busy (event-loop utilisation's active time) per message; absent or null in older results. */
  serverMainThreadUsPerMessage?: number | null;
  clientCpuUsPerMessage: number;
  /** The generator's own event-loop delay: high values mean the generator, not the server, was late. */
  clientEventLoopDelayMs: { p99: number; max: number };
  /** Set when this step is the retry of a step that failed on latency alone. */
  retryOf?: { ackP99: number; deliveryP99: number; failReason: string | null };
  pass: boolean;
  failReason: string | null;
}

export interface StepOptions {
  rate: number;
  durationMs: number;
  /** How long after the last send every message must be acked and delivered. */
  drainMs: number;
  /** Extra wait for stragglers before they are counted as lost (failing steps only). */
  lateDrainMs?: number;
  /** Spread messages over citizens round-robin (default) or only this many. */
}

function anomalySnapshot(fleet: Fleet): Map<string, number> {
  return new Map(fleet.anomalies);
}

function anomalyDiff(before: Map<string, number>, fleet: Fleet): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of fleet.anomalies) {
    const d = v - (before.get(k) ?? 0);
    if (d > 0) out[k] = d;
  }
  return out;
}

/** Sends `rate` msg/s for `durationMs` at a constant rate, waits for every ack and delivery. */
export async function runStep(fleet: Fleet, server: ServerChild, opts: StepOptions): Promise<StepResult> {
  const { tracker } = fleet;
  const n = Math.max(1, Math.round((opts.rate * opts.durationMs) / 1000));
  const start = tracker.reserve(n);
  const end = start + n;
  const citizens = fleet.citizenCount;
  const interval = 1000 / opts.rate;
  const errorsBefore = tracker.errors;
  const anomaliesBefore = anomalySnapshot(fleet);

  await server.windowStart();
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now() + 2;
  let k = 0;
  let maxLag = 0;
  let lastSendAt = t0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(n, Math.floor((now - t0) / interval) + 1);
      if (due > k) {
        const lag = now - (t0 + k * interval);
        if (lag > maxLag) maxLag = lag;
      }
      while (k < due) {
        const i = start + k;
        tracker.intended[i] = t0 + k * interval;
        fleet.send(i % citizens, i);
        k++;
      }
      if (k >= n) {
        lastSendAt = performance.now();
        resolve();
        return;
      }
      // Sleep until the next message is due. Timers have a 1 ms granularity: at high rates each
      // tick writes the batch that fell due meanwhile (never a busy loop, which would steal the
      // server's core); the wait counts in the latency, since it is measured from the due time.
      const wait = t0 + k * interval - performance.now();
      setTimeout(tick, Math.max(1, Math.floor(wait)));
    };
    tick();
  });
  const settled = await tracker.waitSettled(start, end, opts.drainMs);
  const server_ = await server.windowStop();
  const cpu = process.cpuUsage(cpu0);
  eld.disable();
  let result = tracker.result(start, end);
  const ackOk = result.ack.p99 <= ACK_P99_LIMIT_MS;
  const errors = tracker.errors - errorsBefore;
  const clean = settled && result.duplicated === 0 && result.misrouted === 0 && errors === 0;
  if (!settled && opts.lateDrainMs) {
    // Failing anyway: give stragglers a chance so that "lost" means lost, not late.
    await tracker.waitSettled(start, end, opts.lateDrainMs);
    result = tracker.result(start, end);
  }
  const failReason = !settled
    ? `not all acked and delivered within ${opts.drainMs} ms of the last send`
    : result.duplicated > 0
      ? `${result.duplicated} duplicated`
      : result.misrouted > 0
        ? `${result.misrouted} misrouted`
        : errors > 0
          ? `${errors} error frames`
          : !ackOk
            ? `ack p99 ${result.ack.p99} ms > ${ACK_P99_LIMIT_MS} ms`
            : null;
  const sendSpan = Math.max(1, lastSendAt - t0);
  return {
    target: fleet.name,
    rate: opts.rate,
    durationMs: opts.durationMs,
    achievedRate: Math.round((n * 1000) / Math.max(sendSpan, opts.durationMs - interval)),
    generatorMaxLagMs: Math.round(maxLag * 10) / 10,
    settled,
    errors,
    anomalies: anomalyDiff(anomaliesBefore, fleet),
    ...result,
    server: server_,
    serverCpuUsPerMessage: Math.round(((server_.cpuUserUs + server_.cpuSystemUs) / n) * 10) / 10,
    serverMainThreadUsPerMessage: server_.mainThreadBusyMs == null ? null : Math.round(((server_.mainThreadBusyMs * 1000) / n) * 10) / 10,
    clientCpuUsPerMessage: Math.round(((cpu.user + cpu.system) / n) * 10) / 10,
    clientEventLoopDelayMs: { p99: Math.round(eld.percentile(99) / 1e4) / 100, max: Math.round(eld.max / 1e4) / 100 },
    pass: clean && ackOk,
    failReason,
  };
}

export interface LadderResult {
  target: string;
  steps: StepResult[];
  /** Highest offered rate that passed (0 if none). */
  maxRate: number;
  lastPass: StepResult | null;
  firstFail: StepResult | null;
  /** No step failed: the ladder stopped on its time budget (or its top), so maxRate is a lower bound. */
  truncated: boolean;
}

export const LADDER = [1000, 2000, 3000, 5000, 7000, 10_000, 14_000, 20_000, 28_000, 40_000, 56_000, 80_000, 110_000];

/** Steps the rate up until one fails; optionally tries the midpoint between the last pass and the failure. */
export async function runLadder(
  fleet: Fleet,
  server: ServerChild,
  opts: { durationMs: number; drainMs: number; lateDrainMs: number; refine: boolean; deadline: number; log: (line: string) => void },
): Promise<LadderResult> {
  const steps: StepResult[] = [];
  let lastPass: StepResult | null = null;
  let firstFail: StepResult | null = null;
  // Warm-up (JIT, caches, database pages); not reported.
  await runStep(fleet, server, { rate: 500, durationMs: Math.min(2000, opts.durationMs), drainMs: opts.drainMs, lateDrainMs: opts.lateDrainMs });
  await sleep(200);
  const rates = [...LADDER];
  for (let r = 0; r < rates.length; r++) {
    if (performance.now() > opts.deadline) {
      opts.log(`  time budget reached; stopping the ladder at ${rates[r - 1] ?? 0} msg/s`);
      break;
    }
    const rate = rates[r]!;
    let step = await runStep(fleet, server, { rate, durationMs: opts.durationMs, drainMs: opts.drainMs, lateDrainMs: opts.lateDrainMs });
    if (!step.pass && step.settled && step.lost === 0 && step.duplicated === 0 && step.misrouted === 0 && step.errors === 0 && performance.now() < opts.deadline) {
      // Failed on latency alone: on a shared machine one stall of another process can do that.
      // Retry once after a pause; the retry decides (both are reported).
      opts.log(`  ${fleet.name} ${String(rate).padStart(6)} msg/s: ${step.failReason}; retrying once`);
      const first = step;
      await sleep(1000);
      step = await runStep(fleet, server, { rate, durationMs: opts.durationMs, drainMs: opts.drainMs, lateDrainMs: opts.lateDrainMs });
      step.retryOf = { ackP99: first.ack.p99, deliveryP99: first.delivery.p99, failReason: first.failReason };
    }
    steps.push(step);
    opts.log(
      `  ${fleet.name} ${String(rate).padStart(6)} msg/s: ack p50 ${step.ack.p50} p99 ${step.ack.p99} ms, delivery p99 ${step.delivery.p99} ms, ` +
        `server ${step.serverCpuUsPerMessage} µs/msg (${Math.round((step.server.cpuSystemUs / Math.max(1, step.server.cpuUserUs + step.server.cpuSystemUs)) * 100)}% sys; ` +
        `main thread ${step.serverMainThreadUsPerMessage ?? '?'} µs/msg busy, ELU ${step.server.mainThreadBusyMs == null ? '?' : (step.server.mainThreadBusyMs / step.server.elapsedMs).toFixed(2)}), ` +
        `ELD p99/max ${step.server.eventLoopDelayMs.p99.toFixed(1)}/${step.server.eventLoopDelayMs.max.toFixed(0)} ms; ` +
        `generator ${step.clientCpuUsPerMessage} µs/msg, ELD max ${step.clientEventLoopDelayMs.max.toFixed(0)} ms; ` +
        `lost ${step.lost} dup ${step.duplicated} → ${step.pass ? 'pass' : `FAIL (${step.failReason})`}`,
    );
    if (step.pass) lastPass = step;
    else {
      firstFail = step;
      break;
    }
    await sleep(300);
  }
  // Even the first step failed: probe downwards so the report still says what does pass.
  for (let rate = LADDER[0]! / 2; !lastPass && firstFail && rate >= 250 && performance.now() < opts.deadline; rate /= 2) {
    await sleep(1000);
    const step = await runStep(fleet, server, { rate, durationMs: opts.durationMs, drainMs: opts.drainMs, lateDrainMs: opts.lateDrainMs });
    steps.push(step);
    opts.log(
      `  ${fleet.name} ${String(rate).padStart(6)} msg/s (below the ladder): ack p99 ${step.ack.p99} ms, delivery p99 ${step.delivery.p99} ms, ` +
        `lost ${step.lost} dup ${step.duplicated} → ${step.pass ? 'pass' : `FAIL (${step.failReason})`}`,
    );
    if (step.pass) lastPass = step;
  }
  if (opts.refine && lastPass && firstFail && performance.now() < opts.deadline) {
    // The lowest failing rate above the last pass, and a round midpoint not tried yet.
    const passRate = lastPass.rate;
    const failRate = Math.min(...steps.filter((q) => !q.pass && q.rate > passRate).map((q) => q.rate));
    const grain = failRate - passRate > 1000 ? 500 : 250;
    const mid = Math.round((passRate + failRate) / 2 / grain) * grain;
    if (mid > passRate && mid < failRate && !steps.some((q) => q.rate === mid)) {
      await sleep(1000);
      const step = await runStep(fleet, server, { rate: mid, durationMs: opts.durationMs, drainMs: opts.drainMs, lateDrainMs: opts.lateDrainMs });
      steps.push(step);
      opts.log(
        `  ${fleet.name} ${String(mid).padStart(6)} msg/s (refine): ack p99 ${step.ack.p99} ms, delivery p99 ${step.delivery.p99} ms, ` +
          `lost ${step.lost} dup ${step.duplicated} → ${step.pass ? 'pass' : `FAIL (${step.failReason})`}`,
      );
      if (step.pass) lastPass = step;
    }
  }
  return { target: fleet.name, steps, maxRate: lastPass?.rate ?? 0, lastPass, firstFail, truncated: firstFail === null };
}
