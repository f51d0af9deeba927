import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateStaffRequest } from '@brigade/protocol';
import { argon2Passwords, cryptoIds, systemClock } from '../adapters/crypto.js';
import { startBrigade } from '../brigade.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';

export interface TestServer {
  url: string;
  setupToken: string | null;
  /** Creates a staff account directly (test setup, bypassing the admin UI). */
  createStaff(input: CreateStaffRequest): Promise<{ id: string }>;
  close(): Promise<void>;
}

/** A real Brigade on a free port, on a fresh SQLite file unless a database URL is given. */
export async function startTestServer(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'brigade-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.BRIGADE_TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  });
  const logger = createLogger(config.logLevel);
  const brigade = await startBrigade(config, { logger });
  const { staff } = brigade.context.staffDeps;
  return {
    url: brigade.url,
    setupToken: brigade.setupToken,
    async createStaff(input) {
      const id = cryptoIds.uuid();
      const created = await staff.create({
        id,
        username: input.username,
        passwordHash: await argon2Passwords.hash(input.password),
        rank: input.rank,
        firstName: input.firstName,
        roles: input.roles,
        disabled: false,
        createdAt: systemClock.now().toISOString(),
      });
      if (!created) throw new Error(`username ${input.username} is taken`);
      brigade.context.setup.tokenHash = null;
      return { id };
    },
    async close() {
      await brigade.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
