import { DomainError, readDangerRules, replaceDangerRules } from '@brigade/core';
import { dangerRulesSchema } from '@brigade/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { parseInput } from '../errors.js';
import { originAllowed, requireStaff } from '../staff-auth.js';

/** The danger rules: supervisors and administrators read them, administrators replace them. */
export function dangerRuleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const deps = { ...ctx.dangerRuleDeps, audit: ctx.staffDeps.audit, clock: ctx.staffDeps.clock };
  app.get('/api/danger-rules', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    return dangerRulesSchema.parse({ rules: readDangerRules(deps, actor) });
  });
  app.put('/api/danger-rules', async (request) => {
    if (!originAllowed(ctx, request)) throw new DomainError('auth/forbidden');
    const { actor } = await requireStaff(ctx, request);
    const { rules } = parseInput(dangerRulesSchema, request.body);
    return dangerRulesSchema.parse({ rules: await replaceDangerRules(deps, actor, rules) });
  });
}
