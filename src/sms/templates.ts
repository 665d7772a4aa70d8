import { readFileSync } from 'node:fs';
import { countSegments } from './segments.js';
import { unaccent } from './unaccent.js';

/** The events that send an SMS. */
export type SmsEvent = 'ticket.resolved' | 'ticket.received';

export interface SmsTemplate {
  /** The text; `{receiptCode}` is replaced by the ticket's receipt code. */
  text: string;
  /** Fold diacritics before sending so the text fits GSM-7 (cheaper, see README). */
  unaccent?: boolean;
}

export type SmsTemplates = Record<SmsEvent, SmsTemplate>;

/** R15, the seed's exact words. */
export const resolutionText = 'Tổng đài 1022 thông báo, kiến nghị của ông (bà) đã được giải quyết. Xin cảm ơn!';

/** R16, the seed's acknowledgement with the receipt code added so the citizen can follow the ticket (R17). */
export const acknowledgementText =
  'Tổng đài 1022 đã nhận được thông tin góp ý, phản ánh của Quý khách, mã phiếu {receiptCode}, xin cám ơn';

export const defaultSmsTemplates: SmsTemplates = {
  'ticket.resolved': { text: resolutionText },
  'ticket.received': { text: acknowledgementText },
};

let active: SmsTemplates = defaultSmsTemplates;

/** The templates in force (process-wide: set once at boot by the SMS plugin). */
export function smsTemplates(): SmsTemplates {
  return active;
}

export function useSmsTemplates(templates: SmsTemplates): void {
  active = templates;
}

/**
 * Reads overrides from a JSON file such as
 * `{ "ticket.resolved": { "text": "...", "unaccent": true } }`; events it omits keep their default.
 */
export function loadSmsTemplates(file: string | undefined): SmsTemplates {
  if (!file) return defaultSmsTemplates;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`SMS templates file ${file}: not a JSON object`);
  const result: SmsTemplates = { ...defaultSmsTemplates };
  for (const event of Object.keys(defaultSmsTemplates) as SmsEvent[]) {
    const entry = (parsed as Record<string, unknown>)[event];
    if (entry === undefined) continue;
    if (typeof entry !== 'object' || entry === null || typeof (entry as { text?: unknown }).text !== 'string') {
      throw new Error(`SMS templates file ${file}: "${event}" needs a "text" string`);
    }
    const { text, unaccent: fold } = entry as { text: string; unaccent?: unknown };
    result[event] = { text, unaccent: fold === true };
  }
  return result;
}

export interface RenderedSms {
  body: string;
  segments: number;
}

/** The exact text that is sent, and what it costs. */
export function renderSms(template: SmsTemplate, values: { receiptCode: string }): RenderedSms {
  const filled = template.text.replaceAll('{receiptCode}', values.receiptCode);
  const body = template.unaccent ? unaccent(filled) : filled;
  return { body, segments: countSegments(body).segments };
}
