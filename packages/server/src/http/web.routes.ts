import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

/** Pages and the HTML entry point that serves each; the citizen URL stays neutral. */
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/aide/sortie-rapide': 'index.html',
  '/console': 'console.html',
  '/setup': 'console.html',
};

/** Serves the built web app: hashed assets may be cached, pages never are. */
export async function webRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const dist = ctx.config.webDist;
  const built = existsSync(join(dist, 'index.html'));
  if (!built) ctx.logger.warn({ dist }, 'web app not built: run `npm run build`');
  else {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      index: false,
      wildcard: true,
      setHeaders: (res, path) => {
        res.header('Cache-Control', path.includes(`${join(dist, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-store');
      },
    });
  }
  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, async (_request, reply) => {
      if (!built) return reply.code(503).type('text/plain').send('Brigade web app is not built: run `npm run build`.');
      return reply.header('Cache-Control', 'no-store').sendFile(file);
    });
  }
}
