import { startBrigade } from './brigade.js';
import { loadConfig } from './config.js';

/** Composition root: configuration from the environment, then start, then stop cleanly on signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  const brigade = await startBrigade(config);
  const out = process.stdout;
  out.write(`\n  Brigade is running at ${brigade.url}\n`);
  out.write(`    citizen chat:   ${brigade.url}/\n`);
  out.write(`    staff console:  ${brigade.url}/console\n`);
  if (brigade.setupToken) {
    // Printed, never logged: the fragment (#) keeps the token out of server and proxy logs.
    out.write(`\n  First start: create the first administrator with this one-time link:\n    ${brigade.url}/setup#token=${brigade.setupToken}\n`);
  }
  out.write('\n');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    brigade.context.logger.info({ signal }, 'shutting down');
    brigade.close().then(
      () => process.exit(0),
      (error: unknown) => {
        brigade.context.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Brigade failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
