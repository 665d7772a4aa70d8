/**
 * Words and phrases the ticket generator combines into realistic Đồng Nai tickets. Every list is sent to
 * PostgreSQL as an array parameter; the generator picks from them server-side with random().
 */

export const familyNames = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng',
  'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trương', 'Lâm', 'Mai', 'Tạ', 'Châu', 'Cao', 'Lương',
];

export const middleNames = [
  'Văn', 'Văn', 'Thị', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Thu', 'Hoàng', 'Kim', 'Xuân',
  'Thành', 'Gia', 'Bảo', 'Mỹ', 'Phương', 'Công',
];

export const givenNames = [
  'An', 'Bình', 'Cường', 'Dũng', 'Duy', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh',
  'Long', 'Mai', 'Nam', 'Nga', 'Ngọc', 'Nhung', 'Phúc', 'Phương', 'Quân', 'Quang', 'Sơn', 'Tâm', 'Thảo', 'Thắng',
  'Trang', 'Trung', 'Tuấn', 'Vy', 'Yến', 'Đạt', 'Đông', 'Giang', 'Hòa', 'Huy', 'Lộc', 'Lợi', 'Minh', 'Nhân', 'Oanh',
  'Phát', 'Tài', 'Thủy', 'Tiến', 'Toàn', 'Uyên', 'Việt', 'Xuân',
];

/** Đồng Nai's districts (the seed's district agencies) with some of their wards and communes. */
export const districts: ReadonlyArray<{ agencyCode: string; name: string; wards: readonly string[] }> = [
  {
    agencyCode: 'tp-bien-hoa',
    name: 'thành phố Biên Hòa',
    wards: ['phường Tân Phong', 'phường Tân Hiệp', 'phường Trảng Dài', 'phường Long Bình', 'phường Hố Nai', 'phường Tam Hiệp', 'phường Bửu Long', 'phường Quyết Thắng', 'phường Thống Nhất', 'phường An Bình', 'phường Tân Mai', 'phường Hóa An'],
  },
  { agencyCode: 'tp-long-khanh', name: 'thành phố Long Khánh', wards: ['phường Xuân An', 'phường Xuân Bình', 'phường Xuân Trung', 'phường Suối Tre', 'phường Bảo Vinh', 'xã Bàu Trâm'] },
  { agencyCode: 'huyen-trang-bom', name: 'huyện Trảng Bom', wards: ['thị trấn Trảng Bom', 'xã Bắc Sơn', 'xã Hố Nai 3', 'xã Quảng Tiến', 'xã Sông Trầu', 'xã Giang Điền', 'xã Bàu Hàm'] },
  { agencyCode: 'huyen-nhon-trach', name: 'huyện Nhơn Trạch', wards: ['xã Hiệp Phước', 'xã Phú Hội', 'xã Long Tân', 'xã Phước Thiền', 'xã Phú Thạnh', 'xã Đại Phước'] },
  { agencyCode: 'huyen-long-thanh', name: 'huyện Long Thành', wards: ['thị trấn Long Thành', 'xã An Phước', 'xã Bình Sơn', 'xã Long An', 'xã Long Đức', 'xã Tam An'] },
  { agencyCode: 'huyen-xuan-loc', name: 'huyện Xuân Lộc', wards: ['thị trấn Gia Ray', 'xã Xuân Hiệp', 'xã Suối Cát', 'xã Xuân Định', 'xã Xuân Thọ'] },
  { agencyCode: 'huyen-thong-nhat', name: 'huyện Thống Nhất', wards: ['thị trấn Dầu Giây', 'xã Hưng Lộc', 'xã Quang Trung', 'xã Gia Kiệm', 'xã Bàu Hàm 2'] },
  { agencyCode: 'huyen-vinh-cuu', name: 'huyện Vĩnh Cửu', wards: ['thị trấn Vĩnh An', 'xã Thạnh Phú', 'xã Tân An', 'xã Trị An', 'xã Phú Lý'] },
  { agencyCode: 'huyen-dinh-quan', name: 'huyện Định Quán', wards: ['thị trấn Định Quán', 'xã La Ngà', 'xã Phú Ngọc', 'xã Gia Canh', 'xã Thanh Sơn'] },
  { agencyCode: 'huyen-tan-phu', name: 'huyện Tân Phú', wards: ['thị trấn Tân Phú', 'xã Phú Lâm', 'xã Phú Bình', 'xã Nam Cát Tiên', 'xã Phú Trung'] },
  { agencyCode: 'huyen-cam-my', name: 'huyện Cẩm Mỹ', wards: ['thị trấn Long Giao', 'xã Xuân Mỹ', 'xã Sông Ray', 'xã Xuân Đường', 'xã Nhân Nghĩa'] },
];

