import { createInterface } from 'node:readline/promises';
import { withDatabase } from './cli.js';
import { createUser } from '../src/users/service.js';
import { recordAudit } from '../src/audit/service.js';
import { minPasswordLength } from '../src/auth/passwords.js';

// npm run create-admin -- <username>   (the password is read from ADMIN_PASSWORD or asked for)
await withDatabase('create-admin', async (database, env, log) => {
  const username = (process.argv[2] ?? env.ADMIN_USERNAME ?? '').trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(username)) {
    throw new Error('usage: npm run create-admin -- <username>   (3–64 characters: a-z 0-9 . _ -)');
  }
  let password = env.ADMIN_PASSWORD ?? '';
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    password = (await rl.question(`Mật khẩu cho ${username} (ít nhất ${minPasswordLength} ký tự): `)).trim();
    rl.close();
  }
  if (password.length < minPasswordLength) throw new Error(`the password must have at least ${minPasswordLength} characters`);
  const user = await createUser(database.db, { username, fullName: 'Quản trị hệ thống', password, role: 'admin' });
  await recordAudit(database.db, { actor: null, action: 'user.create', entityType: 'user', entityId: user.id, details: { role: 'admin', source: 'create-admin' } });
  log.info({ username }, 'admin account created');
});
