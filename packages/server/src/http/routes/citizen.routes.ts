import { quickExit, startConversation } from '@brigade/core';
import { citizenExitRequestSchema, startConversationRequestSchema, startConversationResponseSchema } from '@brigade/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { parseInput } from '../errors.js';

/** Citizen routes: no account; a conversation's token is its only credential. */
export function citizenRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = { config: { rateLimit: { max: ctx.config.rateLimitPerMinute, timeWindow: '1 minute' } } };

  app.post('/api/conversations', limited, async (request, reply) => {
    const input = parseInput(startConversationRequestSchema, request.body);
    const { conversation, citizenToken } = await startConversation(ctx.conversationDeps, input);
    request.log.info({ conversationId: conversation.id, topic: conversation.topic, danger: conversation.danger }, 'conversation started');
    return reply.code(201).send(startConversationResponseSchema.parse({ conversationId: conversation.id, citizenToken }));
  });

  // Quick exit arrives through navigator.sendBeacon while the page unloads, hence text/plain too.
  app.post('/api/citizen/exit', limited, async (request, reply) => {
    const body: unknown = typeof request.body === 'string' ? safeJson(request.body) : request.body;
    const { citizenToken } = parseInput(citizenExitRequestSchema, body);
    await quickExit(ctx.conversationDeps, citizenToken);
    return reply.code(204).send();
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