export const streets = [
  'Phạm Văn Thuận', 'Đồng Khởi', 'Nguyễn Ái Quốc', 'Võ Thị Sáu', '30 Tháng 4', 'Hà Huy Giáp', 'Bùi Văn Hòa',
  'Quốc lộ 1A', 'Quốc lộ 51', 'Quốc lộ 20', 'Hùng Vương', 'Lê Duẩn', 'Trần Phú', 'Nguyễn Văn Trỗi',
  'Cách Mạng Tháng Tám', 'Hoàng Minh Chánh', 'Phan Trung', 'Nguyễn Du', 'Lý Thường Kiệt', 'Trần Hưng Đạo',
  'Huỳnh Văn Nghệ', 'Nguyễn Tri Phương', 'Đặng Văn Trơn', 'Hương lộ 2', 'Tỉnh lộ 768', 'Tỉnh lộ 769',
  'Lê Văn Duyệt', 'Phan Đình Phùng', 'Võ Nguyên Giáp', 'Nguyễn Hữu Cảnh',
];

/** Fixed-line and mobile prefixes of Vietnamese numbers (10 digits after the change of 2018). */
export const phonePrefixes = [
  '090', '091', '093', '094', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039',
  '086', '088', '070', '079', '077', '081', '083', '085', '056', '058',
];

/**
 * What people call about, per field (seed field codes). `agency`: the seed agency that usually handles it, or
 * 'district' for the district of the caller's address.
 */
