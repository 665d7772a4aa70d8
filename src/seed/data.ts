/**
 * Sample data for a province (Đồng Nai), used by `npm run seed`. Hotlines are placeholders
 * (0251 000 0xxx): each agency registers its real number through the API (R24).
 */

/** The ten fields of Phụ lục 2 (Thanh Hóa, Covid period) and the peacetime fields the IVR offers (Đồng Tháp). */
export const seedFields: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'tinh-hinh-chung', name: 'Tình hình chung, các quyết định, chỉ đạo' },
  { code: 'dich-te-tinh', name: 'Dịch tễ, cách ly (cấp tỉnh)' },
  { code: 'dich-te-huyen', name: 'Dịch tễ, cách ly (cấp huyện)' },
  { code: 'y-te', name: 'Y tế: tư vấn, cấp cứu, xét nghiệm, tiêm chủng' },
  { code: 'an-sinh-xa-hoi', name: 'Chính sách an sinh xã hội' },
  { code: 'ho-tro-nhan-dao', name: 'Hỗ trợ nhân đạo, từ thiện' },
  { code: 'giao-thong', name: 'Giao thông vận tải' },
  { code: 'luu-thong-hang-hoa', name: 'Lưu thông hàng hóa, thương mại' },
  { code: 'an-ninh-trat-tu', name: 'An ninh, trật tự' },
  { code: 'thong-tin-cong-nghe', name: 'Thông tin, tin giả, công nghệ' },
  { code: 'thu-tuc-hanh-chinh', name: 'Thủ tục hành chính, tình trạng hồ sơ' },
  { code: 'ha-tang', name: 'Sự cố hạ tầng (điện, nước, giao thông)' },
  { code: 'khac', name: 'Lĩnh vực khác' },
];

type AgencyKind = 'department' | 'district' | 'commune' | 'police' | 'insurance' | 'other';

const placeholderHotline = (n: number) => `0251000${String(n).padStart(4, '0')}`;

const departments: ReadonlyArray<[code: string, name: string, kind: AgencyKind]> = [
  ['so-y-te', 'Sở Y tế', 'department'],
  ['so-ldtbxh', 'Sở Lao động - Thương binh và Xã hội', 'department'],
  ['so-cong-thuong', 'Sở Công Thương', 'department'],
  ['so-gtvt', 'Sở Giao thông vận tải', 'department'],
  ['so-tttt', 'Sở Thông tin và Truyền thông', 'department'],
  ['so-tnmt', 'Sở Tài nguyên và Môi trường', 'department'],
  ['so-xay-dung', 'Sở Xây dựng', 'department'],
  ['so-gddt', 'Sở Giáo dục và Đào tạo', 'department'],
  ['cong-an-tinh', 'Công an tỉnh', 'police'],
  ['bhxh-tinh', 'Bảo hiểm xã hội tỉnh', 'insurance'],
];

const districts: ReadonlyArray<[code: string, name: string]> = [
  ['tp-bien-hoa', 'UBND thành phố Biên Hòa'],
  ['tp-long-khanh', 'UBND thành phố Long Khánh'],
  ['huyen-tan-phu', 'UBND huyện Tân Phú'],
  ['huyen-vinh-cuu', 'UBND huyện Vĩnh Cửu'],
  ['huyen-dinh-quan', 'UBND huyện Định Quán'],
  ['huyen-trang-bom', 'UBND huyện Trảng Bom'],
  ['huyen-thong-nhat', 'UBND huyện Thống Nhất'],
  ['huyen-cam-my', 'UBND huyện Cẩm Mỹ'],
  ['huyen-long-thanh', 'UBND huyện Long Thành'],
  ['huyen-xuan-loc', 'UBND huyện Xuân Lộc'],
  ['huyen-nhon-trach', 'UBND huyện Nhơn Trạch'],
];

export const seedAgencies: ReadonlyArray<{
  code: string;
  name: string;
  kind: AgencyKind;
  hotline: string;
  handlesUnclearJurisdiction: boolean;
}> = [
  ...departments.map(([code, name, kind]) => ({ code, name, kind })),
  ...districts.map(([code, name]) => ({ code, name, kind: 'district' as const })),
].map((a, i) => ({ ...a, hotline: placeholderHotline(i + 1), handlesUnclearJurisdiction: a.code === 'so-tttt' }));

/** R2: 15 lines from 07:00 to 18:00, 2 at night. */
export const seedLineCapacity = [
  { name: 'Ban ngày', startsAt: '07:00', endsAt: '18:00', capacity: 15 },
  { name: 'Ban đêm', startsAt: '18:00', endsAt: '07:00', capacity: 2 },
] as const;

/** R1: the short number and Đồng Nai's long number reach the same service. */
export const seedInboundNumbers = [
  { number: '1022', label: 'Tổng đài 1022 (số ngắn)' },
  { number: '02511022', label: 'Tổng đài 1022 (số dài 0251.1022)' },
] as const;

/** One account per role for local trials (never in production unless asked). */
export const demoUsers = [
  { username: 'quantri', fullName: 'Quản trị viên (thử nghiệm)', role: 'admin' },
  { username: 'giamsat', fullName: 'Giám sát viên (thử nghiệm)', role: 'supervisor' },
  { username: 'dtv01', fullName: 'Điện thoại viên 01 (thử nghiệm)', role: 'operator', endpoint: 'PJSIP/op101' },
  { username: 'daumoi.soyte', fullName: 'Đầu mối Sở Y tế (thử nghiệm)', role: 'agency_officer', agencyCode: 'so-y-te' },
] as const;

export const demoPassword = '1022-thu-nghiem';
