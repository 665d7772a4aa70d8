import { withDatabase } from './cli.js';
import { seed } from '../src/seed/seed.js';
import { demoPassword } from '../src/seed/data.js';

// npm run seed — sample province data (idempotent). Demo accounts only outside production,
// or with SEED_DEMO_USERS=true.
await withDatabase('seed', async (database, env, log) => {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: env.BUSINESS_TZ, year: 'numeric' }).format(new Date()));
  const demoUsers = env.NODE_ENV !== 'production' || process.env.SEED_DEMO_USERS === 'true';
  const report = await seed(database.db, { year, demoUsers });
  log.info({ driver: database.driver, ...report }, 'seed done (rows inserted now; 0 = already there)');
  if (report.users.length > 0) {
    log.info({ users: report.users, password: demoPassword }, 'demo accounts created: change their passwords before real use');
  }
});
