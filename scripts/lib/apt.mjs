// Debian package installation for the test provisioning (root only).
// `apt-get update` runs at most once per process, the first time an install is needed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

let updated = false;

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(cmd, args) {
  console.error(`[test] $ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.error) throw new Error(`${cmd} could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/**
 * apt-get install -y --no-install-recommends PACKAGES.
 * While installing, services are kept from starting (a temporary /usr/sbin/policy-rc.d
 * answering 101, unless one already exists) so that installing `postgresql` does not
 * leave a cluster running on the default port 5432.
 */
export function aptInstall(packages) {
  if (!isRoot()) throw new Error(`installing ${packages.join(' ')} needs root`);
  if (!updated) {
    run('apt-get', ['update', '-q']);
    updated = true;
  }
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages]);
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
}
