import {
  createStaff,
  DomainError,
  listOwnSessions,
  listStaff,
  login,
  logout,
  revokeOwnSession,
  setStaffDisabled,
  setupFirstAdmin,
  updateStaff,
} from '@brigade/core';
import {
  createStaffRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  sessionListSchema,
  setupRequestSchema,
  setupStatusSchema,
  staffIdParamsSchema,
  staffListResponseSchema,
  updateStaffRequestSchema,
} from '@brigade/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { AppContext } from '../../context.js';
import { presentStaffAccount } from '../../presenters/staff.presenter.js';
import { parseInput } from '../errors.js';
import { clearSessionCookie, originAllowed, requireStaff, setSessionCookie } from '../staff-auth.js';

const ANY_STAGE = ['second_factor', 'enrolment', 'full'] as const;

/** Setup, login, logout, own sessions, and account administration. */
export function staffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = { config: { rateLimit: { max: ctx.config.rateLimitPerMinute, timeWindow: '1 minute' } } };
  const checkOrigin = (request: FastifyRequest): void => {
    if (!originAllowed(ctx, request)) throw new DomainError('auth/forbidden');
  };
  const origin = (request: FastifyRequest) => ({ address: request.ip, userAgent: request.headers['user-agent'] ?? null });

  app.get('/api/setup', async () => setupStatusSchema.parse({ needed: ctx.setup.tokenHash !== null }));

  app.post('/api/setup', limited, async (request, reply) => {
    checkOrigin(request);
    const input = parseInput(setupRequestSchema, request.body);
    const { member, token, session } = await setupFirstAdmin(ctx.staffDeps, { ...input, expectedTokenHash: ctx.setup.tokenHash, ...origin(request) });
    ctx.setup.tokenHash = null;
    request.log.info({ staffId: member.id }, 'first administrator created');
    setSessionCookie(ctx, reply, token);
    return reply.code(201).send(meResponseSchema.parse({ staff: presentStaffAccount(member), stage: session.stage }));
  });

  app.post('/api/auth/login', limited, async (request, reply) => {
    checkOrigin(request);
    const input = parseInput(loginRequestSchema, request.body);
    try {
      const { member, token, session, methods } = await login(ctx.staffDeps, { ...input, dummyHash: ctx.dummyPasswordHash, ...origin(request) });
      request.log.info({ staffId: member.id, stage: session.stage }, 'staff password accepted');
      setSessionCookie(ctx, reply, token);
      return loginResponseSchema.parse(
        session.stage === 'enrolment' ? { status: 'enrolment_required' } : { status: 'second_factor_required', methods },
      );
    } catch (error) {
      if (error instanceof DomainError) request.log.warn({ code: error.code }, 'staff login failed');
      throw error;
    }
  });

  app.post('/api/auth/logout', async (request, reply) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request, ANY_STAGE);
    await logout(ctx.staffDeps, actor);
    clearSessionCookie(ctx, reply);
    return reply.code(204).send();
  });

  app.get('/api/auth/me', async (request) => {
    const { member, session } = await requireStaff(ctx, request, ANY_STAGE);
    return meResponseSchema.parse({ staff: presentStaffAccount(member), stage: session.stage });
  });

  app.get('/api/auth/sessions', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    const sessions = await listOwnSessions(ctx.staffDeps, actor);
    return sessionListSchema.parse({
      sessions: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        address: s.address,
        userAgent: s.userAgent,
        current: s.id === actor.sessionId,
      })),
    });
  });

  app.delete('/api/auth/sessions/:id', async (request, reply) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    await revokeOwnSession(ctx.staffDeps, actor, id);
    return reply.code(204).send();
  });

  app.get('/api/staff', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    const members = await listStaff(ctx.staffDeps, actor);
    return staffListResponseSchema.parse({ staff: members.map(presentStaffAccount) });
  });

  app.post('/api/staff', async (request, reply) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    const input = parseInput(createStaffRequestSchema, request.body);
    const member = await createStaff(ctx.staffDeps, actor, input);
    request.log.info({ staffId: member.id, by: actor.staffId }, 'staff account created');
    return reply.code(201).send({ staff: presentStaffAccount(member) });
  });

  app.patch('/api/staff/:id', async (request) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    const { id } = parseInput(staffIdParamsSchema, request.params);
    const input = parseInput(updateStaffRequestSchema, request.body);
    const member = await updateStaff(ctx.staffDeps, actor, { staffId: id, ...input });
    return { staff: presentStaffAccount(member) };
  });

  for (const [path, disabled] of [
    ['/api/staff/:id/disable', true],
    ['/api/staff/:id/enable', false],
  ] as const) {
    app.post(path, async (request) => {
      checkOrigin(request);
      const { actor } = await requireStaff(ctx, request);
      const { id } = parseInput(staffIdParamsSchema, request.params);
      const member = await setStaffDisabled(ctx.staffDeps, actor, { staffId: id, disabled });
      request.log.info({ staffId: member.id, by: actor.staffId, disabled }, 'staff account status changed');
      return { staff: presentStaffAccount(member) };
    });
  }
}
