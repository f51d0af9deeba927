import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateStaffRequest } from '@brigade/protocol';
import { DEFAULT_CAPACITY, STAFF_SESSION_COOKIE } from '@brigade/protocol';
import { DEFAULT_OPERATOR_TOPICS } from '@brigade/core';
import { generateSecret } from 'otplib';
import { argon2Passwords, cryptoIds, sha256Secrets, systemClock } from '../adapters/crypto.js';
import { startBrigade } from '../brigade.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';

export interface TestServer {
  url: string;
  setupToken: string | null;
  /**
   * Creates a staff account directly (test setup, bypassing the admin UI) with an authenticator
   * app already enrolled; `totpSecret` lets a test compute codes as the person's phone would.
   */
  createStaff(input: CreateStaffRequest, options?: { withTotp?: boolean }): Promise<{ id: string; totpSecret: string | null }>;
  /** A fully authenticated session for a username, as after password + second factor: the `brigade_staff=…` pair. */
  signIn(username: string): Promise<string>;
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
  const { staff, factors, sessions } = brigade.context.staffDeps;
  return {
    url: brigade.url,
    setupToken: brigade.setupToken,
    async createStaff(input, { withTotp = true } = {}) {
      const id = cryptoIds.uuid();
      const now = systemClock.now().toISOString();
      const created = await staff.create({
        id,
        username: input.username,
        passwordHash: await argon2Passwords.hash(input.password),
        rank: input.rank,
        firstName: input.firstName,
        roles: input.roles,
        disabled: false,
        createdAt: now,
        capacity: input.capacity ?? DEFAULT_CAPACITY,
        topics: [...(input.topics ?? DEFAULT_OPERATOR_TOPICS)],
        serviceId: input.serviceId ?? null,
        availability: 'available',
      });
      if (!created) throw new Error(`username ${input.username} is taken`);
      brigade.context.setup.tokenHash = null;
      if (!withTotp) return { id, totpSecret: null };
      const totpSecret = generateSecret({ length: 20 });
      await factors.add({
        id: cryptoIds.uuid(),
        staffId: id,
        kind: 'totp',
        label: 'test phone',
        createdAt: now,
        lastUsedAt: null,
        totpSecret,
        totpLastStep: null,
        credentialId: null,
        publicKey: null,
        signCount: null,
        transports: [],
      });
      return { id, totpSecret };
    },
    async signIn(username) {
      const member = await staff.findByUsername(username);
      if (!member) throw new Error(`no account ${username}`);
      const token = cryptoIds.secret();
      const now = systemClock.now();
      await sessions.create({
        id: cryptoIds.uuid(),
        tokenHash: sha256Secrets.hashSecret(token),
        staffId: member.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + config.staffSessionTtlMs).toISOString(),
        stage: 'full',
        lastSeenAt: now.toISOString(),
        stepUpAt: now.toISOString(),
        address: '127.0.0.1',
        userAgent: 'test',
        pending: null,
      });
      return `${STAFF_SESSION_COOKIE}=${token}`;
    },
    async close() {
      await brigade.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
