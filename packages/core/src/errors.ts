import type { ErrorCode } from '@brigade/protocol';

/** A failure the domain expects; its code belongs to the closed catalogue in @brigade/protocol. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** For `request/rate_limited`: how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
