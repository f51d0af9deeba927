import pino, { type Logger } from 'pino';

/**
 * Structured logs that never carry message text, passwords, tokens or cookies: these paths are
 * censored wherever they appear, and request logging records method, route and status only.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'password',
  'text',
  'token',
  'citizenToken',
  '*.password',
  '*.text',
  '*.token',
  '*.citizenToken',
  '*.body',
];

/** A request path as logged: without its query string, nor the postal code a citizen looked up. */
export function loggedPath(url: string | undefined): string | undefined {
  return url?.split('?')[0]?.replace(/^\/api\/postal-codes\/[^/]*/, '/api/postal-codes/:code');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, url: loggedPath(req.url), id: req.id }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
