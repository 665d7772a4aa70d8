/**
 * How many billable SMS parts a text costs. GSM 03.38 text: 160 characters in one part,
 * 153 per part when concatenated (extension characters such as `€ [ ] { }` count twice).
 * Anything outside GSM-7 — Vietnamese with diacritics — goes as UCS-2: 70 code units in one
 * part, 67 per part when concatenated.
 */
export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('\f^{}\\[~]|€');

export function countSegments(text: string): SegmentCount {
  let septets = 0;
  for (const ch of text) {
    if (gsmBasic.has(ch)) septets += 1;
    else if (gsmExtension.has(ch)) septets += 2;
    else return ucs2(text);
  }
  return { encoding: 'gsm7', units: septets, segments: parts(septets, 160, 153) };
}

function ucs2(text: string): SegmentCount {
  return { encoding: 'ucs2', units: text.length, segments: parts(text.length, 70, 67) };
}

function parts(units: number, single: number, perPart: number): number {
  if (units <= single) return 1;
  return Math.ceil(units / perPart);
}
