import fp from 'fastify-plugin';
import { badRequest } from './errors.js';

/**
 * Control characters have no place in what people type: NUL is refused by PostgreSQL in text and jsonb (a 500 before
 * issue 12), the others (escape sequences, C1 controls) only hide text from whoever reads it. Tab, newline and
 * carriage return are text. A lone surrogate (half of a UTF-16 pair, `\p{Cs}` in a /u pattern; a whole pair is one
 * character and passes) is not Unicode text at all: hashing or storing it failed with a 500 (seen by the fuzz test).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u;

/** Deeper than this, a JSON value is not checked further (bodies are bounded by their schema and body limit). */
const maxDepth = 32;

/** Where in `value` a string or an object key holds a control character ("body.citizenAddress"), or null. */
export function findControlCharacter(value: unknown, where: string, depth = 0): string | null {
  if (typeof value === 'string') return controlCharacter.test(value) ? where : null;
  if (typeof value !== 'object' || value === null || depth > maxDepth) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacter(value[i], `${where}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (controlCharacter.test(key)) return where;
    const found = findControlCharacter(item, `${where}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export const invalidCharacters = (where: string) =>
  badRequest('INVALID_CHARACTERS', `Dữ liệu không hợp lệ: ${where} chứa ký tự điều khiển (ký tự không in được)`);

/** Throws 400 INVALID_CHARACTERS when `value` holds a control character. */
export function assertPrintable(value: unknown, where: string): void {
  const found = findControlCharacter(value, where);
  if (found) throw invalidCharacters(found);
}

/**
 * Every route's path parameters, query string and JSON body, checked before their schema: registered once at the
 * root, so a route added later is covered too. Multipart text fields are checked where they are read
 * (src/web/multipart.ts).
 */
export const textInputPlugin = fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      assertPrintable(request.params, 'params');
      assertPrintable(request.query, 'querystring');
      assertPrintable(request.body, 'body');
    });
  },
  { name: 'text-input' },
);
