import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyBaseLogger } from 'fastify';

/** Where the pages' sources and their build live, from the repository root. */
export interface PagesLocation {
  /** `web/`: index.html, vite.config.ts and the sources. */
  webDir: string;
  /** `web/dist`: what the server sends. */
  distDir: string;
}

export type BuildResult = 'fresh' | 'built' | 'no-sources' | 'failed';

const ignored = new Set(['dist', 'node_modules']);

/** The newest modification time among the pages' sources (and the lockfile: new library versions mean a new build). */
export function newestSourceTime(webDir: string, lockfile?: string): number {
  let newest = lockfile && existsSync(lockfile) ? statSync(lockfile).mtimeMs : 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (ignored.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(webDir);
  return newest;
}

/** The build is missing or older than a source: it must be (re)built. */
export function pagesAreStale({ webDir, distDir }: PagesLocation, lockfile?: string): boolean {
  const built = path.join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  return statSync(built).mtimeMs < newestSourceTime(webDir, lockfile);
}

/**
 * Builds the pages with Vite when the build is missing or older than its sources, so that `npm ci && npm start` on a
 * fresh clone serves them. Vite runs as a child process (its own CLI, `NODE_ENV=production`): the server's process
 * neither loads the bundler nor has its environment changed by it. Vite is a development dependency: where it is not
 * installed (an image built with `--omit=dev`, which ships the build instead) nothing is built and that is logged.
 */
export async function buildPagesIfStale(location: PagesLocation, log: FastifyBaseLogger): Promise<BuildResult> {
  const { webDir, distDir } = location;
  if (!existsSync(path.join(webDir, 'index.html'))) return 'no-sources';
  const lockfile = path.join(webDir, '..', 'package-lock.json');
  if (!pagesAreStale(location, lockfile)) return 'fresh';
  const started = Date.now();
  log.info({ webDir, distDir }, 'building the pages (web/ is newer than web/dist): this takes a few seconds');
  try {
    const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
    await run(process.execPath, [vite, 'build', '--config', path.join(webDir, 'vite.config.ts'), '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'], {
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (error) {
    log.error({ err: error }, 'building the pages failed: the API works, the pages answer 503 (run `npm run web:build`)');
    return 'failed';
  }
  log.info({ ms: Date.now() - started }, 'pages built');
  return 'built';
}

const run = promisify(execFile);
