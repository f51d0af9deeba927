/** RFC 6238 time-based one-time passwords. */
export interface TotpPort {
  /** A new random base32 secret (≥ 160 bits). */
  newSecret(): string;
  /** The otpauth:// URI an authenticator app scans. */
  uri(accountName: string, secret: string): string;
  /** Verifies a code at `now`, allowing one step of clock drift; `timeStep` identifies the code for replay checks. */
  verify(secret: string, code: string, now: Date): Promise<{ valid: boolean; timeStep: number }>;
}

/** The relying party a WebAuthn ceremony is bound to: this site's origin and host. */
export interface RelyingParty {
  origin: string;
  id: string;
  name: string;
}

/** WebAuthn ceremonies (options are opaque JSON for the browser). */
export interface WebAuthnPort {
  registrationOptions(
    rp: RelyingParty,
    user: { id: string; name: string; displayName: string },
    exclude: string[],
  ): Promise<{ options: unknown; challenge: string }>;
  verifyRegistration(
    rp: RelyingParty,
    response: unknown,
    expectedChallenge: string,
  ): Promise<{ credentialId: string; publicKey: string; signCount: number; transports: string[] } | null>;
  authenticationOptions(rp: RelyingParty, allow: { credentialId: string; transports: string[] }[]): Promise<{ options: unknown; challenge: string }>;
  /** The credential id a browser response claims (to look the factor up), or null if malformed. */
  credentialIdOf(response: unknown): string | null;
  verifyAuthentication(
    rp: RelyingParty,
    response: unknown,
    expectedChallenge: string,
    credential: { credentialId: string; publicKey: string; signCount: number; transports: string[] },
  ): Promise<{ signCount: number } | null>;
}

/** Growing delays against guessing, keyed by account and by address. */
export interface LoginThrottle {
  /** Milliseconds to wait before another attempt is allowed for any of these keys (0 = allowed). */
  retryAfterMs(keys: string[], now: Date): number;
  recordFailure(keys: string[], now: Date): void;
  recordSuccess(keys: string[]): void;
}

/** The list of common passwords shipped with the project. */
export interface CommonPasswords {
  has(lowercased: string): boolean;
}