export const issues: ReadonlyArray<{ field: string; agency: string; text: string }> = [
  // Giao thông vận tải
  { field: 'giao-thong', agency: 'so-gtvt', text: 'đèn tín hiệu giao thông tại ngã tư không hoạt động' },
  { field: 'giao-thong', agency: 'district', text: 'ổ gà lớn trên mặt đường gây nguy hiểm cho người đi xe máy' },
  { field: 'giao-thong', agency: 'so-gtvt', text: 'xe tải chở quá tải làm hư hỏng mặt đường' },
  { field: 'giao-thong', agency: 'district', text: 'lấn chiếm vỉa hè, lòng đường để buôn bán' },
  { field: 'giao-thong', agency: 'so-gtvt', text: 'thủ tục đổi giấy phép lái xe hạng B2' },
  { field: 'giao-thong', agency: 'so-gtvt', text: 'xe khách dừng đón trả khách sai quy định' },
  { field: 'giao-thong', agency: 'so-gtvt', text: 'biển báo giao thông bị cây xanh che khuất' },
  { field: 'giao-thong', agency: 'cong-an-tinh', text: 'ùn tắc giao thông kéo dài vào giờ cao điểm' },
  { field: 'giao-thong', agency: 'so-gtvt', text: 'trạm đăng kiểm quá tải, phải chờ nhiều ngày' },
  // Sự cố hạ tầng
  { field: 'ha-tang', agency: 'district', text: 'mất điện kéo dài không có thông báo trước' },
  { field: 'ha-tang', agency: 'district', text: 'nước sinh hoạt bị đục, có mùi lạ' },
  { field: 'ha-tang', agency: 'district', text: 'cống thoát nước bị tắc gây ngập úng' },
  { field: 'ha-tang', agency: 'district', text: 'đèn chiếu sáng công cộng bị hỏng nhiều ngày' },
  { field: 'ha-tang', agency: 'district', text: 'cây xanh gãy đổ chắn ngang đường' },
  { field: 'ha-tang', agency: 'district', text: 'ngập nước sau mưa lớn, nước tràn vào nhà dân' },
  { field: 'ha-tang', agency: 'so-xay-dung', text: 'công trình thi công đào đường nhưng không hoàn trả mặt bằng' },
  { field: 'ha-tang', agency: 'district', text: 'cúp nước sinh hoạt liên tục vào buổi tối' },
  // Thủ tục hành chính
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tnmt', text: 'tình trạng hồ sơ cấp giấy chứng nhận quyền sử dụng đất' },
  { field: 'thu-tuc-hanh-chinh', agency: 'district', text: 'thủ tục đăng ký khai sinh cho con' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', text: 'thời gian cấp căn cước công dân gắn chip' },
  { field: 'thu-tuc-hanh-chinh', agency: 'cong-an-tinh', text: 'đăng ký thường trú, tạm trú cho người thuê trọ' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-xay-dung', text: 'hồ sơ xin giấy phép xây dựng bị trễ hẹn' },
  { field: 'thu-tuc-hanh-chinh', agency: 'district', text: 'chứng thực bản sao giấy tờ tại Ủy ban nhân dân xã' },
  { field: 'thu-tuc-hanh-chinh', agency: 'so-tnmt', text: 'thủ tục tách thửa, chuyển mục đích sử dụng đất' },
  { field: 'thu-tuc-hanh-chinh', agency: 'district', text: 'hồ sơ nộp trên cổng dịch vụ công chưa được xử lý' },
  // Chính sách an sinh xã hội
  { field: 'an-sinh-xa-hoi', agency: 'so-ldtbxh', text: 'chưa nhận được tiền trợ cấp cho người cao tuổi' },
  { field: 'an-sinh-xa-hoi', agency: 'district', text: 'xét duyệt hồ sơ hộ nghèo, hộ cận nghèo' },
  { field: 'an-sinh-xa-hoi', agency: 'so-ldtbxh', text: 'chế độ cho người có công với cách mạng' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', text: 'hồ sơ hưởng trợ cấp thất nghiệp' },
  { field: 'an-sinh-xa-hoi', agency: 'so-ldtbxh', text: 'trợ cấp hằng tháng cho người khuyết tật' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', text: 'chi trả lương hưu chậm so với mọi tháng' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', text: 'công ty nợ đóng bảo hiểm xã hội của người lao động' },
  { field: 'an-sinh-xa-hoi', agency: 'bhxh-tinh', text: 'gia hạn thẻ bảo hiểm y tế hộ gia đình' },
  // Y tế
  { field: 'y-te', agency: 'bhxh-tinh', text: 'thủ tục khám chữa bệnh bằng thẻ bảo hiểm y tế trái tuyến' },
  { field: 'y-te', agency: 'so-y-te', text: 'lịch tiêm chủng mở rộng cho trẻ em tại trạm y tế' },
  { field: 'y-te', agency: 'so-y-te', text: 'thái độ phục vụ của nhân viên bệnh viện' },
  { field: 'y-te', agency: 'so-y-te', text: 'cơ sở bán thuốc tây không có giấy phép' },
  { field: 'y-te', agency: 'so-y-te', text: 'sốt xuất huyết tăng trong khu dân cư' },
  { field: 'y-te', agency: 'so-y-te', text: 'thời gian chờ khám bệnh quá lâu' },
  { field: 'y-te', agency: 'district', text: 'đề nghị phun thuốc diệt muỗi phòng dịch' },
  { field: 'y-te', agency: 'so-y-te', text: 'tư vấn sơ cứu người bị ngộ độc thực phẩm' },
  // An ninh, trật tự
  { field: 'an-ninh-trat-tu', agency: 'cong-an-tinh', text: 'thanh niên tụ tập đua xe trái phép ban đêm' },
  { field: 'an-ninh-trat-tu', agency: 'district', text: 'hát karaoke gây ồn sau 22 giờ' },
  { field: 'an-ninh-trat-tu', agency: 'cong-an-tinh', text: 'trộm cắp tài sản xảy ra nhiều lần trong khu phố' },
  { field: 'an-ninh-trat-tu', agency: 'cong-an-tinh', text: 'hoạt động cho vay nặng lãi, khủng bố đòi nợ' },
  { field: 'an-ninh-trat-tu', agency: 'cong-an-tinh', text: 'đánh nhau gây mất trật tự tại quán nhậu' },
  // Thông tin, tin giả, công nghệ
  { field: 'thong-tin-cong-nghe', agency: 'so-tttt', text: 'tin nhắn lừa đảo giả danh cơ quan nhà nước' },
  { field: 'thong-tin-cong-nghe', agency: 'cong-an-tinh', text: 'cuộc gọi mạo danh công an yêu cầu chuyển tiền' },
  { field: 'thong-tin-cong-nghe', agency: 'so-tttt', text: 'tin giả lan truyền trên mạng xã hội' },
  { field: 'thong-tin-cong-nghe', agency: 'so-tttt', text: 'sóng điện thoại di động yếu, mất kết nối internet' },
  { field: 'thong-tin-cong-nghe', agency: 'so-tttt', text: 'cổng dịch vụ công trực tuyến bị lỗi không nộp được hồ sơ' },
  // Lưu thông hàng hóa, thương mại
  { field: 'luu-thong-hang-hoa', agency: 'so-cong-thuong', text: 'giá cả mặt hàng thiết yếu tăng bất thường' },
  { field: 'luu-thong-hang-hoa', agency: 'so-cong-thuong', text: 'cửa hàng bán hàng giả, hàng kém chất lượng' },
  { field: 'luu-thong-hang-hoa', agency: 'so-cong-thuong', text: 'cửa hàng xăng dầu không niêm yết giá' },
  { field: 'luu-thong-hang-hoa', agency: 'so-y-te', text: 'an toàn vệ sinh thực phẩm tại chợ' },
  // Tình hình chung
  { field: 'tinh-hinh-chung', agency: 'so-tttt', text: 'chủ trương sắp xếp đơn vị hành chính cấp xã' },
  { field: 'tinh-hinh-chung', agency: 'so-tttt', text: 'lịch nghỉ lễ, nghỉ Tết của cán bộ, công chức' },
  { field: 'tinh-hinh-chung', agency: 'so-gddt', text: 'tuyển sinh vào lớp 10 trường công lập' },
  { field: 'tinh-hinh-chung', agency: 'so-gddt', text: 'các khoản thu đầu năm học của nhà trường' },
  // Dịch tễ
  { field: 'dich-te-tinh', agency: 'so-y-te', text: 'quy định cách ly y tế khi về từ vùng có dịch' },
  { field: 'dich-te-huyen', agency: 'district', text: 'điểm xét nghiệm nhanh và lịch lấy mẫu' },
  // Hỗ trợ nhân đạo
  { field: 'ho-tro-nhan-dao', agency: 'district', text: 'hỗ trợ gia đình có hoàn cảnh đặc biệt khó khăn' },
  { field: 'ho-tro-nhan-dao', agency: 'district', text: 'hỗ trợ hộ dân bị sập nhà do giông lốc' },
  // Lĩnh vực khác
  { field: 'khac', agency: 'so-tnmt', text: 'nhà máy xả thải gây ô nhiễm môi trường' },
  { field: 'khac', agency: 'district', text: 'rác thải sinh hoạt không được thu gom nhiều ngày' },
  { field: 'khac', agency: 'so-tnmt', text: 'khói bụi từ lò đốt rác gây khó thở' },
  { field: 'khac', agency: 'district', text: 'chó thả rông không rọ mõm trên đường' },
  { field: 'khac', agency: 'so-xay-dung', text: 'công trình xây dựng gây tiếng ồn vào ban đêm' },
  { field: 'khac', agency: 'so-tnmt', text: 'khai thác cát trái phép trên sông Đồng Nai' },
];

export const openers = [
  'Người dân phản ánh', 'Công dân hỏi về', 'Tôi muốn hỏi về', 'Xin cho hỏi về', 'Phản ánh tình trạng',
  'Kiến nghị về việc', 'Bà con trong khu phố phản ánh', 'Người gọi đề nghị kiểm tra', 'Cử tri phản ánh',
  'Đề nghị hướng dẫn', 'Gia đình tôi gặp khó khăn về', 'Báo tin',
];

export const details = [
  'đã kéo dài nhiều ngày', 'từ tuần trước đến nay', 'đã phản ánh nhiều lần nhưng chưa được xử lý',
  'ảnh hưởng đến sinh hoạt của nhiều hộ dân', 'gây bức xúc trong nhân dân', 'đặc biệt vào buổi tối',
  'người già và trẻ em đi lại rất nguy hiểm', 'đã liên hệ ấp, khu phố nhưng chưa có phản hồi', '', '',
];

export const requests = [
  'Đề nghị cơ quan chức năng kiểm tra, xử lý.', 'Mong được hướng dẫn cụ thể.', 'Đề nghị sớm khắc phục.',
  'Xin cho biết thời gian giải quyết.', 'Đề nghị xử lý dứt điểm.', 'Mong các cơ quan quan tâm giải quyết.',
  'Xin hướng dẫn hồ sơ cần chuẩn bị.', 'Đề nghị trả lời bằng tin nhắn.',
];

export const answeredTexts = [
  'Điện thoại viên đã hướng dẫn công dân trình tự, thủ tục và nơi nộp hồ sơ.',
  'Đã cung cấp thông tin theo văn bản hướng dẫn hiện hành của tỉnh.',
  'Đã giải đáp, công dân đồng ý với nội dung trả lời.',
  'Đã hướng dẫn công dân liên hệ bộ phận một cửa của Ủy ban nhân dân cấp xã.',
  'Đã cung cấp số điện thoại đường dây nóng của đơn vị phụ trách.',
];

export const resolvedTexts = [
  'Đơn vị đã cử cán bộ kiểm tra thực tế và khắc phục xong.',
  'Đã xử lý vi phạm, lập biên bản và yêu cầu chấm dứt.',
  'Hồ sơ đã được giải quyết, công dân đã nhận kết quả.',
  'Đã phối hợp với chính quyền địa phương xử lý dứt điểm.',
  'Đơn vị đã trả lời công dân bằng văn bản.',
  'Đã sửa chữa, thay thế thiết bị hư hỏng.',
];

export const refusedReasons = [
  'Nội dung không thuộc phạm vi tiếp nhận của tổng đài 1022.',
  'Vụ việc đang được tòa án thụ lý giải quyết.',
  'Nội dung phản ánh không rõ ràng, công dân không cung cấp thêm thông tin.',
];

export const returnedReasons = [
  'Không thuộc thẩm quyền của đơn vị, đề nghị chuyển đơn vị khác.',
  'Thiếu thông tin địa chỉ cụ thể để xác minh.',
];
