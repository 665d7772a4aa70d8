import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { buildPagesIfStale, type PagesLocation } from './build.js';

export interface PagesOptions {
  /** The built pages; default `web/dist` of this repository. */
  distDir?: string;
  /** Build them first when missing or older than their sources (the server does; tests do not). */
  build?: boolean;
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultPagesLocation: PagesLocation = { webDir: path.join(repositoryRoot, 'web'), distDir: path.join(repositoryRoot, 'web', 'dist') };

/** Paths that belong to the server, never to the pages: an unknown one is a 404, not the app's index.html. */
const serverPrefixes = ['/api', '/docs', '/socket.io', '/healthz', '/readyz'];

const notBuilt = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tổng đài 1022</title>
<h1>Giao diện chưa được dựng</h1><p>Chạy <code>npm run web:build</code> (hoặc khởi động lại bằng <code>npm start</code>) rồi tải lại trang.</p></html>`;

/**
 * The pages (web/, built by Vite) on the server's own origin: hashed files under /assets/ cached for a year
 * (`immutable`), and every other GET that is not the server's own (/api, /docs, /socket.io, /healthz, /readyz)
 * answered with index.html, never cached, so client routes (/operator, …) load the app and a new build is seen
 * at the next load. No inline script or style is emitted, so helmet's CSP applies unchanged.
 */
export const pagesPlugin = fp<PagesOptions>(
  async (instance, options) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const distDir = options.distDir ?? defaultPagesLocation.distDir;
    if (options.build) await buildPagesIfStale({ ...defaultPagesLocation, distDir }, app.log.child({ component: 'pages' }));
    await app.register(fastifyStatic, { root: distDir, serve: false });

    const hidden = { hide: true, params: Type.Object({ '*': Type.String({ maxLength: 2000 }) }) };

    app.get('/assets/*', { config: { access: 'public' }, schema: hidden }, (request, reply) =>
      reply.sendFile(request.params['*'], path.join(distDir, 'assets'), { immutable: true, maxAge: '365d' }),
    );

    app.get('/*', { config: { access: 'public' }, schema: hidden }, (request, reply) => {
      const url = request.url.split('?')[0] ?? '/';
      const ownedByServer = serverPrefixes.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
      // A file name (robots.txt, a stale hashed script) is not a client route: 404 rather than the app.
      const fileName = /\.[A-Za-z0-9]+$/.test(url);
      if (ownedByServer || fileName) return reply.callNotFound();
      if (!existsSync(path.join(distDir, 'index.html'))) {
        return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuilt);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir, { cacheControl: false });
    });
  },
  { name: 'pages', dependencies: ['access'] },
);
