import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import * as z from 'zod';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable Brigade reads, validated and documented here; nothing else reads
 * process.env. The README's configuration table mirrors this file.
 */
const envSchema = z.object({
  /** TCP port to listen on; 0 picks a free one. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. 127.0.0.1 by default: put a TLS reverse proxy in front in production. */
  HOST: z.string().default('127.0.0.1'),
  /** Folder for the SQLite database and other local data. */
  DATA_DIR: z.string().default('./data'),
  /** `postgres://…` selects PostgreSQL; `sqlite:/path.db` or unset selects SQLite in DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  /** `production` turns on Secure cookies and HSTS. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Overrides the Secure flag on the staff cookie (defaults to true in production). */
  COOKIE_SECURE: flag.optional(),
  /** Comma-separated origins allowed to open the WebSocket and to send staff writes; defaults to the request's own host. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** Pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Absolute lifetime of a staff session, in hours (one shift). */
  STAFF_SESSION_HOURS: z.coerce.number().positive().max(24 * 7).default(12),
  /** A staff session unused for this many minutes ends. */
  STAFF_IDLE_MINUTES: z.coerce.number().positive().max(24 * 60).default(30),
  /** Sensitive actions need a second-factor check at most this many minutes old. */
  STEP_UP_MINUTES: z.coerce.number().positive().max(60).default(5),
  /** Where the built web app lives. */
  WEB_DIST: z.string().default(resolve(repoRoot, 'packages/web/dist')),
  /** An operator who drops off has this many seconds to come back before their conversations return to the queue. */
  OPERATOR_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(120),
  /** Supervisors are alerted when a conversation waits longer than this many minutes. */
  WAIT_ALERT_MINUTES: z.coerce.number().positive().max(24 * 60).default(5),
  /** Requests per minute and address for conversation starts and logins. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** The public address (e.g. https://brigade.example.fr); WebAuthn binds keys to it. Defaults to the request's host. */
  PUBLIC_URL: z.url().optional(),
  /** Trust X-Forwarded-* from a reverse proxy (set when behind one). */
  TRUST_PROXY: flag.default(false),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  production: boolean;
  cookieSecure: boolean;
  allowedOrigins: string[] | null;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  staffSessionTtlMs: number;
  staffIdleMs: number;
  stepUpWindowMs: number;
  waitAlertMs: number;
  operatorGraceMs: number;
  webDist: string;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  publicUrl: string | null;
}

/** Parses the environment; throws a readable error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${resolve(e.DATA_DIR, 'brigade.db')}`,
    production,
    cookieSecure: e.COOKIE_SECURE ?? production,
    allowedOrigins: e.ALLOWED_ORIGINS ? e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : null,
    logLevel: e.LOG_LEVEL,
    staffSessionTtlMs: e.STAFF_SESSION_HOURS * 3_600_000,
    staffIdleMs: e.STAFF_IDLE_MINUTES * 60_000,
    stepUpWindowMs: e.STEP_UP_MINUTES * 60_000,
    waitAlertMs: e.WAIT_ALERT_MINUTES * 60_000,
    operatorGraceMs: e.OPERATOR_GRACE_SECONDS * 1000,
    webDist: resolve(e.WEB_DIST),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/$/, '') : null,
  };
}
