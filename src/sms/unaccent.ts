/**
 * Folds Vietnamese diacritics to plain Latin (and đ→d, Đ→D) so a text fits GSM-7:
 * many Vietnamese brandname gateways send unaccented text, at a third of the UCS-2 price.
 */
export function unaccent(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
