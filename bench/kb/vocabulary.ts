/** Topics, question forms and answer pieces the knowledge-base generator combines (Vietnamese, with diacritics). */

export interface Topic {
  field: string;
  agency: string;
  topic: string;
  keywords: string;
}

export const topics: readonly Topic[] = [
  { field: 'thu-tuc-hanh-chinh', agency: 'tp-bien-hoa', topic: 'đăng ký khai sinh', keywords: 'khai sinh, hộ tịch, giấy khai sinh' },
  { field: 'thu-tuc-hanh-chinh', agency: 'tp-bien-hoa', topic: 'đăng ký kết hôn', keywords: 'kết hôn, hộ tịch' },
  { field: 'thu-tuc-hanh-chinh', agency: 'tp-bien-hoa', topic: 'đăng ký khai tử', keywords: 'khai tử, hộ tịch' },
  { field: 'thu-tuc-hanh-chinh', agency: 'tp-bien-hoa', topic: 'xác nhận tình trạng hôn nhân', keywords: 'độc thân, hôn nhân, hộ tịch' },
  { field: 'thu-tuc-hanh-chinh', agency: 'tp-bien-hoa', topic: 'chứng thực bản sao từ bản chính', keywords: 'chứng thực, sao y, công chứng' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', topic: 'cấp căn cước công dân', keywords: 'căn cước, CCCD, chip, định danh' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', topic: 'cấp lại căn cước bị mất', keywords: 'căn cước, mất giấy tờ, CCCD' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', topic: 'đăng ký thường trú', keywords: 'hộ khẩu, cư trú, thường trú' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', topic: 'đăng ký tạm trú', keywords: 'tạm trú, cư trú, nhà trọ' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', topic: 'kích hoạt tài khoản định danh điện tử VNeID', keywords: 'VNeID, định danh điện tử, mức 2' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', topic: 'cấp hộ chiếu phổ thông', keywords: 'hộ chiếu, passport, xuất cảnh' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tnmt', topic: 'cấp giấy chứng nhận quyền sử dụng đất lần đầu', keywords: 'sổ đỏ, sổ hồng, đất đai' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tnmt', topic: 'sang tên sổ đỏ khi mua bán nhà đất', keywords: 'sang tên, chuyển nhượng, sổ đỏ' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tnmt', topic: 'tách thửa đất', keywords: 'tách thửa, đất đai, diện tích tối thiểu' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tnmt', topic: 'chuyển mục đích sử dụng đất nông nghiệp sang đất ở', keywords: 'chuyển mục đích, lên thổ cư, đất ở' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-xay-dung', topic: 'cấp giấy phép xây dựng nhà ở riêng lẻ', keywords: 'giấy phép xây dựng, xây nhà, sửa nhà' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-xay-dung', topic: 'hoàn công nhà ở', keywords: 'hoàn công, xây dựng' },
  { field: 'thu-tuc-hanh-chinh', agency: 'tp-bien-hoa', topic: 'đăng ký hộ kinh doanh', keywords: 'kinh doanh, giấy phép kinh doanh, hộ cá thể' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tttt', topic: 'nộp hồ sơ trên Cổng dịch vụ công', keywords: 'dịch vụ công, trực tuyến, nộp hồ sơ online' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tttt', topic: 'tra cứu tình trạng hồ sơ trực tuyến', keywords: 'tra cứu hồ sơ, mã hồ sơ, trễ hẹn' },
  { field: 'y-te', agency: 'bhxh-tinh', topic: 'khám chữa bệnh bảo hiểm y tế trái tuyến', keywords: 'BHYT, trái tuyến, khám bệnh' },
  { field: 'y-te', agency: 'bhxh-tinh', topic: 'cấp lại thẻ bảo hiểm y tế bị mất', keywords: 'BHYT, thẻ bảo hiểm, cấp lại' },
  { field: 'y-te', agency: 'bhxh-tinh', topic: 'đổi nơi đăng ký khám chữa bệnh ban đầu', keywords: 'BHYT, nơi khám ban đầu' },
  { field: 'y-te', agency: 'so-y-te', topic: 'lịch tiêm chủng mở rộng', keywords: 'tiêm chủng, vắc xin, trẻ em' },
  { field: 'y-te', agency: 'so-y-te', topic: 'phòng chống sốt xuất huyết', keywords: 'sốt xuất huyết, muỗi, dịch bệnh' },
  { field: 'y-te', agency: 'so-y-te', topic: 'gọi cấp cứu 115', keywords: 'cấp cứu, 115, xe cứu thương' },
  { field: 'y-te', agency: 'so-y-te', topic: 'khám sức khỏe lái xe', keywords: 'khám sức khỏe, giấy phép lái xe' },
  { field: 'y-te', agency: 'so-y-te', topic: 'phản ánh giá thuốc tại nhà thuốc', keywords: 'giá thuốc, nhà thuốc' },
  { field: 'an-sinh-xa-hoi', agency: 'so-ldtbxh', topic: 'trợ cấp xã hội cho người cao tuổi', keywords: 'người cao tuổi, trợ cấp, 80 tuổi' },
  { field: 'an-sinh-xa-hoi', agency: 'so-ldtbxh', topic: 'trợ cấp cho người khuyết tật', keywords: 'khuyết tật, trợ cấp' },
  { field: 'an-sinh-xa-hoi', agency: 'so-ldtbxh', topic: 'công nhận hộ nghèo, hộ cận nghèo', keywords: 'hộ nghèo, cận nghèo, rà soát' },
  { field: 'an-sinh-xa-hoi', agency: 'so-ldtbxh', topic: 'chế độ người có công với cách mạng', keywords: 'người có công, thương binh, liệt sĩ' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', topic: 'hưởng trợ cấp thất nghiệp', keywords: 'thất nghiệp, bảo hiểm thất nghiệp' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', topic: 'rút bảo hiểm xã hội một lần', keywords: 'BHXH một lần, rút bảo hiểm' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', topic: 'nhận lương hưu qua tài khoản', keywords: 'lương hưu, chi trả, tài khoản' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', topic: 'chế độ thai sản', keywords: 'thai sản, sinh con, BHXH' },
  { field: 'giao-thong', agency: 'so-gtvt', topic: 'đổi giấy phép lái xe', keywords: 'bằng lái, GPLX, đổi bằng' },
  { field: 'giao-thong', agency: 'so-gtvt', topic: 'cấp lại giấy phép lái xe bị mất', keywords: 'bằng lái, mất bằng, GPLX' },
  { field: 'giao-thong', agency: 'so-gtvt', topic: 'đăng kiểm xe ô tô', keywords: 'đăng kiểm, kiểm định, ô tô' },
  { field: 'giao-thong', agency: 'cong-an-tinh', topic: 'đăng ký xe máy mới', keywords: 'đăng ký xe, biển số, xe máy' },
  { field: 'giao-thong', agency: 'cong-an-tinh', topic: 'nộp phạt vi phạm giao thông qua phạt nguội', keywords: 'phạt nguội, nộp phạt, vi phạm' },
  { field: 'giao-thong', agency: 'so-gtvt', topic: 'tuyến xe buýt nội tỉnh', keywords: 'xe buýt, tuyến xe, lộ trình' },
  { field: 'ha-tang', agency: 'tp-bien-hoa', topic: 'báo mất điện', keywords: 'mất điện, điện lực, cúp điện' },
  { field: 'ha-tang', agency: 'tp-bien-hoa', topic: 'báo mất nước sinh hoạt', keywords: 'mất nước, cấp nước, cúp nước' },
  { field: 'ha-tang', agency: 'tp-bien-hoa', topic: 'báo đèn đường hư hỏng', keywords: 'đèn đường, chiếu sáng' },
  { field: 'ha-tang', agency: 'tp-bien-hoa', topic: 'báo ngập nước, tắc cống', keywords: 'ngập, cống, thoát nước' },
  { field: 'ha-tang', agency: 'tp-bien-hoa', topic: 'báo cây xanh nguy cơ gãy đổ', keywords: 'cây xanh, gãy đổ, mùa mưa' },
  { field: 'an-ninh-trat-tu', agency: 'cong-an-tinh', topic: 'tố giác tội phạm', keywords: 'tố giác, tội phạm, 113' },
  { field: 'an-ninh-trat-tu', agency: 'cong-an-tinh', topic: 'phản ánh tiếng ồn karaoke', keywords: 'karaoke, tiếng ồn, 22 giờ' },
  { field: 'an-ninh-trat-tu', agency: 'cong-an-tinh', topic: 'báo cháy nổ', keywords: 'cháy, 114, phòng cháy' },
  { field: 'thong-tin-cong-nghe', agency: 'so-tttt', topic: 'nhận diện tin nhắn lừa đảo', keywords: 'lừa đảo, tin nhắn rác, giả mạo' },
  { field: 'thong-tin-cong-nghe', agency: 'so-tttt', topic: 'phản ánh cuộc gọi rác', keywords: 'cuộc gọi rác, 156, chặn số' },
  { field: 'thong-tin-cong-nghe', agency: 'so-tttt', topic: 'chuẩn hóa thông tin thuê bao di động', keywords: 'thuê bao, sim, chính chủ' },
  { field: 'luu-thong-hang-hoa', agency: 'so-cong-thuong', topic: 'phản ánh hàng giả, hàng nhái', keywords: 'hàng giả, hàng nhái, quản lý thị trường' },
  { field: 'luu-thong-hang-hoa', agency: 'so-cong-thuong', topic: 'khiếu nại về giá xăng dầu', keywords: 'xăng dầu, giá, niêm yết' },
  { field: 'luu-thong-hang-hoa', agency: 'so-cong-thuong', topic: 'bảo vệ quyền lợi người tiêu dùng', keywords: 'người tiêu dùng, khiếu nại, bảo hành' },
  { field: 'tinh-hinh-chung', agency: 'so-gddt', topic: 'tuyển sinh lớp 10', keywords: 'tuyển sinh, lớp 10, thi tuyển' },
  { field: 'tinh-hinh-chung', agency: 'so-gddt', topic: 'tuyển sinh lớp 1', keywords: 'tuyển sinh, lớp 1, đúng tuyến' },
  { field: 'tinh-hinh-chung', agency: 'so-gddt', topic: 'miễn giảm học phí', keywords: 'học phí, miễn giảm, hỗ trợ học tập' },
  { field: 'tinh-hinh-chung', agency: 'so-tttt', topic: 'sắp xếp đơn vị hành chính cấp xã', keywords: 'sáp nhập, đơn vị hành chính' },
  { field: 'ho-tro-nhan-dao', agency: 'so-ldtbxh', topic: 'hỗ trợ gia đình gặp thiên tai', keywords: 'thiên tai, giông lốc, hỗ trợ' },
  { field: 'ho-tro-nhan-dao', agency: 'so-ldtbxh', topic: 'đăng ký tham gia từ thiện', keywords: 'từ thiện, quyên góp, nhân đạo' },
  { field: 'khac', agency: 'so-tnmt', topic: 'phản ánh ô nhiễm môi trường', keywords: 'ô nhiễm, xả thải, môi trường' },
  { field: 'khac', agency: 'so-tnmt', topic: 'thu gom rác thải sinh hoạt', keywords: 'rác, thu gom, phí rác' },
  { field: 'khac', agency: 'so-xay-dung', topic: 'phản ánh xây dựng trái phép', keywords: 'xây dựng trái phép, lấn chiếm' },
];

