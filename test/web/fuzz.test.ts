import { inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { createSession } from '../../src/auth/sessions.js';
import { kbEntries, tickets, users } from '../../src/db/schema/index.js';
import { seed } from '../../src/seed/seed.js';
import type { CatalogRoute } from '../../src/web/route-catalog.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';
import { asText, everyRole, fillPath, idPool, inputSchema, resolve, roleCookies, sampleValue, type IdPool, type JsonSchema } from '../helpers/routes.js';

/** Requests per route and caller (anonymous and each role); FUZZ_RUNS raises it for a longer local run. */
const runsPerCaller = Number(process.env.FUZZ_RUNS ?? 6);
/** FUZZ_SEED replays a failing run (the seed is in the failure message). */
const seedOfRun = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Strings the outside probe sent: control characters, lone surrogates, injections, numbers as text, bad dates. */
const nastyStrings = fc.constantFrom(
  '', ' ', '\u0000', 'Lê Lợi\u0000', 'a\u0001b', '\u001b[31m', '\u007f', '\u0085', '\u202e', '\ud800', '\udfff', '%00', '%', '_',
  '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', 'null', 'true', '[]', '{}', '-1', '0', '1e400', 'NaN',
  'Infinity', '-Infinity', '99999999999999999999', '-99999999999999999999', '0x10', '2026-02-30T25:61:00Z', '0000-00-00',
  '00000000-0000-0000-0000-000000000000', 'ĐƯỜNG LÊ LỢI', '🚑🚒', 'duong le loi '.repeat(20), '1022-2026-000001', '+84 912 345 678',
);
const hugeStrings = fc.constantFrom('x'.repeat(20_000), 'đ'.repeat(5_000), 'a '.repeat(10_000), `https://a.vn/${'b'.repeat(3_000)}`);
const outOfRange = fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, -(2 ** 53), 1e20, -1e20, 0.5, -0.0, Number.MAX_VALUE, Number.MIN_VALUE);
const wrongTypes = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** A value for one input of a route's schema: mostly valid, often hostile. */
function valueFor(app: TestApp['app'], schema: JsonSchema, ids: IdPool) {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 1_000 }).map((seed) => sampleValue(app, schema, ids, seed)) },
    { weight: 2, arbitrary: nastyStrings },
    { weight: 1, arbitrary: hugeStrings },
    { weight: 1, arbitrary: outOfRange },
    { weight: 1, arbitrary: wrongTypes },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** An object for a location (params, querystring, body), property by property, with now and then an unknown one. */
function objectFor(app: TestApp['app'], raw: JsonSchema | undefined, ids: IdPool): fc.Arbitrary<Record<string, unknown>> {
  const schema = raw ? resolve(app, raw) : {};
  const properties = Object.entries(schema.properties ?? {});
  const record = fc.record(Object.fromEntries(properties.map(([name, property]) => [name, valueFor(app, property, ids)]))) as fc.Arbitrary<Record<string, unknown>>;
  return fc.tuple(record, fc.option(fc.tuple(fc.constantFrom('zz', '__proto__', 'constructor', 'a\u0000'), nastyStrings), { nil: undefined })).map(([values, extra]) => {
    const out = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    if (extra) out[extra[0]] = extra[1];
    return out;
  });
}

/** Bodies that are not the object the schema describes: malformed JSON, other JSON types, deep nesting, 1e400. */
const rawBodies = fc.constantFrom('{', '{"a":', '[]', 'null', '"text"', '1e400', '{"a":1e400}', `${'['.repeat(5_000)}${']'.repeat(5_000)}`, '{"__proto__":{"x":1}}', '\u0000', '');

type Input = { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown; raw: string | undefined };

function requestFor(app: TestApp['app'], route: CatalogRoute, ids: IdPool): fc.Arbitrary<Input> {
  const hasBody = !['GET', 'DELETE'].includes(route.method);
  return fc.record({
    params: objectFor(app, inputSchema(app, route, 'params'), ids),
    query: objectFor(app, inputSchema(app, route, 'querystring'), ids),
    body: hasBody ? objectFor(app, inputSchema(app, route, 'body'), ids) : fc.constant(undefined),
    raw: hasBody ? fc.option(rawBodies, { nil: undefined, freq: 4 }) : fc.constant(undefined),
  });
}

