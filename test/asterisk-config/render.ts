import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const templates = path.resolve(import.meta.dirname, '../../asterisk-config');

/** Variables the templates require (passwords ≥ 12 characters), as an operator's .env would give them. */
export const requiredEnv: Record<string, string> = {
  ARI_USERNAME: 'callcentre',
  ARI_PASSWORD: 'ari-password-123456',
  ARI_APP: 'callcentre',
  ARI_HTTP_BIND: '127.0.0.1',
  ARI_HTTP_PERMIT: '127.0.0.1/32',
  SIP_BIND: '0.0.0.0',
  SIP_OPERATOR_NETS: '10.0.0.0/8',
  SIP_OP101_PASSWORD: 'op101-password-123',
  SIP_OP102_PASSWORD: 'op102-password-123',
  SIP_OP103_PASSWORD: 'op103-password-123',
  SIP_OP104_PASSWORD: 'op104-password-123',
  SIP_OP105_PASSWORD: 'op105-password-123',
  SIP_EMERG01_PASSWORD: 'emerg01-password-12',
  TRUNK_HOST: '192.0.2.10',
  TRUNK_MATCH: '192.0.2.10',
  TRUNK_FROM_USER: '02511022',
};

export interface Rendered {
  status: number | null;
  stderr: string;
  /** A rendered file's text. */
  file(name: string): string;
}

/**
 * Runs asterisk-config/docker-entrypoint.sh as the container would (no Asterisk: the command is `true`), with an
 * image whose modules directory holds `modules` (empty files).
 */
export function renderAsteriskConfig(env: Record<string, string>, options: { modules?: string[] } = {}): Rendered {
  const work = mkdtempSync(path.join(tmpdir(), 'asterisk-config-'));
  const confDir = path.join(work, 'etc');
  mkdirSync(path.join(work, 'modules'));
  for (const name of options.modules ?? []) writeFileSync(path.join(work, 'modules', name), '');
  const result = spawnSync('/bin/sh', [path.join(templates, 'docker-entrypoint.sh'), 'true'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ASTERISK_TEMPLATE_DIR: templates,
      ASTERISK_CONF_DIR: confDir,
      ASTERISK_VOLUME_DIRS: path.join(work, 'spool'),
      ASTERISK_MODULES_DIR: path.join(work, 'modules'),
      ...env,
    },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, file: (name) => readFileSync(path.join(confDir, name), 'utf8') };
}

/** The effective (uncommented) lines of a section, e.g. `[op-endpoint](!)`, up to the next section. */
export function sectionLines(conf: string, header: string): string[] {
  const lines = conf.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) return [];
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('[')) break;
    const content = line.replace(/;.*$/, '').trim();
    if (content) body.push(content.replace(/\s*=\s*/, ' = '));
  }
  return body;
}
