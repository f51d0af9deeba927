#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the
// server (SQLite in ./data by default). `npm run dev` does the same with a file watcher.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'packages/web/dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = [join(root, 'packages/web'), join(root, 'packages/protocol/src')];
const stale = !existsSync(dist) || sources.some((dir) => newestMtime(dir) > statSync(dist).mtimeMs);
if (stale) {
  process.stdout.write('Building the web app…\n');
  const build = spawnSync('npm', ['run', 'build', '-w', '@brigade/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dev = process.argv.includes('--dev');
const main = join(root, 'packages/server/src/main.ts');
// `node --import tsx` runs the server in this one child process (the tsx CLI would fork again).
const args = dev ? [join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', main] : ['--import', 'tsx', main];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