/** Question forms: {t} is the topic. */
export const questionForms = [
  'Thủ tục {t} cần những giấy tờ gì?',
  'Làm thế nào để {t}?',
  '{t} nộp hồ sơ ở đâu?',
  'Thời gian giải quyết {t} là bao lâu?',
  'Lệ phí {t} là bao nhiêu?',
  'Có thể {t} trực tuyến không?',
  'Ai được hướng dẫn {t}?',
  '{t} có cần về nơi thường trú không?',
  'Quy định mới nhất về {t}?',
  'Hồ sơ {t} bị trễ hẹn thì liên hệ ai?',
  'Mẫu đơn {t} lấy ở đâu?',
  'Người ủy quyền có được {t} thay không?',
];

export const audiences = [
  '', ' cho người cao tuổi', ' cho trẻ em dưới 6 tuổi', ' đối với hộ kinh doanh', ' khi đang ở tỉnh khác',
  ' trong dịp nghỉ lễ, Tết', ' cho người lao động tại khu công nghiệp', ' đối với người nước ngoài', ' tại thành phố Biên Hòa',
  ' tại huyện Trảng Bom', ' tại huyện Nhơn Trạch', ' tại thành phố Long Khánh', ' tại huyện Long Thành',
];

export const answerOpenings = [
  'Theo quy định hiện hành,', 'Căn cứ hướng dẫn của cơ quan chuyên môn,', 'Tổng đài 1022 xin trả lời như sau:', 'Về nội dung này,',
];

export const answerBodies = [
  'công dân chuẩn bị bản chính giấy tờ tùy thân và tờ khai theo mẫu, nộp tại Bộ phận tiếp nhận và trả kết quả.',
  'hồ sơ có thể nộp trực tiếp, qua dịch vụ bưu chính công ích hoặc trên Cổng dịch vụ công quốc gia.',
  'thời hạn giải quyết là 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.',
  'lệ phí theo nghị quyết của Hội đồng nhân dân tỉnh; trường hợp nộp trực tuyến được giảm 50 %.',
  'người dân liên hệ Ủy ban nhân dân cấp xã nơi cư trú để được hướng dẫn cụ thể.',
  'trường hợp quá hạn, công dân gọi tổng đài 1022 và cung cấp mã hồ sơ để được kiểm tra.',
];

export const answerClosings = [
  'Chi tiết xem tại Cổng thông tin điện tử của tỉnh.', 'Mọi thắc mắc xin gọi tổng đài 1022.', 'Văn bản tham khảo đính kèm trong mục tài liệu.', '',
];
