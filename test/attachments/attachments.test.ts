import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, tickets } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { exeBytes, multipart, pdfBytes, zipBytes } from './samples.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Files on tickets: type and size limits, content-addressed storage, R22 scope, every access audited. */
describe('ticket attachments', () => {
  let t: TestApp;
  let dataDir = '';
  let operator = '';
  let officer = '';
  let otherOfficer = '';
  let ticketId = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'attachments-'));
    t = await startTestApp({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: '4096' });
    const health = await createAgency(t, 'so-y-te');
    const transport = await createAgency(t, 'so-gtvt');
    await createTestUser(t, 'dtv', 'operator');
    await createTestUser(t, 'daumoi-yte', 'agency_officer', health.id);
    await createTestUser(t, 'daumoi-gtvt', 'agency_officer', transport.id);
    operator = await login(t, 'dtv');
    officer = await login(t, 'daumoi-yte');
    otherOfficer = await login(t, 'daumoi-gtvt');
    const [ticket] = await t.database.db
      .insert(tickets)
      .values({ receiptCode: '1022-2026-000301', channel: 'phone', content: 'Hỏi lịch tiêm', agencyId: health.id, status: 'forwarded' })
      .returning();
    ticketId = ticket!.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (cookie: string | null, body: ReturnType<typeof multipart>, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/attachments${query}`,
      payload: body.payload,
      headers: { ...body.headers, ...(cookie ? { cookie } : {}) },
    });
  const auditRows = (action: string) => t.database.db.select().from(auditLog).where(eq(auditLog.action, action));

  it('given an operator and a PDF, when uploaded, then 201, stored under its SHA-256 and the upload audited', async () => {
    const response = await upload(operator, multipart('Đơn kiến nghị.pdf', 'application/pdf', pdfBytes));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ ticketId, purpose: 'evidence', fileName: 'Đơn kiến nghị.pdf', mimeType: 'application/pdf', sizeBytes: pdfBytes.length, sha256: sha256(pdfBytes) });
    const stored = path.join(dataDir, 'attachments', body.sha256.slice(0, 2), body.sha256);
    expect(existsSync(stored)).toBe(true);
    const audit = await auditRows('attachment.upload');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityId: body.id, actorUsername: 'dtv' });
    expect(JSON.stringify(audit[0]?.details)).not.toContain('Đơn kiến nghị');
  });

  it('given the same bytes uploaded again, then a second row but one stored file, and no temp file left', async () => {
    const response = await upload(operator, multipart('ban-sao.pdf', 'application/pdf', pdfBytes));
    expect(response.statusCode).toBe(201);
    const rows = await t.database.db.select().from(attachments).where(eq(attachments.sha256, sha256(pdfBytes)));
    expect(rows).toHaveLength(2);
    expect(readdirSync(path.join(dataDir, 'attachments', sha256(pdfBytes).slice(0, 2)))).toEqual([sha256(pdfBytes)]);
    expect(readdirSync(path.join(dataDir, 'attachments', 'tmp'))).toEqual([]);
  });

  it('given a file over ATTACHMENT_MAX_BYTES, then 413 and nothing stored', async () => {
    const big = Buffer.concat([pdfBytes, Buffer.alloc(5000, 0x20)]);
    const response = await upload(operator, multipart('lon.pdf', 'application/pdf', big));
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('FILE_TOO_LARGE');
    expect(existsSync(path.join(dataDir, 'attachments', sha256(big).slice(0, 2), sha256(big)))).toBe(false);
    expect(readdirSync(path.join(dataDir, 'attachments', 'tmp'))).toEqual([]);
  });

  it('given an executable sent as application/pdf, or a plain zip named .docx, then 415 by magic bytes', async () => {
    const exe = await upload(operator, multipart('hoa-don.pdf', 'application/pdf', exeBytes));
    expect(exe.statusCode).toBe(415);
    expect(exe.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    const zip = await upload(operator, multipart('van-ban.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', zipBytes(['a.txt'])));
    expect(zip.statusCode).toBe(415);
    const docx = await upload(operator, multipart('van-ban.docx', 'application/octet-stream', zipBytes(['word/document.xml'])));
    expect(docx.statusCode).toBe(201);
    expect(docx.json().mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('given no session, then 401', async () => {
    expect((await upload(null, multipart('a.pdf', 'application/pdf', pdfBytes))).statusCode).toBe(401);
  });

  it("given an officer of another agency, when uploading or downloading, then 403 and the refusals are audited", async () => {
    const refusedUpload = await upload(otherOfficer, multipart('kq.pdf', 'application/pdf', pdfBytes), '?purpose=result');
    expect(refusedUpload.statusCode).toBe(403);
    expect(refusedUpload.json().code).toBe('OTHER_AGENCY');
    expect(await auditRows('attachment.upload_refused')).toHaveLength(1);

    const [first] = await t.database.db.select().from(attachments).where(eq(attachments.ticketId, ticketId));
    const download = await t.app.inject({ url: `/api/attachments/${first!.id}/file`, headers: { cookie: otherOfficer } });
    expect(download.statusCode).toBe(403);
    const refused = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'attachment.download_refused'), eq(auditLog.entityId, first!.id)));
    expect(refused).toHaveLength(1);
    expect((await t.app.inject({ url: `/api/attachments/${first!.id}`, headers: { cookie: otherOfficer } })).statusCode).toBe(403);
  });

  it("given the ticket's own agency officer, then a written result may be attached but not evidence", async () => {
    const evidence = await upload(officer, multipart('x.pdf', 'application/pdf', pdfBytes), '?purpose=evidence');
    expect(evidence.statusCode).toBe(403);
    expect(evidence.json().code).toBe('PURPOSE_NOT_ALLOWED');
    const result = await upload(officer, multipart('Kết quả.pdf', 'application/pdf', pdfBytes));
    expect(result.statusCode).toBe(201);
    expect(result.json().purpose).toBe('result');
  });

  it('given an allowed user, when downloading, then the exact bytes with a safe Content-Disposition and nosniff, audited', async () => {
    const [first] = await t.database.db.select().from(attachments).where(eq(attachments.fileName, 'Đơn kiến nghị.pdf'));
    const response = await t.app.inject({ url: `/api/attachments/${first!.id}/file`, headers: { cookie: officer } });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(pdfBytes)).toBe(true);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Don kien nghi.pdf"; filename*=UTF-8''%C4%90%C6%A1n%20ki%E1%BA%BFn%20ngh%E1%BB%8B.pdf`,
    );
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'attachment.download'), eq(auditLog.entityId, first!.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ ticketId, outcome: 'served' });

    const meta = await t.app.inject({ url: `/api/attachments/${first!.id}`, headers: { cookie: officer } });
    expect(meta.json()).toMatchObject({ id: first!.id, sha256: sha256(pdfBytes) });
    const list = await t.app.inject({ url: `/api/tickets/${ticketId}/attachments`, headers: { cookie: officer } });
    expect(list.json().items.length).toBeGreaterThanOrEqual(3);
  });

  it('given a request that is not multipart or has no file, then a 4xx saying so', async () => {
    const json = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/attachments`, payload: { a: 1 }, headers: { cookie: operator } });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('MULTIPART_REQUIRED');
    const boundary = 'xyz';
    const noFile = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/attachments`,
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: operator },
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().code).toBe('FILE_REQUIRED');
    const body = multipart('a.pdf', 'application/pdf', pdfBytes);
    const unknownTicket = await t.app.inject({
      method: 'POST',
      url: '/api/tickets/00000000-0000-4000-8000-000000000000/attachments',
      payload: body.payload,
      headers: { ...body.headers, cookie: operator },
    });
    expect(unknownTicket.statusCode).toBe(404);
  });
});
