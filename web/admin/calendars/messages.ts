import { defineMessages } from '../../shared/i18n/i18n.js';

/** The working calendars page's texts beyond the special days (adminMessages.calendars): new calendars, weekly hours. */
export const calendarMessages = defineMessages(
  {
    newCalendar: 'Thêm lịch làm việc',
    code: 'Mã lịch',
    name: 'Tên lịch',
    withHolidays: (year: number) => `Kèm ngày lễ mặc định năm ${year}`,
    add: 'Thêm lịch',
    weeklyHeading: 'Giờ làm việc trong tuần',
    weeklyIntro: 'Mỗi ngày một hoặc vài khoảng giờ (24 giờ), ví dụ 07:30-11:30, 13:00-17:00; để trống là ngày nghỉ. Kiểm tra số phiếu đổi hạn rồi áp dụng.',
    dayHours: (day: string) => `Giờ làm việc ${day}`,
    format: 'HH:mm-HH:mm, cách nhau bởi dấu phẩy',
    previewWeekly: 'Kiểm tra giờ làm việc mới',
  },
  {
    newCalendar: 'Add a working calendar',
    code: 'Calendar code',
    name: 'Calendar name',
    withHolidays: (year: number) => `With the default holidays of ${year}`,
    add: 'Add calendar',
    weeklyHeading: 'Weekly office hours',
    weeklyIntro: 'One or more periods a day (24-hour), e.g. 07:30-11:30, 13:00-17:00; empty is a closed day. Preview how many deadlines move, then apply.',
    dayHours: (day: string) => `Office hours ${day}`,
    format: 'HH:mm-HH:mm, separated by commas',
    previewWeekly: 'Check the new office hours',
  },
);
