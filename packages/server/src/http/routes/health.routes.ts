import { healthSchema } from '@brigade/protocol';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { errorBody } from '../errors.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext, db: Kysely<Database>): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
    } catch {
      return reply.code(503).send(errorBody('service/unavailable'));
    }
    return healthSchema.parse({ status: 'ok', database: ctx.engine, version: ctx.version });
  });
}
