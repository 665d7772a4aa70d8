import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private Dovecot IMAP server (Debian's dovecot-imapd) in a temporary directory, plain text on 127.0.0.1. */
export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'dovecot-'));
  chmodSync(dir, 0o777);
  for (const sub of ['run', 'state', 'home']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  const port = await freePort();
  const user = 'hopthu@tongdai.test';
  const password = 'mat-khau-imap';
  // Mail is stored as the current user, or nobody when the tests run as root (Dovecot refuses uid 0).
  const uid = process.getuid?.() || 65534;
  const gid = process.getgid?.() || 65534;
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
`,
  );
  // stdio ignored: the daemon keeps inherited pipes open, and spawnSync would wait on them for ever.
  const started = spawnSync('dovecot', ['-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  if (started.status !== 0) throw new Error(`dovecot did not start (exit ${String(started.status)}); see ${dir}/dovecot.log`);
  return {
    port,
    user,
    password,
    stop() {
      try {
        const pid = Number(readFileSync(join(dir, 'run', 'master.pid'), 'utf8').trim());
        if (pid) process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
