// Parent side of bench/server-process.ts: fork it, wait for its URL, send it commands.
import { type ChildProcess, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServerKind, StaffAccountForBench } from '../server-process.js';

export type { ServerKind };

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../server-process.ts', import.meta.url));

export interface WindowStats {
  elapsedMs: number;
  /** CPU of the whole server process, every thread (process.cpuUsage). */
  cpuUserUs: number;
  cpuSystemUs: number;
  /**
   * The main thread's busy time over the window: event-loop utilisation's `active` (wall time
   * outside the poll wait, so also time it was ready but waiting for a core). Absent in results
   * written before it was measured.
   */
  mainThreadBusyMs?: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number };
}

export interface MemoryStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Resident size of V8's young generation (grows with the allocation rate, not with connections). */
  youngGeneration: number;
}

export class ServerChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    readonly kind: ServerKind,
    readonly url: string,
    readonly pid: number,
    private readonly child: ChildProcess,
    /** A temporary directory the server removes when it stops; removed here if it did not. */
    private readonly tempDir: string | null,
  ) {
    child.on('message', (raw: unknown) => {
      const msg = raw as { id?: number; ok?: boolean; result?: unknown; error?: string };
      if (typeof msg.id !== 'number') return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`${kind}: ${msg.error}`));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.removeTempDir();
      for (const p of this.pending.values()) p.reject(new Error(`${kind} server exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  /** Forks a server; `instrumentSqlite` times every SQLite statement (diagnostic runs only). */
  static async start(kind: ServerKind, options: { databaseUrl?: string; instrumentSqlite?: boolean; timeoutMs?: number } = {}): Promise<ServerChild> {
    // BRIGADE_BENCH_SERVER_NODE_ARGS adds Node/V8 flags to the servers (debugging, e.g. "--trace-gc",
    // which NODE_OPTIONS refuses); with BRIGADE_BENCH_LOG_LEVEL set, their stdout reaches stderr.
    const extra = (process.env.BRIGADE_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const execArgv = ['--import', 'tsx', '--expose-gc', ...extra];
    const args: string[] = [kind];
    if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
    if (options.instrumentSqlite) args.push('--instrument-sqlite');
    // BRIGADE_BENCH_LOG_LEVEL=error (or info…) shows the server's own logs on stderr (debugging).
    const logs = Boolean(process.env.BRIGADE_BENCH_LOG_LEVEL);
    const child = fork(SCRIPT, args, { cwd: REPO_ROOT, execArgv, stdio: ['ignore', logs ? 'pipe' : 'ignore', 'inherit', 'ipc'] });
    child.stdout?.pipe(process.stderr);
    const ready = await new Promise<{ url: string; pid: number; tempDir: string | null }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${kind} server did not start within ${options.timeoutMs ?? 60_000} ms`));
      }, options.timeoutMs ?? 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${kind} server exited during startup (code ${code})`));
      });
      const onMessage = (raw: unknown): void => {
        const msg = raw as { type?: string; url?: string; pid?: number; tempDir?: string };
        if (msg.type !== 'ready' || !msg.url) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve({ url: msg.url, pid: msg.pid ?? child.pid ?? 0, tempDir: msg.tempDir ?? null });
      };
      child.on('message', onMessage);
    });
    child.removeAllListeners('exit');
    return new ServerChild(kind, ready.url, ready.pid, child, ready.tempDir);
  }

  request<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.kind} server has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.kind}: ${cmd} timed out`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, cmd, ...args });
    });
  }

  memory(): Promise<MemoryStats> {
    return this.request('memory');
  }
  connections(): Promise<number> {
    return this.request('connections');
  }
  windowStart(): Promise<null> {
    return this.request('windowStart');
  }
  windowStop(): Promise<WindowStats> {
    return this.request('windowStop');
  }
  profileStart(): Promise<null> {
    return this.request('profileStart');
  }
  /** The .cpuprofile JSON of the window since profileStart. */
  profileStop(): Promise<string> {
    return this.request('profileStop', {}, 300_000);
  }
  heapSampleStart(): Promise<null> {
    return this.request('heapSampleStart');
  }
  /** The sampling heap profile (JSON) of allocations since heapSampleStart that are still alive. */
  heapSampleStop(): Promise<string> {
    return this.request('heapSampleStop', {}, 300_000);
  }
  sqlStatsReset(): Promise<null> {
    return this.request('sqlStatsReset');
  }
  sqlStats(): Promise<{ sql: string; prepares: number; prepareUs: number; runs: number; runUs: number; maxRunUs: number }[]> {
    return this.request('sqlStats');
  }
  /** Operator accounts, each with an enrolled authenticator (TOTP secret returned). */
  createStaff(count: number, prefix: string, password: string): Promise<StaffAccountForBench[]> {
    return this.request('createStaff', { count, prefix, password }, 300_000);
  }

  /** Asks the server to close and exit; kills it (by pid) if it does not within the delay. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.request('close', {}, timeoutMs).catch(() => {});
    const timer = setTimeout(() => {
      if (!this.exited) this.child.kill('SIGKILL');
    }, timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    this.removeTempDir();
  }

  private removeTempDir(): void {
    if (!this.tempDir) return;
    try {
      rmSync(this.tempDir, { recursive: true, force: true });
    } catch {
      /* best effort: it lives under the OS temporary directory */
    }
  }
}
