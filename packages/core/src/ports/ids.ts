/** Identifier and secret generation. */
export interface IdGenerator {
  /** A random UUID v4. */
  uuid(): string;
  /** A URL-safe random secret with at least 256 bits of entropy. */
  secret(): string;
}

/** One-way hashing of bearer secrets before storage (tokens are high-entropy, so a fast hash suffices). */
export interface SecretHasher {
  hashSecret(secret: string): string;
}

/** Slow password hashing (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
