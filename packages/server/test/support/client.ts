import { randomUUID } from 'node:crypto';
import { type ClientFrame, PROTOCOL_VERSION, REALTIME_PATH, type ServerFrame, serverFrameSchema } from '@brigade/protocol';
import WebSocket from 'ws';

type Waiter = { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/** A real `ws` client speaking Brigade's protocol, recording every frame it receives. */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  private waiters: Waiter[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly closedPromise: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = serverFrameSchema.safeParse(JSON.parse(String(data)));
      if (!parsed.success) throw new Error(`server sent an invalid frame: ${String(data)}`);
      const frame = parsed.data;
      this.frames.push(frame);
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          clearTimeout(w.timer);
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(frame);
        }
      }
    });
    this.closedPromise = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closed = { code, reason: reason.toString() };
        for (const w of this.waiters) {
          clearTimeout(w.timer);
          w.reject(new Error(`socket closed (${code}) while waiting`));
        }
        this.waiters = [];
        resolve(this.closed);
      });
    });
  }

  static open(baseUrl: string, options: { cookie?: string; origin?: string } = {}): Promise<TestSocket> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + REALTIME_PATH, {
      headers,
      ...(options.origin ? { origin: options.origin } : {}),
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  /** Opens a socket and completes the hello handshake. */
  static async connect(baseUrl: string, auth: { cookie?: string; citizenToken?: string }): Promise<TestSocket> {
    const socket = await TestSocket.open(baseUrl, auth.cookie ? { cookie: auth.cookie } : {});
    const ready = await socket.request({
      type: 'session.hello',
      requestId: randomUUID(),
      protocolVersion: PROTOCOL_VERSION,
      ...(auth.citizenToken ? { citizenToken: auth.citizenToken } : {}),
    });
    if (ready.type !== 'session.ready') throw new Error(`hello failed: ${JSON.stringify(ready)}`);
    return socket;
  }

  send(frame: ClientFrame | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** The first frame matching `match`, already received or still to come. */
  waitFor(match: (f: ServerFrame) => boolean, timeoutMs = 5000): Promise<ServerFrame> {
    const past = this.frames.find(match);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`timed out waiting for a frame; got ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push({ match, resolve, reject, timer });
    });
  }

  /** Sends a request frame and resolves with the frame that answers its requestId. */
  request(frame: ClientFrame & { requestId: string }): Promise<ServerFrame> {
    const answer = this.waitForNew((f) => 'requestId' in f && f.requestId === frame.requestId);
    this.send(frame);
    return answer;
  }

  /** Like waitFor, but only frames received from now on. */
  private waitForNew(match: (f: ServerFrame) => boolean): Promise<ServerFrame> {
    const from = this.frames.length;
    return this.waitFor((f) => match(f) && this.frames.indexOf(f) >= from);
  }

  ofType<T extends ServerFrame['type']>(type: T): Extract<ServerFrame, { type: T }>[] {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: T }> => f.type === type);
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    return this.closedPromise;
  }

  close(): Promise<{ code: number; reason: string }> {
    if (!this.closed) this.ws.close();
    return this.closedPromise;
  }
}

export const rid = (): string => randomUUID();
