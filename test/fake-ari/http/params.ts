import type { Query } from './router.js';

/** The last value of a parameter (Asterisk keeps the last of repeated parameters). */
export function str(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) return value[value.length - 1];
  return value;
}

/**
 * An `allowMultiple` parameter: Asterisk keeps the last occurrence and splits it on commas
 * (finding 23: repeating `media=` keeps only the last).
 */
export function list(query: Query, name: string): string[] {
  const value = str(query, name);
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** atoi semantics: missing → fallback, garbage → 0. */
export function int(query: Query, name: string, fallback: number): number {
  const value = str(query, name);
  if (value === undefined || value === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? 0 : parsed;
}

const TRUE_WORDS = new Set(['yes', 'true', 'y', 't', '1', 'on']);

export function bool(query: Query, name: string, fallback: boolean): boolean {
  const value = str(query, name);
  if (value === undefined || value === '') return fallback;
  return TRUE_WORDS.has(value.toLowerCase());
}

/** Query string + JSON body fields (arrays joined by commas) — `variables` stays a body object. */
export function mergeBody(query: Query, body: unknown): Query {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return query;
  const merged: Query = { ...query };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'variables' || value === null || typeof value === 'object' && !Array.isArray(value)) continue;
    merged[key] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return merged;
}

/** `{"variables": {"A": "1"}}` → `{A: "1"}`. */
export function bodyVariables(body: unknown): Record<string, string> | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const variables = (body as { variables?: unknown }).variables;
  if (!variables || typeof variables !== 'object') return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables as Record<string, unknown>)) result[key] = String(value);
  return result;
}
