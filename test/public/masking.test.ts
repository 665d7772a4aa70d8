import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../src/public/masking.js';

const citizen = { name: 'Trần Thị Bích Ngọc', phone: '0987654321', address: '12 Lê Lợi, phường Quyết Thắng', email: 'ngoc.tran@example.vn' };

/** R17, R22: what a published answer may not show, masked automatically (pure). */
describe('masking personal data in a public answer', () => {
  it('given the citizen’s name (with or without diacritics, any case) and her given name after an honorific, then initials', () => {
    const { text, masked } = maskPersonalData('Bà Trần Thị Bích Ngọc phản ánh; TRAN THI BICH NGOC gọi lại; đã trả lời bà Ngọc hôm qua.', citizen);
    expect(text).toBe('Bà T.T.B.N. phản ánh; T.T.B.N. gọi lại; đã trả lời bà N. hôm qua.');
    expect(masked).toContain('name');
  });

  it('given phone numbers in any writing, then only their last 3 digits', () => {
    const { text, masked } = maskPersonalData('Gọi 0987654321, 0987.654.321, +84 912 345 678 hoặc 0251 3822 111.', citizen);
    expect(text).toBe('Gọi *******321, *******321, ********678 hoặc ********111.');
    expect(masked).toEqual(['phone']);
  });

  it('given an e-mail, the address, an ID number and a receipt code, then each is replaced', () => {
    const { text, masked } = maskPersonalData(
      'Gửi về ngoc.tran@example.vn hoặc an@gmail.com, nhà ở 12 Lê Lợi, phường Quyết Thắng, CCCD 075123456789, xem phiếu 1022-2026-000123.',
      citizen,
    );
    expect(text).toBe('Gửi về [email] hoặc [email], nhà ở [địa chỉ], CCCD [số giấy tờ], xem phiếu [mã phiếu].');
    expect(masked.sort()).toEqual(['address', 'email', 'id_number', 'receipt_code']);
  });

  it('given a house number, then it is hidden', () => {
    expect(maskPersonalData('Đèn trước số nhà 45/2 đường Cách Mạng Tháng Tám bị hỏng', {}).text).toBe('Đèn trước số nhà […] đường Cách Mạng Tháng Tám bị hỏng');
  });

  it('given text already masked, then masking again changes nothing (what the publisher confirmed is what goes out)', () => {
    const once = maskPersonalData('Bà Trần Thị Bích Ngọc, 0987654321, ngoc.tran@example.vn, 12 Lê Lợi, phường Quyết Thắng, số nhà 12, 1022-2026-000123', citizen).text;
    expect(maskPersonalData(once, citizen).text).toBe(once);
  });

  it('given text without personal data, then it is unchanged and nothing is reported', () => {
    expect(maskPersonalData('Hồ sơ nộp tại bộ phận một cửa, giờ hành chính, thời hạn 15 ngày.', citizen)).toEqual({ text: 'Hồ sơ nộp tại bộ phận một cửa, giờ hành chính, thời hạn 15 ngày.', masked: [] });
  });
});
