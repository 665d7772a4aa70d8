import type { Env } from '../config/env.js';
import { defaultSlaSettings, type SlaSettings } from '../sla/deadlines.js';
import { defaultReceiptPrefix } from './receipt-code.js';

/** What ticket services read from the configuration. */
export interface TicketSettings extends SlaSettings {
  /** RECEIPT_CODE_PREFIX */
  receiptPrefix: string;
}

export const defaultTicketSettings: TicketSettings = { ...defaultSlaSettings, receiptPrefix: defaultReceiptPrefix };

export function ticketSettingsOf(env: Pick<Env, 'BUSINESS_TZ' | 'SLA_DEFAULT_RULE' | 'RECEIPT_CODE_PREFIX'>): TicketSettings {
  return { timeZone: env.BUSINESS_TZ, defaultRuleCode: env.SLA_DEFAULT_RULE, receiptPrefix: env.RECEIPT_CODE_PREFIX };
}
