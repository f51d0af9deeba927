// Loopback-only networking helpers: source-address spreading, small HTTP client, bounded pools.
import { Agent, request } from 'node:http';

/** Source addresses the generator spreads its connections over (one can open ~28k to one port). */
export const SOURCE_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9'];

export function sourceAddress(i: number): string {
  return SOURCE_ADDRESSES[i % SOURCE_ADDRESSES.length]!;
}

/** Refuses anything but a loopback target: this tool must never load another machine. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`bench targets loopback only, not ${host}`);
  }
}

const agents = new Map<string, Agent>();
function agentFor(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 8, localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
}

/** Closes kept-alive HTTP sockets (they would count as server connections). */
export function closeHttpAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function postJson(baseUrl: string, path: string, body: unknown, localAddress: string, cookie?: string): Promise<HttpResult> {
  assertLoopback(baseUrl);
  const url = new URL(path, baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: agentFor(localAddress),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(cookie ? { cookie } : {}) },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs fn(0..n-1) with at most `concurrency` in flight; rejects on the first failure. */
export async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The `name=value` pair of a Set-Cookie header for this cookie name, if any. */
export function cookieFrom(headers: HttpResult['headers'], name: string): string | null {
  const set = headers['set-cookie'];
  const found = (Array.isArray(set) ? set : set ? [set] : []).find((v) => v.startsWith(`${name}=`));
  return found ? found.split(';')[0]! : null;
}
