import { DomainError, listOperators, readRoutingMode, readTopicPriorities, replaceRoutingMode, replaceTopicPriorities } from '@brigade/core';
import { operatorListSchema, routingModeSchema, topicPrioritiesSchema } from '@brigade/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { parseInput } from '../errors.js';
import { originAllowed, requireStaff } from '../staff-auth.js';

/** Operators' presence and load (to assign and transfer), the topics' queue levels, automatic assignment. */
export function routingRoutes(app: FastifyInstance, ctx: AppContext, onModeChanged: () => void): void {
  app.get('/api/operators', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    return operatorListSchema.parse({ operators: await listOperators(ctx.conversationDeps, actor) });
  });

  app.get('/api/topic-priorities', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    return topicPrioritiesSchema.parse({ levels: readTopicPriorities(ctx.priorityDeps, actor) });
  });

  app.put('/api/topic-priorities', async (request) => {
    if (!originAllowed(ctx, request)) throw new DomainError('auth/forbidden');
    const { actor } = await requireStaff(ctx, request);
    const { levels } = parseInput(topicPrioritiesSchema, request.body);
    return topicPrioritiesSchema.parse({ levels: await replaceTopicPriorities(ctx.priorityDeps, actor, levels) });
  });

  app.get('/api/routing-mode', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    return routingModeSchema.parse(readRoutingMode(ctx.routingModeDeps, actor));
  });

  app.put('/api/routing-mode', async (request) => {
    if (!originAllowed(ctx, request)) throw new DomainError('auth/forbidden');
    const { actor } = await requireStaff(ctx, request);
    const mode = await replaceRoutingMode(ctx.routingModeDeps, actor, parseInput(routingModeSchema, request.body));
    onModeChanged();
    return routingModeSchema.parse(mode);
  });
}
