import { searchAudit } from '@brigade/core';
import { auditSearchQuerySchema, auditSearchResponseSchema } from '@brigade/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { parseInput } from '../errors.js';
import { requireStaff } from '../staff-auth.js';

/** Administrators search the audit trail; each search is itself recorded. */
export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/audit', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    const query = parseInput(auditSearchQuerySchema, request.query);
    const entries = await searchAudit(ctx.staffDeps, actor, {
      limit: query.limit,
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.conversationId ? { conversationId: query.conversationId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    });
    return auditSearchResponseSchema.parse({ entries });
  });
}
