// JSON over fetch, same origin. Answers are parsed with the protocol's schemas; an error body
// becomes an ApiError carrying the catalogue code, which the UI translates.
import { errorBodySchema, type ErrorCode } from '@brigade/protocol';

export class ApiError extends Error {
  constructor(
    /** null when the server could not be reached at all. */
    readonly code: ErrorCode | null,
    readonly correlationId: string | undefined = undefined,
    readonly issues: readonly { path: string; message: string }[] = [],
    /** The whole error body, for answers that carry more than the common fields (a refused import's lines). */
    readonly body: unknown = undefined,
  ) {
    super(code ?? 'network');
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What we need of a protocol (zod) schema, without depending on zod here. */
export interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

/** Calls the API and parses the answer with `schema` (null for answers without a body, e.g. 204). */
export async function api<T>(method: Method, path: string, options: { body?: unknown; schema: Schema<T> }): Promise<T>;
export async function api(method: Method, path: string, options: { body?: unknown; schema: null }): Promise<void>;
export async function api<T>(
  method: Method,
  path: string,
  options: { body?: unknown; schema: Schema<T> | null },
): Promise<T | void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new ApiError(null);
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const error = errorBodySchema.safeParse(json);
    if (error.success) throw new ApiError(error.data.code, error.data.correlationId, error.data.issues ?? [], json);
    throw new ApiError(response.status === 429 ? 'request/rate_limited' : response.status >= 500 ? 'service/unavailable' : 'request/invalid');
  }
  if (options.schema === null) return;
  const parsed = options.schema.safeParse(json);
  // An answer outside the contract is a server bug: shown as a generic failure, never trusted.
  if (!parsed.success) throw new ApiError('internal/error');
  return parsed.data;
}

/** The type a protocol schema parses to (without depending on zod here). */
export type Infer<S> = S extends { parse(input: unknown): infer T } ? T : never;
