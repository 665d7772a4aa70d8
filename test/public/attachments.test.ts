import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, publicChallengeUses, tickets } from '../../src/db/schema/index.js';
import { leadingZeroBits, workDigest } from '../../src/public/challenge.js';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { exeBytes, jpegBytes, multipartParts, pdfBytes } from '../attachments/samples.js';

const text = { name: 'Phạm Thị Dung', phone: '0912 345 678', address: 'Khu phố 3, phường Tân Mai', content: 'Ổ gà lớn trước cổng trường tiểu học, xe máy ngã nhiều lần.' };
type Part = Parameters<typeof multipartParts>[0][number];
const textParts = (values: Record<string, string> = text): Part[] => Object.entries(values).map(([name, value]) => ({ name, text: value }));
const photo = (fileName = 'IMG_0412.jpg', bytes = jpegBytes): Part => ({ name: 'files', fileName, contentType: 'image/jpeg', bytes });
/** An iPhone's HEIC photo: an ISO base media `ftyp` box with the heic brand. */
const heicBytes = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\u0000\u0000\u0000\u0000mif1heic', 'latin1'), Buffer.alloc(64, 1)]);

function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) if (leadingZeroBits(workDigest(challenge, String(n))) >= bits) return String(n);
}

/**
 * Issue 14: a citizen's request from the public portal carries photos and documents (R9 web channel, R16). The files
 * pass the ticket attachments' checks, need the solved challenge, are kept only with the ticket, and the hotline sees
 * and downloads them as any other attachment, audited (R22).
 */
