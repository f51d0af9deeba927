// Chromium for the browser (e2e) tests: Debian's package, driven by playwright-core.
// Never `playwright install` (no network besides the registries).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall, isRoot } from './apt.mjs';

const DEFAULT_PATH = '/usr/bin/chromium';

/**
 * Returns the path of a working Chromium executable, installing Debian's `chromium`
 * package when missing and running as root. Env CHROMIUM_PATH overrides the path
 * (it is then never installed). Throws with a clear message otherwise.
 */
export function provisionChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return check(override);
  }
  if (!existsSync(DEFAULT_PATH)) {
    if (!isRoot()) {
      throw new Error(
        `Chromium is missing (${DEFAULT_PATH}). Install it with ` +
          '`sudo apt-get install -y --no-install-recommends chromium`, ' +
          'or set CHROMIUM_PATH to a Chromium executable.',
      );
    }
    console.error('[test] Chromium missing: installing Debian package chromium');
    aptInstall(['chromium']);
    if (!existsSync(DEFAULT_PATH)) throw new Error(`apt-get installed chromium but ${DEFAULT_PATH} is still missing`);
  }
  return check(DEFAULT_PATH);
}

function check(path) {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) {
    throw new Error(`Chromium at ${path} does not run: ${r.error?.message ?? (r.stderr || `exit ${r.status}`)}`);
  }
  console.error(`[test] ${r.stdout.trim()} (${path})`);
  return path;
}

// Standalone: `node scripts/lib/chromium.mjs` prints the path.
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(provisionChromium());
  } catch (e) {
    console.error(`[test] ERROR: ${e.message}`);
    process.exit(1);
  }
}
