import type { Static } from 'typebox';
import type { PublicAnswerPage, PublicField, PublicRequestLimits, PublicRequestReceipt, PublicTicket } from '@server/public/schemas.js';
import { ApiError, api, postForm } from '../shared/api/client.js';

export type Ticket = Static<typeof PublicTicket>;
export type Answers = Static<typeof PublicAnswerPage>;
export type PublicFieldView = Static<typeof PublicField>;
export type Receipt = Static<typeof PublicRequestReceipt>;
export type RequestLimits = Static<typeof PublicRequestLimits>;

export interface RequestInput {
  name: string;
  phone: string;
  address: string;
  email: string;
  fieldId: string;
  content: string;
}

interface Challenge {
  challenge: string;
  bits: number;
}

/** Solves the server's challenge in a Web Worker, so the page stays responsive while it works. */
function solveInWorker({ challenge, bits }: Challenge): Promise<string> {
  if (bits === 0) return Promise.resolve('0');
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ nonce: string }>) => {
      worker.terminate();
      resolve(event.data.nonce);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new ApiError(0, 'WORKER', event.message));
    };
    worker.postMessage({ challenge, bits });
  });
}

export interface SendProgress {
  /** The challenge is being solved. */
  onSolving(): void;
  /** Share of the request (text and files) sent, 0 to 1. */
  onSending(sent: number): void;
}

/**
 * A citizen's request (R9 web channel) with its files: a fresh challenge, solved, then the form as multipart with the
 * challenge in its headers (R16 receipt back).
 */
export async function sendRequest(input: RequestInput, files: readonly File[], progress: SendProgress): Promise<Receipt> {
  const challenge = await api.get<Challenge>('/api/public/challenge');
  progress.onSolving();
  const nonce = await solveInWorker(challenge);
  const form = new FormData();
  for (const [key, value] of Object.entries(input)) if (value.trim() !== '') form.append(key, value.trim());
  for (const file of files) form.append('files', file, file.name);
  progress.onSending(0);
  return postForm<Receipt>('/api/public/requests', form, { 'x-pow-challenge': challenge.challenge, 'x-pow-nonce': nonce }, progress.onSending);
}

export const lookup = (receiptCode: string, phone: string) => api.get<Ticket>('/api/public/tickets/lookup', { receiptCode: receiptCode.trim(), phone: phone.trim() });
export const searchAnswers = (q: string, signal?: AbortSignal) => api.get<Answers>('/api/public/answers', { q: q.trim() || undefined, limit: 20 }, signal);
export const requestLimits = (signal?: AbortSignal) => api.get<RequestLimits>('/api/public/request-limits', undefined, signal);
export const publicFields = (signal?: AbortSignal) => api.get<{ items: PublicFieldView[] }>('/api/public/fields', undefined, signal);
