import type { Static } from 'typebox';
import type { PublicAnswerPage, PublicField, PublicRequestReceipt, PublicTicket } from '@server/public/schemas.js';
import { ApiError, api } from '../shared/api/client.js';

export type Ticket = Static<typeof PublicTicket>;
export type Answers = Static<typeof PublicAnswerPage>;
export type PublicFieldView = Static<typeof PublicField>;
export type Receipt = Static<typeof PublicRequestReceipt>;

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

/** A citizen's request (R9 web channel): a fresh challenge, solved, then the request with it (R16 receipt back). */
export async function sendRequest(input: RequestInput, onSolving: () => void): Promise<Receipt> {
  const challenge = await api.get<Challenge>('/api/public/challenge');
  onSolving();
  const nonce = await solveInWorker(challenge);
  const body = Object.fromEntries(Object.entries(input).filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, value.trim()]));
  let response: Response;
  try {
    response = await fetch('/api/public/requests', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-pow-challenge': challenge.challenge, 'x-pow-nonce': nonce },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Không kết nối được tới máy chủ');
  }
  const data = (await response.json().catch(() => ({}))) as Receipt & { code?: string; message?: string };
  if (!response.ok) throw new ApiError(response.status, data.code ?? `HTTP_${response.status}`, data.message ?? response.statusText);
  return data;
}

export const lookup = (receiptCode: string, phone: string) => api.get<Ticket>('/api/public/tickets/lookup', { receiptCode: receiptCode.trim(), phone: phone.trim() });
export const searchAnswers = (q: string, signal?: AbortSignal) => api.get<Answers>('/api/public/answers', { q: q.trim() || undefined, limit: 20 }, signal);
export const publicFields = (signal?: AbortSignal) => api.get<{ items: PublicFieldView[] }>('/api/public/fields', undefined, signal);
