import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fields } from '../../src/db/schema/index.js';
import { readWavFormat } from '../../src/prompts/audio/wav.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';
import { multipart } from '../attachments/samples.js';
import { tone, wavBytes } from './audio.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const menu = {
  start: 'main',
  nodes: {
    main: {
      kind: 'menu',
      prompts: ['vi/main-menu', 'vi/loi-chao-moi'],
      options: { '1': { type: 'enqueue', fieldCode: 'y-te', priority: 0 }, '9': { type: 'hangup', prompt: 'vi/goodbye' } },
      timeoutSeconds: 5,
      maxRetries: 1,
      onExhausted: { type: 'hangup' },
    },
  },
};

describe('IVR prompts API (R3, R24)', () => {
  let t: TestApp;
  let s: Staff;
  let promptsDir = '';
  let menuId = '';
  beforeAll(async () => {
    promptsDir = mkdtempSync(path.join(tmpdir(), 'prompts-api-'));
    mkdirSync(path.join(promptsDir, 'vi'));
    writeFileSync(path.join(promptsDir, 'vi', 'main-menu.wav'), wavBytes([tone(440, 0.5, 8000)], 8000, 1, 16));
    t = await startTestApp({ PROMPTS_DIR: promptsDir, PROMPT_UPLOAD_MAX_BYTES: '200000', PROMPT_MAX_SECONDS: '10' });
    s = await signInStaff(t, 'pr');
    await t.database.db.insert(fields).values({ code: 'y-te', name: 'Y tế' });
    const created = await s.as('admin', 'POST', '/api/ivr-menus', { code: 'thu', name: 'Thử', definition: menu });
    expect(created.statusCode, created.body).toBe(201);
    menuId = created.json().id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(promptsDir, { recursive: true, force: true });
  });

  const upload = (name: string, bytes: Buffer, role: 'admin' | 'supervisor' = 'admin') => {
    const body = multipart('ghi-am.bin', 'application/octet-stream', bytes);
    return t.app.inject({ method: 'POST', url: `/api/prompts/upload?name=${encodeURIComponent(name)}`, payload: body.payload, headers: { ...body.headers, cookie: s.cookies[role] } });
  };

  it('given a menu playing a prompt with no file, when its prompts are read, then the missing one is flagged with where it is used', async () => {
    const response = await s.as('supervisor', 'GET', `/api/ivr-menus/${menuId}/prompts`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      items: [
        { name: 'vi/main-menu', present: true, where: ['nodes.main.prompts.0'] },
        { name: 'vi/loi-chao-moi', present: false, where: ['nodes.main.prompts.1'] },
        { name: 'vi/goodbye', present: false, where: ['nodes.main.options.9.prompt'] },
      ],
      missing: ['vi/loi-chao-moi', 'vi/goodbye'],
    });
  });

  it('given a draft definition, when checked, then its prompts are flagged without saving it; an invalid draft is 400', async () => {
    const draft = structuredClone(menu);
    draft.nodes.main.prompts = ['vi/main-menu'];
    const response = await s.as('admin', 'POST', '/api/ivr-menus/prompts-check', { definition: draft });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().missing).toEqual(['vi/goodbye']);
    const invalid = await s.as('admin', 'POST', '/api/ivr-menus/prompts-check', { definition: { start: 'nowhere', nodes: {} } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('INVALID_IVR_MENU');
  });

  it('given an MP3 recorded on a PC, when an admin uploads it for a missing prompt, then it is stored as 8 kHz mono WAV, listed present and audited with before/after', async () => {
    const response = await upload('vi/loi-chao-moi', fixture('tone-44k-stereo.mp3'));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      prompt: { name: 'vi/loi-chao-moi', present: true, format: 'wav', sampleRate: 8000, channels: 1, asteriskReady: true, isDefault: false },
      source: { kind: 'mp3', sampleRate: 44_100, channels: 2 },
    });
    const file = readFileSync(path.join(promptsDir, 'vi', 'loi-chao-moi.wav'));
    expect(readWavFormat(file)).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    const audit = (await s.audits('vi/loi-chao-moi')).at(-1);
    expect(audit).toMatchObject({ action: 'prompt.upload', actorUsername: 'pr-admin', details: { before: { present: false }, after: { present: true, sampleRate: 8000, sha256: expect.any(String) } } });
    expect((await s.as('admin', 'GET', `/api/ivr-menus/${menuId}/prompts`)).json().missing).toEqual(['vi/goodbye']);
  });

  it('given an OGG voice note from a phone, when uploaded over an existing prompt, then it replaces it and can be listened to as audio/wav', async () => {
    const response = await upload('vi/main-menu', fixture('tone-48k.opus.ogg'));
    expect(response.statusCode, response.body).toBe(200);
    const audio = await s.as('supervisor', 'GET', '/api/prompts/file?name=vi/main-menu');
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    expect(readWavFormat(audio.rawPayload)).toMatchObject({ sampleRate: 8000, channels: 1 });
    const audit = (await s.audits('vi/main-menu')).at(-1);
    expect(audit?.details).toMatchObject({ before: { present: true, sampleRate: 8000 }, source: { kind: 'ogg-opus' } });
  });

  it('given the list, when a supervisor reads it, then default prompts, menu prompts and files are listed with their state and users', async () => {
    const response = await s.as('supervisor', 'GET', '/api/prompts');
    expect(response.statusCode, response.body).toBe(200);
    const byName = new Map(response.json().items.map((p: { name: string }) => [p.name, p]));
    expect(byName.get('vi/greeting')).toMatchObject({ present: false, isDefault: true, defaultText: expect.stringContaining('Tổng đài một không hai hai') });
    expect(byName.get('vi/main-menu')).toMatchObject({ present: true, isDefault: true, durationSeconds: expect.any(Number), usedBy: [{ menuId, code: 'thu', where: ['nodes.main.prompts.0'] }] });
    expect(byName.get('vi/loi-chao-moi')).toMatchObject({ present: true, isDefault: false });
    expect(byName.get('vi/digits/5')).toMatchObject({ isDefault: true });
    expect(response.json().missing).toBeGreaterThan(10);
  });

  it('given espeak-ng and sox missing from the server, when an admin regenerates the default voice, then 503 names the missing tools', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    try {
      const response = await s.as('admin', 'POST', '/api/prompts/regenerate', {});
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json()).toMatchObject({ code: 'PROMPT_TOOLS_MISSING' });
      expect(response.json().message).toContain('espeak-ng, sox, soxi');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  describe('refusals', () => {
    it.each([
      ['not signed in', null, 'GET', '/api/prompts', undefined, 401],
      ['an operator listing', 'operator', 'GET', '/api/prompts', undefined, 403],
      ['an agency officer listening', 'agency_officer', 'GET', '/api/prompts/file?name=vi/main-menu', undefined, 403],
      ['a supervisor regenerating', 'supervisor', 'POST', '/api/prompts/regenerate', {}, 403],
      ['listening to a path out of the directory', 'admin', 'GET', '/api/prompts/file?name=../etc/passwd', undefined, 400],
      ['listening to a missing prompt', 'admin', 'GET', '/api/prompts/file?name=vi/goodbye', undefined, 404],
      ['regenerating a name that is not a default', 'admin', 'POST', '/api/prompts/regenerate', { names: ['vi/loi-chao-moi'] }, 400],
      ['overwriting without names', 'admin', 'POST', '/api/prompts/regenerate', { overwrite: true }, 400],
      ['the prompts of an unknown menu', 'admin', 'GET', '/api/ivr-menus/00000000-0000-4000-8000-000000000000/prompts', undefined, 404],
      ['the prompts of a bad menu id', 'admin', 'GET', '/api/ivr-menus/abc/prompts', undefined, 400],
    ] as const)('given %s (%s %s %s %o), then %i', async (_case, role, method, url, payload, status) => {
      const response = await s.as(role, method, url, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toEqual(expect.any(String));
    });

    it('given a supervisor, when they upload, then 403 and nothing is written', async () => {
      const response = await upload('vi/khong-duoc', wavBytes([tone(440, 0.2, 8000)], 8000, 1, 16), 'supervisor');
      expect(response.statusCode).toBe(403);
    });

    it.each([
      ['a PDF named .wav', Buffer.from('%PDF-1.7 not audio at all'), 415, 'AUDIO_NOT_SUPPORTED'],
      ['a recording over PROMPT_MAX_SECONDS', wavBytes([tone(440, 11, 8000)], 8000, 1, 16), 415, 'AUDIO_NOT_SUPPORTED'],
      ['a file over PROMPT_UPLOAD_MAX_BYTES', wavBytes([tone(440, 3, 44_100)], 44_100, 1, 16), 413, 'FILE_TOO_LARGE'],
    ])('given %s, when uploaded, then it is refused (413 or 415 with its code) and the prompt is unchanged', async (_case, bytes, status, code) => {
      const response = await upload('vi/goodbye', bytes);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
      expect((await s.as('admin', 'GET', '/api/prompts/file?name=vi/goodbye')).statusCode).toBe(404);
    });

    it('given a body that is not multipart, when uploaded, then 415 MULTIPART_REQUIRED', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/prompts/upload?name=vi/goodbye', payload: { file: 'x' }, headers: { cookie: s.cookies.admin } });
      expect(response.statusCode, response.body).toBe(415);
    });

    it('given a prompt name with a dot, when uploaded, then 400', async () => {
      const response = await upload('vi/a.b', wavBytes([tone(440, 0.2, 8000)], 8000, 1, 16));
      expect(response.statusCode).toBe(400);
    });

    it('given a prompts directory the server cannot write, when an admin uploads, then 503 PROMPTS_DIR_NOT_WRITABLE', async () => {
      // A file where the prompt's directory should be: the write fails for every user, root included (as on a read-only mount).
      writeFileSync(path.join(promptsDir, 'blocked'), 'not a directory');
      const response = await upload('blocked/x', wavBytes([tone(440, 0.2, 8000)], 8000, 1, 16));
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json().code).toBe('PROMPTS_DIR_NOT_WRITABLE');
    });
  });
});
