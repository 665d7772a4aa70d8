import { describe, expect, it } from 'vitest';
import { trimQuoted } from '../../src/channels/email/parse.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { cleanText, receiptCodeIn } from '../../src/channels/text.js';
import { facebookSignatureValid, zaloSignatureValid } from '../../src/channels/webhook-auth.js';
import { attachmentHostsFrom, hostAllowed } from '../../src/channels/download.js';
import { ZaloAdapter, zaloAttachmentHosts } from '../../src/channels/zalo/adapter.js';

/** Issue 15: the channels' pure pieces (no I/O). */
describe('channel pieces', () => {
  it('given a reply with quoted history, then only the new text is kept (English and Vietnamese mail clients)', () => {
    expect(trimQuoted('Cảm ơn.\n\nVào 10:00 7/12/2026, Tổng đài 1022 đã viết:\n> Đã tiếp nhận')).toBe('Cảm ơn.');
    expect(trimQuoted('Thanks\nOn Mon, Dec 7, 2026 at 10:00 AM Hotline wrote:\n> old')).toBe('Thanks');
    expect(trimQuoted('a\n> quoted\nb')).toBe('a\nb');
  });

  it('given a subject, then the receipt code is found only whole and with our prefix', () => {
    expect(receiptCodeIn('Re: [1022-2026-000123] Đèn đường', '1022')).toBe('1022-2026-000123');
    expect(receiptCodeIn('Re: 1022-2026-0001234', '1022')).toBeNull();
    expect(receiptCodeIn('Re: 9999-2026-000123', '1022')).toBeNull();
  });

  it('given text with control characters and CRLF, then they are cleaned, tabs and newlines kept', () => {
    expect(cleanText('a\u0000b\r\nc\td\u009f')).toBe('ab\nc\td');
  });

  it('given sealed secrets, then the same key opens them and another key or an altered text does not', () => {
    const box = SecretBox.fromEnv('1'.repeat(64))!;
    const sealed = box.seal({ imapPassword: 'bí mật' });
    expect(sealed).not.toContain('bí mật');
    expect(box.open(sealed)).toEqual({ imapPassword: 'bí mật' });
    expect(() => SecretBox.fromEnv('2'.repeat(64))!.open(sealed)).toThrow();
    const altered = Buffer.from(sealed, 'base64');
    altered[altered.length - 1]! ^= 1;
    expect(() => box.open(altered.toString('base64'))).toThrow();
    expect(SecretBox.fromEnv(undefined)).toBeNull();
    expect(() => SecretBox.fromEnv('c2hvcnQ=')).toThrow();
  });

  it('given signatures, then only the exact ones pass (Zalo mac= over app id, body, timestamp, key; Facebook HMAC)', () => {
    const input = { appId: '1', rawBody: '{"a":1}', timestamp: '2', oaSecretKey: 'k' };
    expect(zaloSignatureValid(undefined, input)).toBe(false);
    expect(zaloSignatureValid('mac=abc', input)).toBe(false);
    expect(facebookSignatureValid('sha1=abc', Buffer.from('{}'), 's')).toBe(false);
  });

  it('given Zalo image and file events, then their files are listed to download when processed (not in the text); a shared link stays in the text; other events (follow, seen) are not messages', () => {
    const image = ZaloAdapter.toInbound({ event_name: 'user_send_image', sender: { id: 'u' }, timestamp: '1', message: { msg_id: 'i1', text: 'ảnh', attachments: [{ type: 'image', payload: { url: 'https://s120.zadn.vn/i.jpg' } }] } });
    expect(image!.text).toBe('ảnh');
    expect(image!.attachments).toEqual([{ fileName: 'anh-zalo', contentType: 'image/*', size: 0, url: 'https://s120.zadn.vn/i.jpg' }]);
    const file = ZaloAdapter.toInbound({ event_name: 'user_send_file', sender: { id: 'u' }, message: { msg_id: 'f1', attachments: [{ type: 'file', payload: { url: 'https://f1.zdn.vn/f.pdf', name: 'don.pdf', size: '1200' } }] } });
    expect(file!.attachments).toEqual([{ fileName: 'don.pdf', contentType: 'application/octet-stream', size: 1200, url: 'https://f1.zdn.vn/f.pdf' }]);
    const link = ZaloAdapter.toInbound({ event_name: 'user_send_link', sender: { id: 'u' }, message: { msg_id: 'l1', attachments: [{ type: 'link', payload: { url: 'https://baomoi.example/bai-viet' } }] } });
    expect(link!.text).toBe('[liên kết] https://baomoi.example/bai-viet');
    expect(link!.attachments).toEqual([]);
    expect(ZaloAdapter.toInbound({ event_name: 'follow', sender: { id: 'u' } })).toBeNull();
  });

  it('given a file link, then only https on an allowed CDN domain (or an exact allowed origin) may be fetched (SSRF)', () => {
    const hosts = attachmentHostsFrom(undefined, zaloAttachmentHosts);
    const allowed = (url: string, list: readonly string[] = hosts) => hostAllowed(new URL(url), list);
    expect(allowed('https://s120-ava-talk.zadn.vn/a/b.jpg')).toBe(true);
    expect(allowed('https://zdn.vn/f.pdf')).toBe(true);
    expect(allowed('http://s120.zadn.vn/a.jpg')).toBe(false);
    expect(allowed('https://s120.zadn.vn:8443/a.jpg')).toBe(false);
    expect(allowed('https://evilzadn.vn/a.jpg')).toBe(false);
    expect(allowed('https://zadn.vn.evil.example/a.jpg')).toBe(false);
    expect(allowed('https://user:pw@s1.zadn.vn/a.jpg')).toBe(false);
    expect(allowed('http://169.254.169.254/latest/meta-data')).toBe(false);
    const local = attachmentHostsFrom('http://127.0.0.1:8080, cdn.example.vn', zaloAttachmentHosts);
    expect(allowed('http://127.0.0.1:8080/files/a.png', local)).toBe(true);
    expect(allowed('http://127.0.0.1:8081/files/a.png', local)).toBe(false);
    expect(allowed('https://s1.zadn.vn/a.jpg', local)).toBe(false);
    expect(allowed('https://img.cdn.example.vn/a.jpg', local)).toBe(true);
  });
});
