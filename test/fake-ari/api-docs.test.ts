import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_CAPTURES } from './support/captures.js';
import { OPERATIONS } from './swagger/operations.js';

const REAL_DOCS = resolve(SHARED_CAPTURES, '../api-docs');

interface RealParam {
  name: string;
  paramType: string;
  required?: boolean;
  allowMultiple?: boolean;
}

interface RealDoc {
  apis: Array<{ path: string; operations: Array<{ httpMethod: string; nickname: string; parameters?: RealParam[] }> }>;
}

/** The fake's minimal Swagger fixtures must be a faithful subset of Asterisk 22's own api-docs. */
describe.runIf(existsSync(REAL_DOCS))('fake ARI api-docs fixtures', () => {
  for (const [resource, operations] of Object.entries(OPERATIONS)) {
    it(`given Asterisk's ${resource}.json, then every operation of the fake exists there with the same method, nickname and parameters`, () => {
      const real = JSON.parse(readFileSync(resolve(REAL_DOCS, `${resource}.json`), 'utf8')) as RealDoc;
      for (const operation of operations) {
        const api = real.apis.find((a) => a.path === operation.path);
        const realOperation = api?.operations.find((o) => o.httpMethod === operation.method);
        expect(realOperation?.nickname, `${operation.method} ${operation.path}`).toBe(operation.nickname);
        for (const param of operation.params) {
          const realParam = realOperation?.parameters?.find((p) => p.name === param.name);
          expect(realParam, `${operation.nickname}.${param.name}`).toBeDefined();
          expect([realParam?.paramType, realParam?.required ?? false, realParam?.allowMultiple ?? false], `${operation.nickname}.${param.name}`).toEqual([
            param.paramType,
            param.required,
            param.allowMultiple,
          ]);
        }
      }
    });
  }
});
