import { defineMessages } from '../shared/i18n/i18n.js';

export const deskMessages = defineMessages(
  {
    title: 'Bàn điện thoại viên',
    idle: {
      offline: 'Bạn đang ngoài ca. Bấm “Sẵn sàng nhận cuộc gọi” để bắt đầu.',
      available: 'Đang chờ cuộc gọi… Khi có cuộc gọi, thông tin người gọi hiện ở đây ngay lúc chuông reo.',
      paused: 'Bạn đang tạm nghỉ: không có cuộc gọi nào được chuyển tới.',
      wrap_up: 'Hoàn tất công việc của cuộc gọi trước.',
    },
    callTitle: 'Cuộc gọi',
    tabs: { label: 'Công việc', callbacks: 'Gọi lại', tickets: 'Phiếu của tôi', messages: 'Tin nhắn', unclaimed: 'chưa có người nhận', notifications: 'Thông báo' },
  },
  {
    title: 'Operator desk',
    idle: {
      offline: 'You are off shift. Press “Take calls” to start.',
      available: 'Waiting for a call… When one comes, the caller is shown here as soon as the phone rings.',
      paused: 'You are paused: no call is offered to you.',
      wrap_up: 'Finish the work of the last call.',
    },
    callTitle: 'Call',
    tabs: { label: 'Work', callbacks: 'Callbacks', tickets: 'My tickets', messages: 'Messages', unclaimed: 'not taken yet', notifications: 'Notifications' },
  },
);
