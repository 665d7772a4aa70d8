import type { FastifyServerOptions } from 'fastify';
import type { Env } from './config/env.js';

/**
 * pino options for the whole server. Request logs carry method, path and id: no query string (it can
 * hold a phone number or receipt code), no cookies, no bodies. Personal data never goes to the logs (R22).
 */
export function loggerOptions(env: Pick<Env, 'LOG_LEVEL'>): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: env.LOG_LEVEL,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.passwordHash', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
