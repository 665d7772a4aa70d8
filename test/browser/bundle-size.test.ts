import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultPagesLocation } from '../../src/pages/plugin.js';

/** Vite's manifest (web/dist/.vite/manifest.json): each chunk's file and what it imports. */
type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }>;

const { distDir } = defaultPagesLocation;
const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;

/** The JavaScript a page loads before it is usable: the chunk and, transitively, its static imports. */
function initialFiles(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) initialFiles(imported, seen);
  return seen;
}

const gzipBytes = (file: string) => gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length;

/** Deterministic: the size of the build, not a timing (issue 13's budget for the operator desk). */
describe('the size of the pages (built by the global setup)', () => {
  it('given the operator desk, then its initial JavaScript (app entry + the desk chunk and their imports) is at most 200 KB gzip', () => {
    const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
    const desk = Object.keys(manifest).find((key) => key.endsWith('operator/index.tsx'));
    expect(entry).toBeDefined();
    expect(desk).toBeDefined();
    const chunks = new Set([...initialFiles(entry!), ...initialFiles(desk!)]);
    const files = [...chunks].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
    const total = files.reduce((sum, file) => sum + gzipBytes(file), 0);
    // Printed for the README's figure; the assertion is the budget.
    process.stdout.write(`operator desk initial JS: ${(total / 1024).toFixed(1)} KB gzip in ${files.length} files\n`);
    expect(total).toBeLessThanOrEqual(200 * 1024);
  });

  it('given the built index.html, then it has no inline script or style, so the strict CSP needs no exception', () => {
    const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=/);
  });
});
