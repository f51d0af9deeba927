// Entry of the SQLite message-append thread: worker threads do not inherit `--import tsx`, so
// this registers tsx here before loading the TypeScript entry named by the main thread.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
