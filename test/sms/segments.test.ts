import { describe, expect, it } from 'vitest';
import { countSegments } from '../../src/sms/segments.js';
import { renderSms, resolutionText } from '../../src/sms/templates.js';
import { unaccent } from '../../src/sms/unaccent.js';

describe('SMS segment counting', () => {
  it('given plain ASCII of 160 characters, then one GSM-7 segment; 161 → two (153 per part)', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('given GSM extension characters, then each counts as two septets', () => {
    expect(countSegments('{}').units).toBe(4);
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
  });

  it('given Vietnamese with diacritics, then UCS-2: 70 in one part, 67 per part beyond', () => {
    expect(countSegments('ơ'.repeat(70))).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(countSegments('ơ'.repeat(71)).segments).toBe(2);
    expect(countSegments('ơ'.repeat(134)).segments).toBe(2);
    expect(countSegments('ơ'.repeat(135)).segments).toBe(3);
  });

  it('given the R15 resolution text as the seed writes it, then UCS-2 in two parts; unaccented it fits one GSM-7 part', () => {
    expect(resolutionText).toBe('Tổng đài 1022 thông báo, kiến nghị của ông (bà) đã được giải quyết. Xin cảm ơn!');
    expect(countSegments(resolutionText)).toMatchObject({ encoding: 'ucs2', segments: 2 });
    const folded = unaccent(resolutionText);
    expect(folded).toBe('Tong dai 1022 thong bao, kien nghi cua ong (ba) da duoc giai quyet. Xin cam on!');
    expect(countSegments(folded)).toMatchObject({ encoding: 'gsm7', segments: 1 });
  });

  it('given a template with unaccent, when rendered, then the count is that of the text actually sent', () => {
    expect(renderSms({ text: resolutionText }, { receiptCode: 'x' })).toEqual({ body: resolutionText, segments: 2 });
    expect(renderSms({ text: 'Đã nhận phiếu {receiptCode}', unaccent: true }, { receiptCode: '1022-2026-000001' })).toEqual({
      body: 'Da nhan phieu 1022-2026-000001',
      segments: 1,
    });
  });
});
