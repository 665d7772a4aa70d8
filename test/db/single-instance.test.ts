import { mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { claimDataDir, SecondInstanceError } from '../../src/db/single-instance.js';

/** Issue 17: PGlite is single-process; a second instance on the same DATA_DIR is refused with a clear message. */
describe('one instance per PGlite data directory', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'single-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('given another live instance holds the data directory, when a server opens it, then it is refused with a message that points to PostgreSQL', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'instance.lock'), 'other-host:4242');
    const opening = openDatabase({ dataDir: d });
    await expect(opening).rejects.toBeInstanceOf(SecondInstanceError);
    await expect(opening).rejects.toThrow(/other-host:4242.*DATABASE_URL/s);
  });

  it('given a lock left by a crash (not touched for over 30 s), when a server opens the directory, then it takes it over', () => {
    const d = dir();
    const file = path.join(d, 'instance.lock');
    writeFileSync(file, 'gone-host:1');
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const release = claimDataDir(d);
    release();
    expect(existsSync(file)).toBe(false);
  });
});
