import fp from 'fastify-plugin';
import { KbImportRunner } from './import-runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    kbImports: KbImportRunner;
  }
}

/**
 * The knowledge-base import runner (issue 16): imports queued before a restart are run once the app is ready; the
 * run route kicks it. Closed (waiting for a run in progress) with the app.
 */
export const kbImportPlugin = fp(
  async (app) => {
    const runner = new KbImportRunner(app.db, app.log, app.io);
    app.decorate('kbImports', runner);
    app.addHook('onReady', async () => {
      runner.kick().catch((error: unknown) => app.log.error({ err: error }, 'knowledge-base import runner failed'));
    });
    app.addHook('preClose', async () => {
      await runner.close();
    });
  },
  { name: 'kb-imports', dependencies: ['database', 'socket.io'] },
);
