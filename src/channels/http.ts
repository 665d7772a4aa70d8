/** JSON over HTTP for the Zalo and Facebook APIs: a timeout on every call, failures as ChannelSendError. */
import { ChannelSendError } from './types.js';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export async function requestJson(url: string, init: RequestInit, timeoutMs: number): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const name = (error as { name?: string }).name;
    throw new ChannelSendError(name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK', true, name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'network error');
  }
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.status >= 500 || response.status === 429) throw new ChannelSendError(`HTTP_${response.status}`, true, `the API answered ${response.status}`);
  return { status: response.status, body };
}
