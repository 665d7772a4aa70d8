import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  fillPath, idPool, inputLocations, inputSchema, resolve, roleCookies, roleFor, sampleRequest, typesOf, withValueAt,
  type IdPool, type JsonSchema } from '../helpers/routes.js';

/** A pattern bounds a string when it is anchored and repeats nothing without a limit (outside its [character classes]). */
const boundedPattern = (pattern: string) => {
  const outsideClasses = pattern.replace(/\\./g, 'e').replace(/\[[^\]]*\]/g, 'c');
  return outsideClasses.startsWith('^') && outsideClasses.endsWith('$') && !/[*+]|\{\d+,\}/.test(outsideClasses);
};
/** Formats whose strings have a bounded length. */
const boundedFormats = new Set(['uuid', 'date-time', 'date', 'time']);

/** What is unbounded in an input schema: a number without minimum and maximum, a string without a length limit, a list without maxItems. */
function unbounded(app: FastifyInstance, raw: JsonSchema, where: string, depth = 0): string[] {
  if (depth > 12) return [];
  const schema = resolve(app, raw);
  if (schema.const !== undefined || schema.enum) return [];
  const problems: string[] = [];
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) problems.push(...unbounded(app, option, where, depth + 1));
  const types = typesOf(schema);
  if (types.includes('number') || types.includes('integer')) {
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) problems.push(`${where}: number without minimum`);
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) problems.push(`${where}: number without maximum`);
  }
  if (types.includes('string') && schema.maxLength === undefined && !boundedFormats.has(schema.format ?? '') && !(schema.pattern && boundedPattern(schema.pattern))) {
    problems.push(`${where}: string without maxLength`);
  }
  if (types.includes('array')) {
    if (schema.maxItems === undefined) problems.push(`${where}: array without maxItems`);
    if (schema.items) problems.push(...unbounded(app, schema.items, `${where}[]`, depth + 1));
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) problems.push(...unbounded(app, property, `${where}.${name}`, depth + 1));
  if (typeof schema.additionalProperties === 'object') problems.push(...unbounded(app, schema.additionalProperties, `${where}.*`, depth + 1));
  for (const property of Object.values(schema.patternProperties ?? {})) problems.push(...unbounded(app, property, `${where}.*`, depth + 1));
  if (types.length === 0 && !schema.anyOf && !schema.oneOf && !schema.allOf && !schema.properties) problems.push(`${where}: a value of any type`);
  return problems;
}

/** Paths of the numbers (integer or number) of an input schema, top-level and nested in objects. */
function numberSlots(app: FastifyInstance, raw: JsonSchema, path: string[] = [], depth = 0): string[][] {
  if (depth > 6) return [];
  const schema = resolve(app, raw);
  const types = typesOf(schema);
  if (types.includes('number') || types.includes('integer')) return [path];
  const option = (schema.anyOf ?? schema.oneOf ?? []).find((o) => typesOf(resolve(app, o)).some((t) => t !== 'null'));
  if (option) return numberSlots(app, option, path, depth + 1);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => numberSlots(app, property, [...path, name], depth + 1));
}

/**
 * Issue 12 item 3: every number a client sends has a minimum and a maximum, every string a length limit, every list
 * a maxItems — over every route of the app (src/web/route-catalog.ts), so that a route added later is held to it.
 * Out of range is 400; before, offset=99999999999999999999 overflowed bigint and "1e400" became Infinity (500).
 */
describe('every input of every route is bounded', () => {
  let t: TestApp;
  let cookies: Record<Role, string>;
  let ids: IdPool;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_SUBMIT_PER_HOUR: '100000', PUBLIC_LOOKUP_PER_MINUTE: '100000', PUBLIC_ANSWERS_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' });
    cookies = await roleCookies(t, 'gh');
    ids = await idPool(t);
  });
  afterAll(() => t.close());

  it('given the schemas of every route, then no number lacks a minimum or maximum, no string a maxLength (or bounded pattern/format), no array a maxItems', () => {
    const problems: string[] = [];
    for (const route of t.app.routeCatalog) {
      for (const location of inputLocations) {
        const schema = inputSchema(t.app, route, location);
        if (schema) problems.push(...unbounded(t.app, schema, location).map((p) => `${route.method} ${route.url} ${p}`));
      }
    }
    expect(t.app.routeCatalog.length).toBeGreaterThan(60);
    expect(problems).toEqual([]);
  });

  it.each([
    ['99999999999999999999', 'beyond bigint'],
    ['1e400', 'Infinity once coerced'],
    ['-99999999999999999999', 'below bigint'],
  ])('given %s (%s) in any number of any route, then 4xx, never 5xx', async (value) => {
    const literal = '__number_literal__';
    const failures: string[] = [];
    let checked = 0;
    for (const route of t.app.routeCatalog) {
      const role = roleFor(route);
      const headers = role ? { cookie: cookies[role] } : {};
      const request = sampleRequest(t.app, route, ids);
      for (const location of inputLocations) {
        const schema = inputSchema(t.app, route, location);
        if (!schema) continue;
        for (const slot of numberSlots(t.app, schema)) {
          // In a body, as a string (coerced) and as a JSON number literal (JSON.parse gives Infinity for 1e400).
          for (const asSent of location === 'body' ? [value, literal] : [value]) {
            const input = { ...request, [location]: withValueAt(request[location], slot, asSent) };
            const response = await t.app.inject({
              method: route.method as 'GET',
              url: fillPath(route.url, (input.params ?? {}) as Record<string, unknown>),
              query: (input.querystring ?? {}) as Record<string, string>,
              headers,
              ...(input.body !== undefined && route.method !== 'GET' ? { payload: JSON.stringify(input.body).replace(`"${literal}"`, value), headers: { ...headers, 'content-type': 'application/json' } } : {}),
            });
            checked += 1;
            if (response.statusCode >= 500 || response.statusCode < 400) failures.push(`${route.method} ${route.url} ${location}.${slot.join('.')}=${String(asSent)}: ${response.statusCode} ${response.body.slice(0, 100)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(failures).toEqual([]);
  });

  it('given the probe’s requests, then 400: offset=99999999999999999999 on the ticket list, "sortOrder":"1e400" on a field', async () => {
    const list = await t.app.inject({ url: '/api/tickets?offset=99999999999999999999', headers: { cookie: cookies.operator } });
    expect(list.statusCode).toBe(400);
    expect(list.json().code).toBe('VALIDATION_FAILED');
    const field = await t.app.inject({ method: 'POST', url: '/api/fields', headers: { cookie: cookies.admin }, payload: { code: 'vo-han', name: 'Vô hạn', sortOrder: '1e400' } });
    expect(field.statusCode).toBe(400);
    const literal = await t.app.inject({ method: 'POST', url: '/api/fields', headers: { cookie: cookies.admin, 'content-type': 'application/json' }, payload: '{"code":"vo-han","name":"Vô hạn","sortOrder":1e400}' });
    expect(literal.statusCode).toBe(400);
  });
});
