import { withDatabase } from './cli.js';

// npm run db:migrate — applies the migrations in migrations/ (the server also does this at start).
await withDatabase('db:migrate', async (database, _env, log) => {
  log.info({ driver: database.driver }, 'migrations applied');
});
