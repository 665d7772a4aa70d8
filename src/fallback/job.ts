import type { FastifyInstance } from 'fastify';
import type { ScheduledJob } from '../scheduler/plugin.js';
import { importFallbackCalls } from './importer.js';

/**
 * Every minute, and at once when an instance starts leading (after a gap with no instance connected): the dialplan
 * fallback's finished calls into the database (importer.ts). Off when FALLBACK_DIR is empty. Idempotent and safe on
 * several instances at once.
 */
export function fallbackImportJob(app: FastifyInstance): ScheduledJob {
  return {
    name: 'fallback.import',
    schedule: '* * * * *',
    runOnLead: true,
    run: async () => {
      if (!app.env.FALLBACK_DIR) return;
      const result = await importFallbackCalls(app.db, {
        dir: app.env.FALLBACK_DIR,
        recordingsDir: app.env.RECORDINGS_DIR,
        timeZone: app.env.BUSINESS_TZ,
        log: app.log.child({ job: 'fallback.import' }),
      });
      if (result.imported || result.failed) app.log.info({ ...result, job: 'fallback.import' }, 'fallback calls imported');
    },
  };
}
