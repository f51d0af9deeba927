// Memory per idle citizen connection: server RSS delta / connections, in a fresh server process.
import { BrigadeFleet } from './brigade-fleet.js';
import type { Fleet } from './fleet.js';
import { closeHttpAgents, sleep } from './net.js';
import { SocketIoFleet, WsRelayFleet } from './relay-fleets.js';
import type { MemoryStats, ServerChild } from './server-child.js';
import { Tracker } from './tracker.js';

export interface IdlePoint {
  connections: number;
  rssDelta: number;
  heapDelta: number;
  heapTotalDelta: number;
  externalDelta: number;
  youngGenerationDelta: number;
  /** RSS delta minus the young generation's growth, per connection. */
  bytesPerConnectionExclYoungGen: number;
  bytesPerConnection: number;
  heapBytesPerConnection: number;
}

/** The server left alone with its idle connections for a while: what its own timers cost. */
export interface IdleQuiet {
  connections: number;
  windowMs: number;
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  /** Server CPU (every thread) per second of the window. */
  cpuMsPerSecond: number;
}

export interface IdleResult {
  target: string;
  baselineRss: number;
  points: IdlePoint[];
  /** Absent when not measured (short modes, or the ws relay, which has no heartbeat). */
  quiet?: IdleQuiet;
}

const WARMUP = 100;

async function settle(server: ServerChild): Promise<MemoryStats> {
  await sleep(500);
  await server.memory();
  await sleep(200);
  return server.memory();
}

/**
 * Leaves the server alone with its connections for `ms` and reads its event-loop delay and CPU.
 * Long enough for a whole heartbeat period (Brigade pings every 30 s, Socket.IO every 25 s), so a
 * server that pings every connection at once shows it here as one long stall.
 */
async function quietWindow(server: ServerChild, connections: number, ms: number, log: (l: string) => void, name: string): Promise<IdleQuiet> {
  await server.windowStart();
  await sleep(ms);
  const w = await server.windowStop();
  const quiet: IdleQuiet = {
    connections,
    windowMs: Math.round(w.elapsedMs),
    eventLoopDelayMaxMs: Math.round(w.eventLoopDelayMs.max * 10) / 10,
    eventLoopDelayP99Ms: Math.round(w.eventLoopDelayMs.p99 * 10) / 10,
    cpuMsPerSecond: Math.round(((w.cpuUserUs + w.cpuSystemUs) / 1000 / (w.elapsedMs / 1000)) * 10) / 10,
  };
  log(
    `  ${name}: ${connections} idle connections left alone ${(ms / 1000).toFixed(0)} s: event-loop delay p99 ${quiet.eventLoopDelayP99Ms} ms, ` +
      `max ${quiet.eventLoopDelayMaxMs} ms; server CPU ${quiet.cpuMsPerSecond} ms/s`,
  );
  return quiet;
}

function point(base: MemoryStats, now: MemoryStats, connections: number): IdlePoint {
  const rssDelta = now.rss - base.rss;
  const heapDelta = now.heapUsed - base.heapUsed;
  return {
    connections,
    rssDelta,
    heapDelta,
    heapTotalDelta: now.heapTotal - base.heapTotal,
    externalDelta: now.external - base.external,
    youngGenerationDelta: now.youngGeneration - base.youngGeneration,
    bytesPerConnectionExclYoungGen: Math.round((rssDelta - (now.youngGeneration - base.youngGeneration)) / connections),
    bytesPerConnection: Math.round(rssDelta / connections),
    heapBytesPerConnection: Math.round(heapDelta / connections),
  };
}

/** Starts the conversations the idle measure will connect (setup: may overlap other setup work). */
export async function prepareIdleBrigade(server: ServerChild, counts: number[], log: (l: string) => void): Promise<BrigadeFleet> {
  const max = Math.max(...counts);
  const fleet = BrigadeFleet.empty({ server, tracker: new Tracker(16) });
  const t0 = performance.now();
  await fleet.startConversations(WARMUP + max);
  log(`  idle: ${WARMUP + max} conversations started on the idle-memory server (${Math.round(performance.now() - t0)} ms)`);
  return fleet;
}

/** Idle Brigade citizens: each connected, said hello, synced its conversation, then silent. */
export async function idleBrigade(server: ServerChild, counts: number[], log: (l: string) => void, prepared?: BrigadeFleet, quietMs = 0): Promise<IdleResult> {
  const fleet = prepared ?? (await prepareIdleBrigade(server, counts, log));
  closeHttpAgents();
  // Warm-up: connect and close a few, so code paths are compiled before the baseline.
  await fleet.connectCitizens(0, WARMUP);
  fleet.disconnectCitizens(0, WARMUP);
  const base = await settle(server);
  const points: IdlePoint[] = [];
  let connected = 0;
  for (const count of [...counts].sort((a, b) => a - b)) {
    const t = performance.now();
    await fleet.connectCitizens(WARMUP + connected, WARMUP + count);
    connected = count;
    const p = point(base, await settle(server), count);
    points.push(p);
    log(
      `  brigade: ${count} idle citizens (${Math.round(performance.now() - t)} ms to connect): ${p.bytesPerConnection} B/connection RSS, ` +
        `${p.heapBytesPerConnection} B JS heap used; young generation grew ${(p.youngGenerationDelta / 2 ** 20).toFixed(1)} MiB → ${p.bytesPerConnectionExclYoungGen} B/connection without it`,
    );
  }
  const quiet = quietMs > 0 ? await quietWindow(server, connected, quietMs, log, 'brigade') : undefined;
  await fleet.close();
  return { target: 'brigade', baselineRss: base.rss, points, ...(quiet ? { quiet } : {}) };
}

/** Idle relay connections (citizen side only). */
export async function idleRelay(server: ServerChild, kind: 'ws-relay' | 'socketio', counts: number[], log: (l: string) => void, quietMs = 0): Promise<IdleResult> {
  const make = (n: number): Promise<Fleet> =>
    kind === 'ws-relay'
      ? WsRelayFleet.create({ url: server.url, citizens: n, operators: 0, tracker: new Tracker(16) })
      : SocketIoFleet.create({ url: server.url, citizens: n, operators: 0, tracker: new Tracker(16) });
  const warm = await make(WARMUP);
  await warm.close();
  const base = await settle(server);
  const fleets: Fleet[] = [];
  const points: IdlePoint[] = [];
  let connected = 0;
  for (const count of [...counts].sort((a, b) => a - b)) {
    fleets.push(await make(count - connected));
    connected = count;
    const p = point(base, await settle(server), count);
    points.push(p);
    log(
      `  ${kind}: ${count} idle connections: ${p.bytesPerConnection} B/connection RSS, ${p.heapBytesPerConnection} B JS heap; ` +
        `${p.bytesPerConnectionExclYoungGen} B/connection without the young generation's growth`,
    );
  }
  const quiet = quietMs > 0 ? await quietWindow(server, connected, quietMs, log, kind) : undefined;
  for (const f of fleets) await f.close();
  return { target: kind, baselineRss: base.rss, points, ...(quiet ? { quiet } : {}) };
}