describe('public request with attachments', () => {
  let t: TestApp;
  let dataDir = '';
  let operator = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'public-files-'));
    t = await startTestApp({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: '4096', PUBLIC_REQUEST_MAX_FILES: '3', PUBLIC_CHALLENGE_BITS: '6', PUBLIC_SUBMIT_PER_HOUR: '50' });
    await createTestUser(t, 'dtv-tep', 'operator');
    operator = await login(t, 'dtv-tep');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const solvedHeaders = async () => {
    const { challenge, bits } = (await t.app.inject({ url: '/api/public/challenge' })).json() as { challenge: string; bits: number };
    return { 'x-pow-challenge': challenge, 'x-pow-nonce': solve(challenge, bits) };
  };
  const send = async (parts: Part[], headers?: Record<string, string>) => {
    const body = multipartParts(parts);
    return t.app.inject({ method: 'POST', url: '/api/public/requests', payload: body.payload, headers: { ...body.headers, ...(headers ?? (await solvedHeaders())) } });
  };
  const stored = async () => ({
    tickets: (await t.database.db.select({ n: count() }).from(tickets))[0]?.n,
    attachments: (await t.database.db.select({ n: count() }).from(attachments))[0]?.n,
    files: existsSync(path.join(dataDir, 'attachments')) ? readdirSync(path.join(dataDir, 'attachments'), { recursive: true }).filter((f) => !String(f).startsWith('tmp')).length : 0,
    staging: existsSync(path.join(dataDir, 'attachments', 'tmp')) ? readdirSync(path.join(dataDir, 'attachments', 'tmp')).length : 0,
  });

  it('given a photo and a PDF, when the citizen sends the request, then the ticket has them as evidence and an operator lists and downloads them, audited (R16, R22)', async () => {
    const response = await send([...textParts(), photo('Ổ gà.jpg'), { name: 'files', fileName: 'Đơn.pdf', contentType: 'application/pdf', bytes: pdfBytes }]);
    expect(response.statusCode, response.body).toBe(201);
    const { receiptCode } = response.json();
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.receiptCode, receiptCode));
    expect(ticket).toMatchObject({ channel: 'web', citizenPhone: '0912345678', citizenAddress: text.address });

    const list = await t.app.inject({ url: `/api/tickets/${ticket!.id}/attachments`, headers: { cookie: operator } });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as Array<{ id: string; fileName: string; mimeType: string; purpose: string; uploadedBy: string | null; sizeBytes: number }>;
    expect(items.map((i) => [i.fileName, i.mimeType, i.purpose, i.uploadedBy])).toEqual([
      ['Ổ gà.jpg', 'image/jpeg', 'evidence', null],
      ['Đơn.pdf', 'application/pdf', 'evidence', null],
    ]);
    const detail = await t.app.inject({ url: `/api/tickets/${ticket!.id}`, headers: { cookie: operator } });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['Ổ gà.jpg', 'Đơn.pdf']);
    const download = await t.app.inject({ url: `/api/attachments/${items[0]!.id}/file`, headers: { cookie: operator } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.rawPayload.equals(jpegBytes)).toBe(true);

    const uploads = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'attachment.upload'));
    expect(uploads).toHaveLength(2);
    expect(uploads[0]).toMatchObject({ actorUserId: null, entityType: 'attachment', details: { ticketId: ticket!.id, channel: 'web', purpose: 'evidence' } });
    expect(JSON.stringify(uploads)).not.toContain('Ổ gà');
    const downloads = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'attachment.download'));
    expect(downloads.map((row) => row.entityId)).toEqual([items[0]!.id]);
    expect((await stored()).staging).toBe(0);
  });

  it('given the form asks what files it may send, then the count, size and types the server checks', async () => {
    const response = await t.app.inject({ url: '/api/public/request-limits' });
    expect(response.statusCode).toBe(200);
    const limits = response.json();
    expect(limits).toMatchObject({ maxFiles: 3, maxFileBytes: 4096 });
    expect(limits.fileTypes.map((type: { extension: string }) => type.extension)).toEqual(expect.arrayContaining(['jpg', 'png', 'heic', 'pdf', 'docx']));
  });

  it('given an iPhone HEIC photo, then it is taken as image/heic', async () => {
    const response = await send([...textParts(), photo('IMG_0001.HEIC', heicBytes)]);
    expect(response.statusCode, response.body).toBe(201);
    const [row] = await t.database.db.select().from(attachments).where(eq(attachments.fileName, 'IMG_0001.HEIC'));
    expect(row?.mimeType).toBe('image/heic');
  });

  it('given the request as JSON without files, then it is accepted as before', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/public/requests', payload: text, headers: await solvedHeaders() });
    expect(response.statusCode, response.body).toBe(201);
  });

  it.each([
    ['a file over ATTACHMENT_MAX_BYTES', 413, 'FILE_TOO_LARGE', 'dung lượng', () => [...textParts(), photo('lon.jpg', Buffer.concat([jpegBytes, Buffer.alloc(5000)]))]],
    ['an executable named .jpg', 415, 'FILE_TYPE_NOT_ALLOWED', 'Loại tệp', () => [...textParts(), photo(), photo('anh.jpg', exeBytes)]],
    ['more files than PUBLIC_REQUEST_MAX_FILES', 400, 'TOO_MANY_FILES', 'tối đa 3 tệp', () => [...textParts(), photo('1.jpg'), photo('2.jpg'), photo('3.jpg'), photo('4.jpg')]],
    ['a file but no content', 400, 'CONTENT_TOO_SHORT', 'Nội dung', () => [...textParts({ ...text, content: '' }), photo()]],
  ])('given %s, then %i %s with a Vietnamese message, and nothing is stored', async (_case, status, code, message, parts) => {
    const before = await stored();
    const response = await send(parts());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json()).toMatchObject({ code });
    expect(response.json().message).toContain(message);
    expect(await stored()).toEqual(before);
  });

  it('given a text field over its bound, then 400 and nothing is stored', async () => {
    const before = await stored();
    const response = await send([...textParts({ ...text, phone: '0'.repeat(60) }), photo()]);
    expect(response.statusCode, response.body).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('given files without a solved challenge, then 400 CHALLENGE_REQUIRED before the files are read; a used challenge, 409 CHALLENGE_USED; nothing stored', async () => {
    const before = await stored();
    const missing = await send([...textParts(), photo()], {});
    expect(missing.statusCode, missing.body).toBe(400);
    expect(missing.json().code).toBe('CHALLENGE_REQUIRED');
    const forged = await send([...textParts(), photo()], { 'x-pow-challenge': 'gia.mao', 'x-pow-nonce': '1' });
    expect(forged.json().code).toBe('CHALLENGE_INVALID');
    expect(await stored()).toEqual(before);
    const headers = await solvedHeaders();

    const uses = (await t.database.db.select({ n: count() }).from(publicChallengeUses))[0]?.n ?? 0;
    const first = await send([...textParts(), photo()], headers);
    expect(first.statusCode, first.body).toBe(201);
    const afterFirst = await stored();
    const replay = await send([...textParts(), photo()], headers);
    expect(replay.statusCode, replay.body).toBe(409);
    expect(replay.json().code).toBe('CHALLENGE_USED');
    expect(await stored()).toEqual(afterFirst);
    expect((await t.database.db.select({ n: count() }).from(publicChallengeUses))[0]?.n).toBe(uses + 1);
  });

  it('given a refused request (a type not allowed), then its challenge is still usable for the corrected request', async () => {
    const headers = await solvedHeaders();
    const refused = await send([...textParts(), photo('anh.jpg', exeBytes)], headers);
    expect(refused.statusCode).toBe(415);
    const corrected = await send([...textParts(), photo()], headers);
    expect(corrected.statusCode, corrected.body).toBe(201);
  });

  it('given the same photo bytes in two requests, then both tickets list it and the file is stored once', async () => {
    const bytes = Buffer.concat([jpegBytes, Buffer.from('cung-mot-anh')]);
    const digest = createHash('sha256').update(bytes).digest('hex');
    for (let i = 0; i < 2; i++) expect((await send([...textParts(), photo(`lan-${i}.jpg`, bytes)])).statusCode).toBe(201);
    expect(await t.database.db.select().from(attachments).where(eq(attachments.sha256, digest))).toHaveLength(2);
    expect(existsSync(path.join(dataDir, 'attachments', digest.slice(0, 2), digest))).toBe(true);
  });
});
