/**
 * The files citizens send on Zalo and Facebook arrive as links to the channel's CDN (issue 15). They are downloaded
 * in the inbox processing step — never in the webhook request, which must answer within Zalo's 2 s — and stored
 * through `storeInboundAttachment` (size counted while streaming, type from the bytes).
 *
 * SSRF: only links on the channel's file hosts are fetched (an allow-list per channel, `attachmentHosts`: a bare
 * domain allows https on it and its subdomains; a full origin such as http://127.0.0.1:8080 allows exactly that
 * origin, for test servers); each redirect is checked the same way, nothing is sent with the request (no token, no
 * cookie). A 5xx, 429, timeout or network error throws DownloadRetryable: the inbox retries the whole message with
 * its backoff and, on its last attempt, files it with a note instead. A refusal (4xx, a foreign host, too large,
 * a type not allowed) is a note at once.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AttachmentStore } from '../attachments/store.js';
import type { AdapterContext } from './plugin.js';
import { cleanText } from './text.js';
import { maxAttachmentsPerMessage, refusedNotes, storeInboundAttachment, tooMany, type AttachmentShelf } from './attachments.js';
import type { InboundAttachment, InboundMessage } from './types.js';

export interface AttachmentSource extends AttachmentShelf {
  /** The allow-list: bare domains (https, subdomains included) or exact origins. */
  hosts: readonly string[];
  timeoutMs: number;
}

/** A failure worth another try later (5xx, 429, timeout, network, the channel switched off meanwhile). */
export class DownloadRetryable extends Error {
  constructor(readonly code: string) {
    super(`attachment download failed: ${code}`);
    this.name = 'DownloadRetryable';
  }
}

const maxRedirects = 3;

/** Whether `url` may be fetched under the allow-list. */
export function hostAllowed(url: URL, hosts: readonly string[]): boolean {
  if (url.username || url.password) return false;
  return hosts.some((entry) => {
    if (entry.includes('://')) {
      try {
        return new URL(entry).origin === url.origin;
      } catch {
        return false;
      }
    }
    const domain = entry.toLowerCase().replace(/^\*?\./, '');
    return url.protocol === 'https:' && url.port === '' && domain !== '' && (url.hostname === domain || url.hostname.endsWith(`.${domain}`));
  });
}

/** A channel's allow-list from its `attachmentHosts` setting (comma or space separated), or its CDN's defaults. */
export function attachmentHostsFrom(setting: unknown, defaults: readonly string[]): string[] {
  const listed = typeof setting === 'string' ? setting.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean) : [];
  return listed.length > 0 ? listed : [...defaults];
}

/** A channel's download settings: its allow-list, the attachment store, ATTACHMENT_MAX_BYTES, CHANNELS_DOWNLOAD_TIMEOUT_MS. */
export function attachmentSourceFrom(context: Pick<AdapterContext, 'env' | 'stored'>, defaultHosts: readonly string[]): AttachmentSource {
  return {
    store: new AttachmentStore(context.env.DATA_DIR),
    maxBytes: context.env.ATTACHMENT_MAX_BYTES,
    timeoutMs: context.env.CHANNELS_DOWNLOAD_TIMEOUT_MS,
    hosts: attachmentHostsFrom(context.stored.config.attachmentHosts, defaultHosts),
  };
}

/** Downloads one linked file into the store, or says why it was refused; throws DownloadRetryable for transient failures. */
export async function downloadAttachment(source: AttachmentSource, attachment: InboundAttachment): Promise<InboundAttachment> {
  const listed = { fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.size };
  let url: URL;
  try {
    url = new URL(attachment.url ?? '');
  } catch {
    return { ...listed, refused: 'HOST_NOT_ALLOWED' };
  }
  if (attachment.size > source.maxBytes) return { ...listed, refused: 'FILE_TOO_LARGE' };
  const signal = AbortSignal.timeout(source.timeoutMs);
  try {
    for (let hop = 0; ; hop += 1) {
      if (!hostAllowed(url, source.hosts)) return { ...listed, refused: 'HOST_NOT_ALLOWED' };
      const response = await fetch(url, { redirect: 'manual', signal, headers: { accept: '*/*' } });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && hop < maxRedirects) {
        await response.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        await response.body?.cancel();
        throw new DownloadRetryable(`HTTP_${response.status}`);
      }
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel();
        return { ...listed, refused: 'DOWNLOAD_REFUSED' };
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > source.maxBytes) {
        await response.body.cancel();
        return { ...listed, refused: 'FILE_TOO_LARGE' };
      }
      return await storeInboundAttachment(source, attachment.fileName, Readable.fromWeb(response.body as WebReadableStream<Uint8Array>));
    }
  } catch (error) {
    if (error instanceof DownloadRetryable) throw error;
    const name = (error as { name?: string }).name;
    throw new DownloadRetryable(name === 'TimeoutError' || name === 'AbortError' || signal.aborted ? 'TIMEOUT' : 'NETWORK');
  }
}

/**
 * The message with its linked files downloaded (the inbox's preparing step). `source` is null when the channel is
 * off or unconfigured: its files wait (retried) like a download that failed. On the last attempt, a file that still
 * cannot be fetched is listed as DOWNLOAD_FAILED and the message is filed with a note rather than lost.
 */
export async function keepLinkedAttachments(message: InboundMessage, source: AttachmentSource | null, finalAttempt: boolean): Promise<InboundMessage> {
  const list = message.attachments ?? [];
  if (!list.some((a) => a.url && !a.sha256 && !a.refused)) return message;
  const kept: InboundAttachment[] = [];
  for (const [index, attachment] of list.entries()) {
    if (!attachment.url || attachment.sha256 || attachment.refused) kept.push(attachment);
    else if (index >= maxAttachmentsPerMessage) kept.push(tooMany(attachment.fileName, attachment.contentType, attachment.size));
    else {
      try {
        if (!source) throw new DownloadRetryable('CHANNEL_OFF');
        kept.push(await downloadAttachment(source, attachment));
      } catch (error) {
        if (!(error instanceof DownloadRetryable) || !finalAttempt) throw error;
        kept.push({ fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.size, refused: 'DOWNLOAD_FAILED' });
      }
    }
  }
  return { ...message, attachments: kept.map(({ url: _url, ...rest }) => rest) };
}

/**
 * The inbox's preparing step for every channel, before filing: linked files downloaded, and a visible note in the
 * text for each file that was not kept (email's refusals included), so the operator sees what did not arrive.
 */
export async function prepareInbound(message: InboundMessage, source: AttachmentSource | null, finalAttempt: boolean, maxBytes: number): Promise<InboundMessage> {
  const prepared = await keepLinkedAttachments(message, source, finalAttempt);
  const notes = refusedNotes(prepared.attachments, maxBytes);
  const kept = (prepared.attachments ?? []).some((a) => a.sha256);
  const text = prepared.text.trim() === '' && kept ? '(tệp đính kèm)' : prepared.text;
  return notes.length === 0 && text === prepared.text ? prepared : { ...prepared, text: [text, ...notes].filter((line) => line.trim() !== '').join('\n') };
}

/** A linked file as an adapter lists it: the link kept for the processing step, its name cleaned. */
export function linkedAttachment(url: string, fileName: string, contentType: string, size: unknown): InboundAttachment {
  return { fileName: cleanText(fileName, 200), contentType, size: Math.max(0, Number(size) || 0), url: cleanText(url, 2000) };
}
