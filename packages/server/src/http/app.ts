import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import type { Hub } from '../realtime/hub.js';
import { registerRealtime, WEBSOCKET_OPTIONS } from '../realtime/gateway.js';
import { installErrorHandler } from './errors.js';
import { auditRoutes } from './routes/audit.routes.js';
import { citizenRoutes } from './routes/citizen.routes.js';
import { routingRoutes } from './routes/routing.routes.js';
import { dangerRuleRoutes } from './routes/danger-rules.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { secondFactorRoutes } from './routes/second-factor.routes.js';
import { serviceRoutes } from './routes/services.routes.js';
import { staffRoutes } from './routes/staff.routes.js';
import { webRoutes } from './web.routes.js';

/** All HTTP and WebSocket wiring in one place. */
export async function buildApp(ctx: AppContext, db: Kysely<Database>, hub: Hub): Promise<{ app: FastifyInstance; stopRealtime(): void }> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 64 * 1024,
    genReqId: () => crypto.randomUUID(),
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // 'self' covers same-origin ws: and wss: in CSP Level 3 browsers.
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(ctx.config.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: ctx.config.production ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: WEBSOCKET_OPTIONS });

  // sendBeacon posts text/plain; accept it as a string and let the route parse it.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
  });

  installErrorHandler(app);
  healthRoutes(app, ctx, db);
  citizenRoutes(app, ctx);
  staffRoutes(app, ctx);
  secondFactorRoutes(app, ctx);
  auditRoutes(app, ctx);
  dangerRuleRoutes(app, ctx);
  routingRoutes(app, ctx, () => hub.dispatcher?.poke());
  serviceRoutes(app, ctx);
  const realtime = registerRealtime(app, ctx, hub);
  await webRoutes(app, ctx);
  return { app, stopRealtime: realtime.stop };
}
