// One vitest run over the whole repo (run it through `npm test`, which provisions
// Chromium and PostgreSQL and builds the web front end: see scripts/test.mjs).
// Select a project with `npm test -- --project core`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A project with no test file yet must not fail the run; scripts/test.mjs still fails
    // the run when no test at all passed.
    passWithNoTests: true,
    projects: [
      {
        test: {
          name: 'protocol',
          include: ['packages/protocol/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'core',
          include: ['packages/core/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'web',
          include: ['packages/web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts', 'packages/server/src/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'bench',
          include: ['bench/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser-driven file at a time: the machine has 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
