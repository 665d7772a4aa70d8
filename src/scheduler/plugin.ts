import fp from 'fastify-plugin';
import cron, { type ScheduledTask } from 'node-cron';
import { deleteExpiredSessions } from '../auth/sessions.js';

export interface ScheduledJob {
  name: string;
  /** cron expression, evaluated in the business time zone */
  schedule: string;
  run(): Promise<void>;
  /** Also run once as soon as this instance starts leading (work left while no instance led, e.g. the fallback's calls). */
  runOnLead?: boolean;
}

/**
 * node-cron jobs in the business time zone, run by the leading instance only (issue 17). A job never overlaps itself; failures are logged, not fatal.
 * Later capabilities (deadline watch, recording retention, line capacity) add their jobs here.
 */
export const schedulerPlugin = fp<{ jobs?: ScheduledJob[] }>(
  async (app, { jobs = [] }) => {
    const all: ScheduledJob[] = [
      { name: 'sessions.cleanup', schedule: '17 * * * *', run: () => deleteExpiredSessions(app.db) },
      ...jobs,
    ];
    const guarded = (job: ScheduledJob) => async () => {
      try {
        await job.run();
      } catch (error) {
        app.log.error({ err: error, job: job.name }, 'scheduled job failed');
      }
    };
    const tasks: ScheduledTask[] = all.map((job) => cron.createTask(job.schedule, guarded(job), { name: job.name, timezone: app.env.BUSINESS_TZ, noOverlap: true }));
    // The jobs run on the leader only (issue 17): once across the instances, never twice.
    app.cluster.duty({
      name: 'jobs',
      start: async () => {
        await Promise.all(tasks.map((t) => t.start()));
        app.log.info({ jobs: all.map((j) => j.name) }, 'scheduled jobs started on this instance (it leads)');
        for (const job of all) if (job.runOnLead) void guarded(job)();
      },
      stop: async () => {
        await Promise.all(tasks.map((t) => t.stop()));
      },
    });
    app.addHook('onClose', async () => {
      await Promise.all(tasks.map((t) => t.destroy()));
    });
  },
  { name: 'scheduler', dependencies: ['database', 'cluster'] },
);
