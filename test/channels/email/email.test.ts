import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, conversationMessages, conversations, tickets } from '../../../src/db/schema/index.js';
import { exeBytes, pngBytes } from '../../attachments/samples.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { signInStaff, type Staff } from '../../helpers/roles.js';
import { until } from '../support.js';
import { startDovecot, type Dovecot } from './dovecot.js';

const hotline = 'hopthu@tongdai.test';
const citizen = 'nguyen.van.an@example.vn';

/**
 * Issue 15 "done when", email: a citizen's email creates a ticket and gets the acknowledgement with its code; their
 * reply lands on the same ticket; an operator's answer arrives by email — against Debian's Dovecot (IMAP) and a local
 * SMTP server (smtp-server). R16, R22.
 */
describe('the email channel against a real IMAP server', () => {
  let dovecot: Dovecot;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const received: ParsedMail[] = [];
  let t: TestApp;
  let staff: Staff;
  let mailbox: ImapFlow;

  beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as { port: number }).port;
    t = await startTestApp({ CHANNELS_SECRET_KEY: 'a'.repeat(64), CHANNELS_EMAIL_POLL_SECONDS: '2', DATA_DIR: mkdtempSync(join(tmpdir(), 'mail-data-')) });
    staff = await signInStaff(t, 'mail');
    mailbox = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await mailbox.connect();
  });
  afterAll(async () => {
    await mailbox?.logout().catch(() => undefined);
    await t?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    dovecot?.stop();
  });

  /** A citizen's email lands in the hotline's mailbox. */
  async function arrive(headers: Record<string, string>, body: string): Promise<void> {
    const lines = Object.entries({ From: `Nguyen Van An <${citizen}>`, To: hotline, Date: new Date().toUTCString(), 'Content-Type': 'text/plain; charset=utf-8', ...headers }).map(([k, v]) => `${k}: ${v}`);
    await mailbox.append('INBOX', `${lines.join('\r\n')}\r\n\r\n${body}\r\n`);
  }

  async function conversationOf(address: string) {
    const [found] = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, address));
    return found;
  }

  it('given an admin configures the channel, then it connects and /readyz reports it ok; the secrets are not shown', async () => {
    const put = await staff.as('admin', 'PUT', '/api/channels/email', {
      enabled: true,
      config: { address: hotline, fromName: 'Tổng đài 1022', imapHost: '127.0.0.1', imapPort: dovecot.port, imapSecure: false, imapUser: dovecot.user, smtpHost: '127.0.0.1', smtpPort, smtpSecure: false },
      secrets: { imapPassword: dovecot.password },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.body).not.toContain(dovecot.password);
    expect(put.json().secretsSet).toEqual(['imapPassword']);
    await until(async () => (await t.app.inject({ url: '/readyz' })).json().channels.email.state === 'ok' && t.app.channels.health('email').detail === undefined, 'the email channel connected');
    const list = await staff.as('admin', 'GET', '/api/channels');
    expect(list.body).not.toContain(dovecot.password);
  });

  it('given a citizen emails the hotline, then a ticket is created and the acknowledgement with its receipt code comes back in the same thread; the email is flagged seen', async () => {
    await arrive({ Subject: 'Đèn đường hỏng', 'Message-ID': '<first@example.vn>' }, 'Đèn đường trước số 5 Lê Lợi không sáng.\n\n> trích dẫn cũ');
    const conversation = await until(() => conversationOf(citizen), 'the conversation');
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, conversation.ticketId));
    expect(ticket).toMatchObject({ channel: 'email', citizenEmail: citizen, citizenName: 'Nguyen Van An' });
    expect(ticket!.content).toContain('Đèn đường trước số 5 Lê Lợi');
    expect(ticket!.content).not.toContain('trích dẫn cũ');
    const ack = await until(async () => received.find((m) => m.inReplyTo === '<first@example.vn>'), 'the acknowledgement email');
    expect(ack.subject).toContain(ticket!.receiptCode);
    expect(ack.text).toContain(ticket!.receiptCode);
    expect(ack.to && !Array.isArray(ack.to) ? ack.to.value[0]?.address : null).toBe(citizen);
    const lock = await mailbox.getMailboxLock('INBOX');
    try {
      const unseen = await mailbox.search({ seen: false });
      expect(unseen).toEqual([]);
    } finally {
      lock.release();
    }
  });

  it('given the citizen replies to the acknowledgement, then the reply lands on the same ticket; an operator answers from the desk and the answer arrives by email in the thread', async () => {
    const conversation = (await conversationOf(citizen))!;
    const ack = received.find((m) => m.inReplyTo === '<first@example.vn>')!;
    await arrive({ Subject: `Re: ${ack.subject}`, 'Message-ID': '<second@example.vn>', 'In-Reply-To': ack.messageId!, References: `<first@example.vn> ${ack.messageId}` }, 'Bổ sung: đèn số 7 cũng hỏng.');
    await until(async () => {
      const rows = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation.id));
      return rows.filter((m) => m.direction === 'in').length === 2;
    }, 'the reply on the same conversation');
    expect(await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, citizen))).toHaveLength(1);

    const reply = await staff.as('operator', 'POST', `/api/conversations/${conversation.id}/reply`, { body: 'Điện lực sẽ sửa trong hôm nay.' });
    expect(reply.statusCode).toBe(201);
    const answer = await until(async () => received.find((m) => m.text?.includes('Điện lực sẽ sửa')), 'the operator’s answer by email');
    expect(answer.inReplyTo).toBe('<second@example.vn>');
    expect(answer.references).toEqual(expect.arrayContaining(['<first@example.vn>', '<second@example.vn>']));
  });

  it('given a reply by receipt code in the subject from the same address, then it joins the ticket; from another address, it opens a new ticket', async () => {
    const conversation = (await conversationOf(citizen))!;
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, conversation.ticketId));
    await arrive({ Subject: `Hỏi tiến độ ${ticket!.receiptCode}`, 'Message-ID': '<third@example.vn>' }, 'Đã sửa chưa ạ?');
    await until(async () => {
      const rows = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation.id));
      return rows.filter((m) => m.direction === 'in').length === 3;
    }, 'the message by receipt code');
    await arrive({ From: 'Tran Thi B <tran.b@example.vn>', Subject: `Về ${ticket!.receiptCode}`, 'Message-ID': '<other@example.vn>' }, 'Tôi cũng muốn hỏi');
    const other = await until(() => conversationOf('tran.b@example.vn'), 'a new conversation for another sender');
    expect(other.ticketId).not.toBe(conversation.ticketId);
  });

  it('given an email with a photo and a program attached, then the photo becomes a ticket attachment (checked like an upload) and the program does not', async () => {
    const boundary = 'ranh-gioi-1022';
    const body = [
      `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', 'Ảnh ổ gà trên đường Hùng Vương', '',
      `--${boundary}`, 'Content-Type: image/png; name="o-ga.png"', 'Content-Disposition: attachment; filename="o-ga.png"', 'Content-Transfer-Encoding: base64', '', pngBytes.toString('base64'), '',
      `--${boundary}`, 'Content-Type: application/pdf; name="hoa-don.pdf"', 'Content-Disposition: attachment; filename="hoa-don.pdf"', 'Content-Transfer-Encoding: base64', '', exeBytes.toString('base64'), '',
      `--${boundary}--`,
    ].join('\r\n');
    await arrive({ From: 'Pham D <pham.d@example.vn>', Subject: 'Ổ gà', 'Message-ID': '<photo@example.vn>', 'MIME-Version': '1.0', 'Content-Type': `multipart/mixed; boundary="${boundary}"` }, body);
    const conversation = await until(() => conversationOf('pham.d@example.vn'), 'the conversation with attachments');
    const rows = await t.database.db.select().from(attachments).where(eq(attachments.ticketId, conversation.ticketId));
    expect(rows.map((r) => [r.fileName, r.mimeType, r.purpose])).toEqual([['o-ga.png', 'image/png', 'evidence']]);
    // The photo is shown with its message; the program that is no PDF is a note in the message, as on Zalo and Facebook.
    const [message] = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation.id));
    expect(rows[0]!.conversationMessageId).toBe(message!.id);
    expect(message!.body).toContain('[Tệp đính kèm không được nhận: hoa-don.pdf — loại tệp không được nhận');
  });

  it('given an auto-reply, a bounce or our own message coming back, then no ticket and no answer', async () => {
    const before = received.length;
    await arrive({ From: 'Vacation <vacation@example.vn>', Subject: 'Out of office', 'Message-ID': '<ooo@example.vn>', 'Auto-Submitted': 'auto-replied' }, 'I am away');
    await arrive({ From: 'MAILER-DAEMON@example.vn', Subject: 'Undelivered', 'Message-ID': '<bounce@example.vn>' }, 'failed');
    await arrive({ From: 'Bulk <news@example.vn>', Subject: 'Newsletter', 'Message-ID': '<bulk@example.vn>', Precedence: 'bulk' }, 'news');
    // A fact to wait for: a normal email sent after them is filed (they were read before it).
    await arrive({ From: 'Le C <le.c@example.vn>', Subject: 'Hỏi thủ tục', 'Message-ID': '<after@example.vn>' }, 'Thủ tục cấp hộ chiếu?');
    await until(() => conversationOf('le.c@example.vn'), 'the normal email after them');
    for (const robot of ['vacation@example.vn', 'mailer-daemon@example.vn', 'news@example.vn']) expect(await conversationOf(robot)).toBeUndefined();
    await until(async () => received.length === before + 1, 'one acknowledgement (for the normal email only)');
  });
});
