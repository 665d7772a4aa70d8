// Needs Debian's espeak-ng and sox: run by `npm run test:tools` (.ci/run installs them first), not by `npm test`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavFormat } from '../../src/prompts/audio/wav.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';

describe('regenerating the default Vietnamese prompts with espeak-ng and sox (R3)', () => {
  let t: TestApp;
  let s: Staff;
  let promptsDir = '';
  beforeAll(async () => {
    promptsDir = mkdtempSync(path.join(tmpdir(), 'prompts-gen-'));
    mkdirSync(path.join(promptsDir, 'vi'));
    writeFileSync(path.join(promptsDir, 'vi', 'goodbye.wav'), 'a recording by a speaker');
    t = await startTestApp({ PROMPTS_DIR: promptsDir });
    s = await signInStaff(t, 'gen');
  });
  afterAll(async () => {
    await t.close();
    rmSync(promptsDir, { recursive: true, force: true });
  });

  it('given a missing default prompt and a recorded one, when an admin regenerates both without overwrite, then only the missing one is made, 8 kHz mono', async () => {
    const response = await s.as('admin', 'POST', '/api/prompts/regenerate', { names: ['vi/no-input', 'vi/goodbye'] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ created: 1, kept: 1, names: ['vi/no-input', 'vi/goodbye'] });
    expect(readWavFormat(readFileSync(path.join(promptsDir, 'vi', 'no-input.wav')))).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    expect(readFileSync(path.join(promptsDir, 'vi', 'goodbye.wav'), 'utf8')).toBe('a recording by a speaker');
    const audit = (await s.as('admin', 'GET', '/api/audit?action=prompt.regenerate')).json();
    expect(audit.items).toMatchObject([{ actorUsername: 'gen-admin', details: { overwrite: false, created: 1, kept: 1 } }]);
  });

  it('given overwrite, when an admin regenerates a named prompt, then the recording is replaced by the synthetic voice', async () => {
    const response = await s.as('admin', 'POST', '/api/prompts/regenerate', { names: ['vi/goodbye'], overwrite: true });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ updated: 1 });
    expect(readWavFormat(readFileSync(path.join(promptsDir, 'vi', 'goodbye.wav')))).toMatchObject({ sampleRate: 8000 });
  });
});
