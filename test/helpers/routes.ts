import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import type { Role } from '../../src/auth/roles.js';
import type { CatalogRoute } from '../../src/web/route-catalog.js';
import { agencies } from '../../src/db/schema/index.js';
import { createSession } from '../../src/auth/sessions.js';
import { createUser } from '../../src/users/service.js';
import { testPassword, type TestApp } from './app.js';

/**
 * The app's routes as data, for tests that must cover every route, including the ones added after them: the route
 * catalog (src/web/route-catalog.ts) with each route's JSON schemas, and requests built from those schemas.
 */
export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  default?: unknown;
};

export type Location = 'params' | 'querystring' | 'body';
export const inputLocations: readonly Location[] = ['params', 'querystring', 'body'];

/** A route's input schema at a location, references resolved at the top. */
export function inputSchema(app: FastifyInstance, route: CatalogRoute, location: Location): JsonSchema | undefined {
  const schema = (route.schema as Record<string, unknown> | undefined)?.[location] as JsonSchema | undefined;
  return schema && resolve(app, schema);
}

/** A schema with its $ref replaced by the shared schema it names (app.addSchema). */
export function resolve(app: FastifyInstance, schema: JsonSchema): JsonSchema {
  if (typeof schema.$ref !== 'string') return schema;
  const target = app.getSchema(schema.$ref.replace(/#$/, '')) as JsonSchema | undefined;
  if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
  return resolve(app, target);
}

export const typesOf = (schema: JsonSchema): string[] => (schema.type === undefined ? [] : [schema.type].flat());

/** A request the route accepts at every input location (sample params, query and body), ids from `ids`. */
export function sampleRequest(app: FastifyInstance, route: CatalogRoute, ids: IdPool): Record<Location, unknown> {
  return Object.fromEntries(
    inputLocations.map((location) => {
      const schema = inputSchema(app, route, location);
      return [location, schema ? sampleValue(app, schema, ids) : undefined];
    }),
  ) as Record<Location, unknown>;
}

/** A value the schema accepts (the first of an enum, the smallest number, a matching string…), ids from `ids`. */
export function sampleValue(app: FastifyInstance, raw: JsonSchema, ids: IdPool, seed = 1): unknown {
  const schema = resolve(app, raw);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[seed % schema.enum.length];
  if (schema.default !== undefined) return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const usable = options.filter((o) => !typesOf(resolve(app, o)).includes('null'));
    return sampleValue(app, usable[0] ?? options[0]!, ids, seed);
  }
  if (schema.allOf) return sampleValue(app, schema.allOf[0]!, ids, seed);
  const type = typesOf(schema).find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      return sampleString(schema, ids, seed);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      return Math.min(schema.maximum ?? min, Math.max(min, 1));
    }
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, (_, i) => sampleValue(app, schema.items ?? {}, ids, seed + i));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sampleValue(app, schema.properties?.[name] ?? {}, ids, seed);
      return out;
    }
    default:
      return undefined;
  }
}

function sampleString(schema: JsonSchema, ids: IdPool, seed: number): string {
  switch (schema.format) {
    case 'uuid':
      return ids.any(seed);
    case 'date-time':
      return new Date().toISOString();
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'time':
      return '08:00:00';
    case 'email':
      return 'thu.nghiem@example.vn';
    default:
      break;
  }
  if (schema.pattern) {
    const matching = fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed })[0] ?? '';
    return schema.maxLength !== undefined ? matching.slice(0, schema.maxLength) : matching;
  }
  const length = Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 12, 12));
  return 'Thử nghiệm abc'.padEnd(length, 'x').slice(0, length);
}

/** Real ids of the database (tickets, users, agencies…): path parameters that reach a route's logic, not only 404. */
export class IdPool {
  constructor(readonly ids: readonly string[]) {}
  any(seed: number): string {
    return this.ids.length > 0 ? this.ids[Math.abs(seed) % this.ids.length]! : '00000000-0000-4000-8000-000000000000';
  }
}

/** Collects the ids of every table with a uuid `id`. */
export async function idPool(t: TestApp): Promise<IdPool> {
  const { sql } = await import('drizzle-orm');
  const tables = (await t.database.db.execute(sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'id' and data_type = 'uuid'`)) as unknown as
    | Array<{ table_name: string }>
    | { rows: Array<{ table_name: string }> };
  const names = (Array.isArray(tables) ? tables : tables.rows).map((r) => r.table_name);
  const ids: string[] = [];
  for (const name of names) {
    const rows = (await t.database.db.execute(sql.raw(`select id::text as id from "${name}" limit 5`))) as unknown as Array<{ id: string }> | { rows: Array<{ id: string }> };
    ids.push(...(Array.isArray(rows) ? rows : rows.rows).map((r) => r.id));
  }
  return new IdPool(ids);
}

/** Lone surrogates replaced by U+FFFD (String.prototype.toWellFormed, not in the ES2022 typings). */
const wellFormed = (text: string) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Any value as text: objects (even without a prototype) as JSON. */
export const asText = (value: unknown): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/** Fills a route path (/api/tickets/:id) with values. */
export function fillPath(url: string, params: Record<string, unknown>): string {
  // A lone surrogate cannot be percent-encoded: sent as U+FFFD, as a browser would.
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(wellFormed(asText(params[name] ?? ''))));
}

export const everyRole: readonly Role[] = ['admin', 'supervisor', 'operator', 'agency_officer'];

/** One user and a session cookie per role (the officer bound to a new agency), without the cost of a login each. */
export async function roleCookies(t: TestApp, prefix: string): Promise<Record<Role, string>> {
  const [agency] = await t.database.db.insert(agencies).values({ code: `${prefix}-so`, name: `Sở ${prefix}`, kind: 'department', hotline: '02513999999' }).returning();
  const cookies = {} as Record<Role, string>;
  for (const role of everyRole) {
    const user = await createUser(t.database.db, {
      username: `${prefix}-${role.replace('_', '-')}`,
      fullName: `Người dùng ${role}`,
      password: testPassword,
      role,
      agencyId: role === 'agency_officer' ? agency!.id : undefined,
    });
    const session = await createSession(t.database.db, user.id, 12);
    cookies[role] = `sid=${session.token}`;
  }
  return cookies;
}

/** A role that may call the route, or null when it is public. */
export const roleFor = (route: CatalogRoute): Role | null => (route.access === 'public' || !route.access ? null : (route.access[0] ?? null));

/** Where a string goes in a value of the schema: property paths, array items as index 0 (depth ≤ 4). */
export function stringSlots(app: FastifyInstance, raw: JsonSchema, path: Array<string | number> = [], depth = 0): Array<Array<string | number>> {
  if (depth > 4) return [];
  const schema = resolve(app, raw);
  const options = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (options) return options.flatMap((o) => stringSlots(app, o, path, depth + 1)).slice(0, 1);
  const types = typesOf(schema);
  if (types.includes('string') && !schema.enum && schema.const === undefined) return [path];
  if (types.includes('array') && schema.items) return stringSlots(app, schema.items, [...path, 0], depth + 1);
  if (types.includes('object') || schema.properties) {
    return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => stringSlots(app, property, [...path, name], depth + 1));
  }
  return [];
}

/** A copy of `value` with `replacement` at `path`, creating the objects and arrays on the way. */
export function withValueAt(value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const array = Array.isArray(value) ? [...(value as unknown[])] : [];
    array[head] = withValueAt(array[head], rest, replacement);
    return array;
  }
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  object[head!] = withValueAt(object[head!], rest, replacement);
  return object;
}
