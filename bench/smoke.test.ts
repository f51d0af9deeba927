// The load generator's smoke run, as a test: a real Brigade (SQLite) in a child process, a few
// simulated citizens and operators, a couple of seconds of traffic and a small reconnect storm;
// then 200 conversations waiting with their citizens connected, and operators taking the next one.
// Correctness only: nothing lost, nothing duplicated; every waiting citizen has a position, the
// positions are 1..N in the queue's order and follow each take. Never fails on a latency or rate
// threshold.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface SmokeSummary {
  mode: string;
  lost: number;
  duplicated: number;
  misrouted: number;
  sqlite: { reconnectStorm: { missed: number; failed: number; gaps: number } } | null;
  routing: { waiting: number; checksPassed: boolean; problems: number } | null;
}

function runSmoke(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke'], {
      cwd: repoRoot,
      env: { ...process.env, BRIGADE_BENCH_INJECT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('bench --smoke: every message acknowledged and delivered exactly once', { timeout: 120_000 }, async () => {
  const { code, stdout, stderr } = await runSmoke();
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let summary: SmokeSummary;
  try {
    summary = JSON.parse(last) as SmokeSummary;
  } catch {
    throw new Error(`no JSON summary on the last line (exit ${code}):\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
  }
  expect(summary.mode).toBe('smoke');
  expect(summary.lost).toBe(0);
  expect(summary.duplicated).toBe(0);
  expect(summary.misrouted).toBe(0);
  expect(summary.sqlite?.reconnectStorm.missed).toBe(0);
  expect(summary.sqlite?.reconnectStorm.failed).toBe(0);
  expect(summary.sqlite?.reconnectStorm.gaps).toBe(0);
  expect(summary.routing?.waiting).toBe(200);
  expect(summary.routing?.problems).toBe(0);
  expect(summary.routing?.checksPassed).toBe(true);
  expect(code).toBe(0);
});

test('bench --smoke: the checker notices lost and duplicated messages (injected faults)', { timeout: 120_000 }, async () => {
  const { code, stdout } = await runSmoke({ BRIGADE_BENCH_INJECT: 'faults' });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SmokeSummary;
  expect(summary.lost).toBeGreaterThan(0);
  expect(summary.duplicated).toBeGreaterThan(0);
  // One queue.position ignored: the routing check must notice the citizen left behind.
  expect(summary.routing?.checksPassed).toBe(false);
  expect(code).not.toBe(0);
});
