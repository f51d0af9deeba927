import { createStaff, DomainError, listStaff, login, logout, setupFirstAdmin } from '@brigade/core';
import {
  createStaffRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  setupRequestSchema,
  setupStatusSchema,
  staffListResponseSchema,
} from '@brigade/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { presentStaffAccount } from '../../presenters/staff.presenter.js';
import { parseInput } from '../errors.js';
import { clearSessionCookie, originAllowed, requireStaff, setSessionCookie } from '../staff-auth.js';

/** Setup, login, logout, and account administration. */
export function staffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = { config: { rateLimit: { max: ctx.config.rateLimitPerMinute, timeWindow: '1 minute' } } };
  const checkOrigin = (request: FastifyRequest): void => {
    if (!originAllowed(ctx, request)) throw new DomainError('auth/forbidden');
  };

  app.get('/api/setup', async () => setupStatusSchema.parse({ needed: ctx.setup.tokenHash !== null }));

  app.post('/api/setup', limited, async (request, reply) => {
    checkOrigin(request);
    const input = parseInput(setupRequestSchema, request.body);
    const { member, token } = await setupFirstAdmin(ctx.staffDeps, { ...input, expectedTokenHash: ctx.setup.tokenHash, address: request.ip });
    ctx.setup.tokenHash = null;
    request.log.info({ staffId: member.id }, 'first administrator created');
    setSessionCookie(ctx, reply, token);
    return reply.code(201).send(meResponseSchema.parse({ staff: presentStaffAccount(member) }));
  });

  app.post('/api/auth/login', limited, async (request, reply) => {
    checkOrigin(request);
    const input = parseInput(loginRequestSchema, request.body);
    try {
      const { member, token } = await login(ctx.staffDeps, { ...input, dummyHash: ctx.dummyPasswordHash, address: request.ip });
      request.log.info({ staffId: member.id }, 'staff login');
      setSessionCookie(ctx, reply, token);
      return loginResponseSchema.parse({ status: 'authenticated', staff: presentStaffAccount(member) });
    } catch (error) {
      if (error instanceof DomainError) request.log.warn({ code: error.code }, 'staff login failed');
      throw error;
    }
  });

  app.post('/api/auth/logout', async (request, reply) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    await logout(ctx.staffDeps, actor);
    clearSessionCookie(ctx, reply);
    return reply.code(204).send();
  });

  app.get('/api/auth/me', async (request) => {
    const { member } = await requireStaff(ctx, request);
    return meResponseSchema.parse({ staff: presentStaffAccount(member) });
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
    return reply.code(201).send(meResponseSchema.parse({ staff: presentStaffAccount(member) }));
  });
}
