import { DomainError, listOperators, readTopicPriorities, replaceTopicPriorities } from '@brigade/core';
import { operatorListSchema, topicPrioritiesSchema } from '@brigade/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { parseInput } from '../errors.js';
import { originAllowed, requireStaff } from '../staff-auth.js';

/** Operators' presence and load (to assign and transfer), and the topics' queue levels. */
export function routingRoutes(app: FastifyInstance, ctx: AppContext): void {
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
}