const asQueryValue = (value: unknown): string | string[] => (Array.isArray(value) ? value.map(asText) : asText(value));

/**
 * Issue 12 "done when": requests generated from every route's schema (the route catalog, so a route added later is
 * fuzzed too) with bad types, huge and control-character strings, out-of-range numbers and malformed JSON, as
 * anonymous and as each role: none is answered 5xx (but 503 TELEPHONY_OFF: this app has no Asterisk).
 */
describe(`fuzzing every route (${testDriver()})`, () => {
  let t: TestApp;
  let ids: IdPool;
  let userIds: string[] = [];
  const callers: Array<Role | null> = [null, ...everyRole];

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_SUBMIT_PER_HOUR: '100000', PUBLIC_LOOKUP_PER_MINUTE: '100000', PUBLIC_ANSWERS_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' });
    await seed(t.database.db, { demoUsers: false, year: new Date().getFullYear() });
    await roleCookies(t, 'fz');
    userIds = (await t.database.db.select({ id: users.id }).from(users)).map((u) => u.id);
    await t.database.db.insert(tickets).values([
      { receiptCode: '1022-2026-000001', channel: 'phone', content: 'Đèn đường hỏng trên Đường Lê Lợi', citizenName: 'Nguyễn Văn An', citizenPhone: '0912345678' },
      { receiptCode: '1022-2026-000002', channel: 'web', content: 'Hỏi thủ tục cấp hộ chiếu', status: 'answered', resultText: 'Nộp tại phòng xuất nhập cảnh' },
    ]);
    await t.database.db.insert(kbEntries).values({ question: 'Thủ tục cấp hộ chiếu?', answer: 'Nộp hồ sơ tại Công an tỉnh' });
    ids = await idPool(t);
  });
  afterAll(() => t.close());

  it(`given generated requests to every route as anonymous and as each role (seed ${seedOfRun}), then none is answered 5xx`, async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const [index, route] of t.app.routeCatalog.entries()) {
      if (route.url === '/api/auth/logout') continue; // ends the caller's session: tested by the auth tests
      // Fresh sessions of unchanged users for each route: an earlier one may have disabled a user or changed a role.
      await t.database.db.update(users).set({ active: true }).where(inArray(users.id, userIds));
      const cookies = await freshCookies(t);
      const inputs = fc.sample(requestFor(t.app, route, ids), { numRuns: runsPerCaller * callers.length, seed: seedOfRun + index });
      for (const [i, input] of inputs.entries()) {
        const role = callers[i % callers.length]!;
        const headers: Record<string, string> = role ? { cookie: cookies[role] } : {};
        const payload = input.raw ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
        if (payload !== undefined) headers['content-type'] = 'application/json';
        const response = await t.app.inject({
          method: route.method as 'GET',
          url: fillPath(route.url, new Proxy(input.params, { get: (target, name) => target[name as string] ?? ids.any(i) })),
          query: Object.fromEntries(Object.entries(input.query).map(([k, v]) => [k, asQueryValue(v)])),
          headers,
          ...(payload !== undefined ? { payload } : {}),
        });
        sent += 1;
        // 503 TELEPHONY_OFF is the documented answer of call routes when no Asterisk is configured (as here).
        const expected503 = response.statusCode === 503 && (response.json() as { code?: string }).code === 'TELEPHONY_OFF';
        if (response.statusCode >= 500 && !expected503) {
          failures.push(`${route.method} ${route.url} as ${role ?? 'anonymous'}: ${response.statusCode} ${response.body.slice(0, 160)}\n  input: ${JSON.stringify(input).slice(0, 400)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(t.app.routeCatalog.length * callers.length);
    expect(failures, `FUZZ_SEED=${seedOfRun}`).toEqual([]);
  }, 170_000);

  /** One session per role, users reset to their role (an admin's PATCH may have changed it). */
  async function freshCookies(app: TestApp): Promise<Record<Role, string>> {
    const cookies = {} as Record<Role, string>;
    for (const role of everyRole) {
      const [user] = await app.database.db.select({ id: users.id }).from(users).where(inArray(users.username, [`fz-${role.replace('_', '-')}`]));
      await app.database.db.update(users).set({ role, active: true }).where(inArray(users.id, [user!.id]));
      cookies[role] = `sid=${(await createSession(app.database.db, user!.id, 1)).token}`;
    }
    return cookies;
  }
});
