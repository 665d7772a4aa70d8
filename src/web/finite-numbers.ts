import fp from 'fastify-plugin';
import { badRequest } from './errors.js';

/** Where in `value` a number is NaN or infinite ("querystring.limit"), or null. */
export function findNonFiniteNumber(value: unknown, where: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : where;
  if (typeof value !== 'object' || value === null || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = findNonFiniteNumber(item, `${where}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Ajv coerces the string "1e400" to Infinity and then skips `minimum`/`maximum` for a number that is not finite, so a
 * schema's bounds let it through (issue 12: a 500 from the database). Checked after validation on every route.
 */
export const finiteNumbersPlugin = fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      for (const [where, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
        const found = findNonFiniteNumber(value, where);
        if (found) throw badRequest('VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${found} phải là một số hữu hạn`);
      }
    });
  },
  { name: 'finite-numbers' },
);
