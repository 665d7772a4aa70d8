import type { LoggerOptions } from 'pino';
import type { Env } from './config/env.js';

/**
 * pino options for the whole server. Request logs carry method, path and id: no query string (it can
 * hold a phone number or receipt code), no cookies, no bodies. Personal data never goes to the logs (R22).
 */
export function loggerOptions(env: Pick<Env, 'LOG_LEVEL'>): LoggerOptions {
  return {
    level: env.LOG_LEVEL,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.passwordHash', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (error: unknown) => serializeError(error),
      error: (error: unknown) => serializeError(error),
    },
  };
}

/**
 * What a database error may tell the log: where and why it failed, never the values. Left out on purpose: drizzle's
 * `query`/`params` (and the "params: …" it writes into its message), postgres' `query`/`parameters`/`args`, PGlite's
 * `query`/`params`/`queryOptions`, and PostgreSQL's `detail`, `hint`, `where` and `internalQuery`, which quote the
 * row or the value that failed ("Failing row contains (…)", "Key (citizen_phone)=(…) already exists").
 */
const keptFields = ['code', 'statusCode', 'severity', 'routine', 'schema', 'table', 'column', 'dataType', 'constraint', 'errno', 'syscall'] as const;
/** The same fields as the postgres driver names them. */
const postgresFieldNames: Record<string, (typeof keptFields)[number]> = {
  schema_name: 'schema', table_name: 'table', column_name: 'column', data_type_name: 'dataType', constraint_name: 'constraint',
};

/** drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <values>". The SQL names no value, but is left out too. */
const failedQueryPrefix = 'Failed query:';

/** A SQLSTATE: five characters, digits and capitals (22021, 23505, 57P01). */
const isSqlState = (code: unknown) => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);

/**
 * The message an error may log. A database error's message can end with the value it refused
 * (`invalid input syntax for type uuid: "…"`, `invalid input value for enum …: "…"`): that value is hidden.
 */
function safeMessage(error: Record<string, unknown>): string {
  const message = typeof error.message === 'string' ? error.message : '';
  if (message.startsWith(failedQueryPrefix)) return 'Failed query (SQL and parameters not logged)';
  if (isSqlState(error.code)) return message.replace(/(:\s*)".*"\s*$/s, '$1"[hidden]"');
  return message;
}

/**
 * The error serializer of every logger in the app (`err` and `error` keys; child loggers inherit it): type,
 * safe message, stack without the original message, the fields above, and the cause chain, serialized the same way.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { type: typeof error };
  const source = error as Record<string, unknown> & { name?: unknown; stack?: unknown; cause?: unknown; errors?: unknown };
  // The class says more than `name` (drizzle's DrizzleQueryError keeps the name "Error"); PGlite's class name is minified.
  const className = source.constructor?.name;
  const type = className && className.length > 2 && className !== 'Error' ? className : typeof source.name === 'string' ? source.name : 'Error';
  const message = safeMessage(source);
  const out: Record<string, unknown> = { type, message };
  if (typeof source.stack === 'string') {
    const frames = source.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  for (const field of keptFields) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  for (const [name, field] of Object.entries(postgresFieldNames)) {
    const value = source[name];
    if (typeof value === 'string') out[field] = value;
  }
  if (depth < 5 && source.cause !== undefined) out.cause = serializeError(source.cause, depth + 1);
  if (depth < 5 && Array.isArray(source.errors)) out.errors = source.errors.slice(0, 10).map((e) => serializeError(e, depth + 1));
  return out;
}
