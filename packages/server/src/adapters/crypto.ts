import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock, IdGenerator, PasswordHasher, SecretHasher } from '@brigade/core';
import { hash, verify } from '@node-rs/argon2';

export const systemClock: Clock = { now: () => new Date() };

export const cryptoIds: IdGenerator = {
  uuid: () => randomUUID(),
  secret: () => randomBytes(32).toString('base64url'),
};

/** Tokens carry 256 random bits, so SHA-256 is enough to store them without a slow hash. */
export const sha256Secrets: SecretHasher = {
  hashSecret: (secret) => createHash('sha256').update(secret).digest('base64url'),
};

// OWASP's minimum argon2id parameters: 19 MiB, 2 iterations, 1 lane. The library's default
// algorithm is argon2id (its const enum cannot be imported under verbatimModuleSyntax).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const argon2Passwords: PasswordHasher = {
  hash: (password) => hash(password, ARGON2),
  verify: async (stored, password) => {
    try {
      return await verify(stored, password);
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  },
};
