#!/usr/bin/env node
// `npm test`: provisions what the tests need, builds the web front end, runs vitest once
// over the whole repo, and ends with the plain line `N passed, N failed[, N skipped]`
// (CI reads that line). Nothing is ever skipped silently: a provisioning failure fails the run.
//
//   npm test                     everything
//   npm test -- packages/core    extra args go to vitest (file filters, --project server, -t name…)
//   BRIGADE_TEST_SKIP_STATIC=1   skips the typecheck and lint (quick local iterations only)
//
// Environment:
//   CHROMIUM_PATH=/path          use this Chromium instead of /usr/bin/chromium (no install)
//   BRIGADE_TEST_PG_URL=url      use this PostgreSQL (user must be allowed to CREATE DATABASE)
//                                instead of starting a throw-away server
//   BRIGADE_TEST_SKIP_BUILD=1    skip `npm run build -w @brigade/web` (quick local iterations;
//                                the e2e tests then serve whatever packages/web/dist holds)
//
// Exported to the tests: BRIGADE_CHROMIUM (Chromium executable), BRIGADE_TEST_PG_URL.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionChromium } from './lib/chromium.mjs';
import { startPostgres } from './lib/postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = join(root, '.test-output');
const jsonFile = join(outputDir, 'vitest.json');

let pg = null; // { url, dir, stop } of the server we started
let child = null; // the running child process, if any
let interrupted = null; // signal name once we got SIGINT/SIGTERM

function cleanup() {
  try {
    pg?.stop();
  } catch (e) {
    console.error(`[test] could not stop PostgreSQL: ${e.message}`);
  }
  pg = null;
}

/** Ends the run: cleans up, prints the summary as the very last line, exits. */
function finish(summary, code) {
  cleanup();
  console.log(summary);
  process.exit(code);
}

function fail(message) {
  console.error(`\n[test] ERROR: ${message}`);
  finish('0 passed, 1 failed', 1);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) return fail(`interrupted twice (${sig}): giving up`);
    interrupted = sig;
    console.error(`\n[test] ${sig}: stopping (again to force)`);
    // The child is stopped; main() notices `interrupted` at its next step, then cleans up.
    if (child && child.exitCode === null) killGroup(child, sig);
  });
}
process.on('exit', cleanup); // last resort (e.g. an unexpected throw); stop() is idempotent

/** Signals the child's whole process group (vitest's forked workers, npm's script…). */
function killGroup(proc, sig) {
  try {
    process.kill(-proc.pid, sig);
  } catch {
    proc.kill(sig);
  }
}

/**
 * Runs a command in its own process group (so that an interruption can stop all of it),
 * with our stdio; resolves to its exit code.
 */
function run(cmd, args, env) {
  return new Promise((resolve) => {
    console.error(`[test] $ ${cmd} ${args.join(' ')}`);
    child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', detached: true });
    child.on('error', (e) => {
      console.error(`[test] ${cmd} could not be run: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      // Whatever the command left behind in its group goes with it (e.g. a stray worker).
      if (child) killGroup(child, 'SIGKILL');
      resolve(code ?? 128 + (osConstants.signals[signal] ?? 0));
    });
  }).finally(() => {
    child = null;
  });
}

async function main() {
  const env = { ...process.env };

  // 1. Chromium
  try {
    env.BRIGADE_CHROMIUM = provisionChromium();
  } catch (e) {
    return fail(`Chromium provisioning failed: ${e.message}`);
  }
  if (interrupted) return fail(`interrupted by ${interrupted}`);

  // 2. PostgreSQL
  if (process.env.BRIGADE_TEST_PG_URL) {
    console.error('[test] using the PostgreSQL given by BRIGADE_TEST_PG_URL');
  } else {
    try {
      pg = await startPostgres();
      env.BRIGADE_TEST_PG_URL = pg.url;
    } catch (e) {
      return fail(`PostgreSQL provisioning failed: ${e.message}`);
    }
  }
  if (interrupted) return fail(`interrupted by ${interrupted}`);

  // 3. Web front end (the e2e tests serve its build)
  if (process.env.BRIGADE_TEST_SKIP_BUILD === '1') {
    console.error('[test] BRIGADE_TEST_SKIP_BUILD=1: not building @brigade/web');
  } else {
    const code = await run('npm', ['run', 'build', '-w', '@brigade/web'], env);
    if (interrupted) return fail(`interrupted by ${interrupted}`);
    if (code !== 0) return fail(`the web build failed (npm run build -w @brigade/web exited with ${code})`);
  }

  // 4. Static checks, counted as one check each: types across every package, and type-aware lint.
  const staticChecks = [];
  if (process.env.BRIGADE_TEST_SKIP_STATIC === '1') console.error('[test] BRIGADE_TEST_SKIP_STATIC=1: no typecheck or lint');
  else {
    for (const [name, args] of [
      ['typecheck', ['run', 'typecheck']],
      ['lint', ['run', 'lint']],
    ]) {
      const code = await run('npm', args, env);
      if (interrupted) return fail(`interrupted by ${interrupted}`);
      staticChecks.push({ name, ok: code === 0 });
      if (code !== 0) console.error(`[test] ${name} FAILED (npm ${args.join(' ')} exited with ${code})`);
    }
  }

  // 5. vitest, once, over every project (`npx vitest run …` plus our arguments)
  mkdirSync(outputDir, { recursive: true });
  rmSync(jsonFile, { force: true }); // a stale report must not stand in for a crashed run
  // vitest's own bin, run with node: what `npx vitest` runs, without npx in between.
  const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  if (!existsSync(vitestBin)) return fail(`vitest is not installed (${vitestBin} missing): run \`npm ci\``);
  const vitestCode = await run(
    process.execPath,
    [
      vitestBin,
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${jsonFile}`,
      ...process.argv.slice(2),
    ],
    env,
  );
  if (interrupted) return fail(`interrupted by ${interrupted} (vitest exited with ${vitestCode})`);

  // 5. Summary
  if (!existsSync(jsonFile)) {
    return fail(`vitest wrote no report (${jsonFile}); it exited with ${vitestCode}`);
  }
  let report;
  try {
    report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch (e) {
    return fail(`cannot read vitest's report ${jsonFile}: ${e.message}`);
  }
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that fails to load (syntax error, failing beforeAll, import error) has no
  // failed test of its own: count each such file as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  for (const f of brokenFiles) console.error(`[test] failed file (no test ran or hook failed): ${f.name}`);
  failed += brokenFiles.length;
  if (vitestCode !== 0 && failed === 0) {
    // e.g. unhandled errors, or vitest killed: never report a failing run as all green.
    console.error(`[test] vitest exited with ${vitestCode} although no test failed (unhandled error?)`);
    failed = 1;
  }
  if (passed === 0) console.error('[test] ERROR: no test passed: a run without tests is a failure');

  const staticFailed = staticChecks.filter((c) => !c.ok).length;
  const allPassed = passed + staticChecks.length - staticFailed;
  failed += staticFailed;
  const ok = vitestCode === 0 && failed === 0 && passed > 0 && !interrupted;
  finish(`${allPassed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`, ok ? 0 : 1);
}

main().catch((e) => fail(e?.stack ?? String(e)));
