// The baselines' clients: the same citizens → operators traffic, the same frame bytes, through a
// bare `ws` relay, the same relay storing each frame in SQLite before forwarding it (durable
// relay: same protocol, so the same client) and a plain Socket.IO relay (bench/server-process.ts).
// The relay's echo to the sender stands for the acknowledgement; the copy an operator receives is
// the delivery.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io as ioClient, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { CLIENT_MAX_PAYLOAD, countAnomaly, type Fleet, messageFrameParts } from './fleet.js';
import { assertLoopback, pool, sleep, sourceAddress } from './net.js';
import { hex12, type Tracker } from './tracker.js';

const [FRAME_A, , FRAME_C] = messageFrameParts('', '');

export interface RelayFleetOptions {
  url: string;
  citizens: number;
  operators: number;
  tracker: Tracker;
}

interface RelayCitizen {
  room: string;
  frameB: string;
  operator: number;
}

function makeCitizens(n: number, operators: number, prefix: string): RelayCitizen[] {
  return Array.from({ length: n }, (_, c) => {
    const room = randomUUID();
    return { room, frameB: messageFrameParts(room, prefix)[1], operator: operators > 0 ? c % operators : -1 };
  });
}

function roomsOf(citizens: RelayCitizen[], operators: number): string[][] {
  const rooms: string[][] = Array.from({ length: operators }, () => []);
  for (const c of citizens) rooms[c.operator]!.push(c.room);
  return rooms;
}

/** Parses a relayed message.send frame: its client id and room. */
function idAndRoom(s: string): { clientMessageId?: string; conversationId?: string } {
  return JSON.parse(s) as { clientMessageId?: string; conversationId?: string };
}

export class WsRelayFleet implements Fleet {
  readonly anomalies = new Map<string, number>();
  private sockets: WebSocket[] = [];
  private operatorSockets: WebSocket[] = [];
  private closing = false;

  private constructor(
    readonly name: 'ws-relay' | 'durable-relay',
    private readonly citizens: RelayCitizen[],
    readonly tracker: Tracker,
  ) {}

  get citizenCount(): number {
    return this.citizens.length;
  }

  /** `name`: 'durable-relay' for the relay that stores each frame before forwarding it (same protocol). */
  static async create(opts: RelayFleetOptions & { name?: 'ws-relay' | 'durable-relay' }): Promise<WsRelayFleet> {
    assertLoopback(opts.url);
    const base = opts.url.replace(/^http/, 'ws');
    const fleet = new WsRelayFleet(opts.name ?? 'ws-relay', makeCitizens(opts.citizens, opts.operators, opts.tracker.prefix), opts.tracker);
    const open = (path: string, localAddress: string): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(base + path, { perMessageDeflate: false, maxPayload: CLIENT_MAX_PAYLOAD, localAddress, handshakeTimeout: 30_000 });
        ws.once('error', reject);
        ws.once('open', () => {
          ws.off('error', reject);
          ws.on('error', () => {});
          ws.on('close', () => {
            if (!fleet.closing) countAnomaly(fleet.anomalies, 'connection closed unexpectedly');
          });
          resolve(ws);
        });
      });
    if (opts.operators > 0) {
      const rooms = roomsOf(fleet.citizens, opts.operators);
      fleet.operatorSockets = await pool(opts.operators, 32, async (k) => {
        const ws = await open(`/o?rooms=${rooms[k]!.join(',')}`, sourceAddress(k + 3));
        ws.on('message', (data: Buffer) => {
          const now = performance.now();
          const f = idAndRoom(data.toString('utf8'));
          const i = fleet.tracker.indexOf(f.clientMessageId);
          const c = i >= 0 ? fleet.citizens[fleet.tracker.sender[i]!] : undefined;
          fleet.tracker.deliver(f.clientMessageId, now, c !== undefined && c.room === f.conversationId && c.operator === k);
        });
        return ws;
      });
    }
    fleet.sockets = await pool(opts.citizens, 256, async (c) => {
      const ws = await open(`/c/${fleet.citizens[c]!.room}`, sourceAddress(c));
      ws.on('message', (data: Buffer) => {
        const now = performance.now();
        fleet.tracker.ack(idAndRoom(data.toString('utf8')).clientMessageId, now);
      });
      return ws;
    });
    return fleet;
  }

  send(c: number, i: number): void {
    const hex = hex12(i);
    this.tracker.sender[i] = c;
    this.sockets[c]!.send(FRAME_A + hex + this.citizens[c]!.frameB + hex + FRAME_C);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const ws of this.sockets) ws.terminate();
    for (const ws of this.operatorSockets) ws.terminate();
    await sleep(100);
  }
}

export class SocketIoFleet implements Fleet {
  readonly name = 'socketio';
  readonly anomalies = new Map<string, number>();
  private sockets: Socket[] = [];
  private operatorSockets: Socket[] = [];
  private closing = false;

  private constructor(
    private readonly citizens: RelayCitizen[],
    readonly tracker: Tracker,
  ) {}

  get citizenCount(): number {
    return this.citizens.length;
  }

  static async create(opts: RelayFleetOptions): Promise<SocketIoFleet> {
    assertLoopback(opts.url);
    const fleet = new SocketIoFleet(makeCitizens(opts.citizens, opts.operators, opts.tracker.prefix), opts.tracker);
    const open = (auth: Record<string, unknown>, localAddress: string): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = ioClient(opts.url, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          timeout: 30_000,
          auth,
          // engine.io-client passes these to `ws` (not in its typings).
          ...({ localAddress, perMessageDeflate: false, maxPayload: CLIENT_MAX_PAYLOAD } as object),
        });
        socket.once('connect_error', reject);
        socket.once('connect', () => {
          socket.off('connect_error', reject);
          socket.on('disconnect', () => {
            if (!fleet.closing) countAnomaly(fleet.anomalies, 'connection closed unexpectedly');
          });
          resolve(socket);
        });
      });
    if (opts.operators > 0) {
      const rooms = roomsOf(fleet.citizens, opts.operators);
      fleet.operatorSockets = await pool(opts.operators, 32, async (k) => {
        const socket = await open({ rooms: rooms[k] }, sourceAddress(k + 3));
        socket.on('m', (s: string) => {
          const now = performance.now();
          const f = idAndRoom(s);
          const i = fleet.tracker.indexOf(f.clientMessageId);
          const c = i >= 0 ? fleet.citizens[fleet.tracker.sender[i]!] : undefined;
          fleet.tracker.deliver(f.clientMessageId, now, c !== undefined && c.room === f.conversationId && c.operator === k);
        });
        return socket;
      });
      // join() runs on the server after `connect`: give it a moment before traffic starts.
      await sleep(200);
    }
    fleet.sockets = await pool(opts.citizens, 256, async (c) => {
      const socket = await open({ room: fleet.citizens[c]!.room }, sourceAddress(c));
      socket.on('a', (s: string) => {
        const now = performance.now();
        fleet.tracker.ack(idAndRoom(s).clientMessageId, now);
      });
      return socket;
    });
    return fleet;
  }

  send(c: number, i: number): void {
    const hex = hex12(i);
    this.tracker.sender[i] = c;
    this.sockets[c]!.emit('m', FRAME_A + hex + this.citizens[c]!.frameB + hex + FRAME_C);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const s of this.sockets) s.disconnect();
    for (const s of this.operatorSockets) s.disconnect();
    await sleep(100);
  }
}
