import { authenticateStaff, DomainError, type SessionStage, type StaffActor, type StaffMember, type StaffSession } from '@brigade/core';
import { STAFF_SESSION_COOKIE } from '@brigade/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';

/**
 * Resolves the staff session cookie of a request, or fails with `auth/required`. Only fully
 * authenticated sessions pass unless `stages` admits a session still at its second factor.
 */
export async function requireStaff(
  ctx: AppContext,
  request: FastifyRequest,
  stages?: readonly SessionStage[],
): Promise<{ actor: StaffActor; member: StaffMember; session: StaffSession }> {
  const token = request.cookies[STAFF_SESSION_COOKIE];
  if (!token) throw new DomainError('auth/required');
  return authenticateStaff(ctx.staffDeps, token, request.ip, stages ? { stages } : {});
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string): void {
  reply.setCookie(STAFF_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.cookieSecure,
    path: '/',
    maxAge: Math.floor(ctx.config.staffSessionTtlMs / 1000),
  });
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(STAFF_SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: ctx.config.cookieSecure, path: '/' });
}

/**
 * Cross-site request forgery guard for cookie-authenticated writes, on top of SameSite=Strict:
 * a browser always sends Origin on POST; when present it must match the host served.
 */
export function originAllowed(ctx: AppContext, request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser (curl, tests); cookies still required
  if (ctx.config.allowedOrigins) return ctx.config.allowedOrigins.includes(origin);
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
