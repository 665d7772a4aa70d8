import { defineMessages } from '../../shared/i18n/i18n.js';

/** The fields page's texts (R24): the subject areas callers choose and tickets are filed under. */
export const fieldMessages = defineMessages(
  {
    nav: 'Lĩnh vực',
    heading: 'Lĩnh vực',
    intro: 'Các lĩnh vực người dân chọn và phiếu được phân loại theo. Lĩnh vực đã có phiếu không xóa được: hãy ngừng dùng (không còn trên biểu mẫu và phiếu mới).',
    code: 'Mã',
    name: 'Tên',
    description: 'Mô tả',
    sortOrder: 'Thứ tự',
    active: 'Đang dùng',
    rowName: (code: string) => `Tên, lĩnh vực ${code}`,
    rename: 'Đổi tên',
    add: 'Thêm lĩnh vực',
    deactivate: 'Ngừng dùng',
    activate: 'Dùng lại',
    remove: 'Xóa',
    deleted: (name: string) => `Đã xóa lĩnh vực “${name}”`,
  },
  {
    nav: 'Fields',
    heading: 'Fields',
    intro: 'The subject areas citizens choose and tickets are filed under. A field with tickets cannot be deleted: deactivate it (gone from the form and from new tickets).',
    code: 'Code',
    name: 'Name',
    description: 'Description',
    sortOrder: 'Order',
    active: 'In use',
    rowName: (code: string) => `Name, field ${code}`,
    rename: 'Rename',
    add: 'Add field',
    deactivate: 'Deactivate',
    activate: 'Use again',
    remove: 'Delete',
    deleted: (name: string) => `Field “${name}” deleted`,
  },
);
