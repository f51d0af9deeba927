// Entry of the durable relay's SQLite append thread (bench/lib/durable-append.worker.ts, started by
// durableLog in bench/server-process.ts): worker threads do not inherit `--import tsx` on Node 20,
// so this registers tsx in the thread first, then loads the TypeScript entry named by the main
// thread — as packages/server/src/stores/sqlite-append.boot.mjs does for Brigade's.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
