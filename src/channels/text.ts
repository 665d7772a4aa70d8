/**
 * Text from the channels, cleaned before it is stored: control characters removed (a webhook carrying one must not be
 * refused — Zalo and Facebook would retry it for hours — nor reach PostgreSQL, which refuses NUL), length bounded.
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

export const maxMessageLength = 20_000;

export function cleanText(value: string, maxLength = maxMessageLength): string {
  return value.replace(controlCharacters, '').replace(/\r\n?/g, '\n').trim().slice(0, maxLength);
}

/** Receipt codes such as 1022-2026-000123 in a subject line ("Re: [1022-2026-000123] …"). */
export function receiptCodeIn(text: string, prefix: string): string | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\b${escaped}-\\d{4}-\\d{6}\\b`, 'u').exec(text);
  return match ? match[0] : null;
}
