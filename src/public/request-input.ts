import { normalizeVnPhone } from '../sms/phone.js';
import { badRequest } from '../web/errors.js';

/** The web form as received: every field checked here so each mistake gets its own Vietnamese message. */
export interface PublicRequestBody {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
  content?: string | undefined;
  fieldId?: string | undefined;
}

export interface PublicRequest {
  name: string;
  phone: string;
  email: string | null;
  address: string | null;
  content: string;
  fieldId: string | null;
}

export const contentMinLength = 10;
export const contentMaxLength = 5000;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const trimmed = (value: string | undefined) => value?.trim() ?? '';

/** Throws a 400 DomainError naming the first problem. */
export function parsePublicRequest(body: PublicRequestBody): PublicRequest {
  const name = trimmed(body.name);
  if (name === '') throw badRequest('NAME_REQUIRED', 'Vui lòng nhập họ và tên');
  if (name.length > 200) throw badRequest('NAME_TOO_LONG', 'Họ và tên dài quá 200 ký tự');
  const rawPhone = trimmed(body.phone);
  if (rawPhone === '') throw badRequest('PHONE_REQUIRED', 'Vui lòng nhập số điện thoại');
  const phone = normalizeVnPhone(rawPhone);
  if (!phone) {
    throw badRequest('PHONE_INVALID', 'Số điện thoại không hợp lệ: nhập dạng 0xxxxxxxxx hoặc +84xxxxxxxxx');
  }
  const email = trimmed(body.email);
  if (email !== '' && (!emailPattern.test(email) || email.length > 254)) {
    throw badRequest('EMAIL_INVALID', 'Địa chỉ email không hợp lệ');
  }
  const address = trimmed(body.address);
  if (address.length > 500) throw badRequest('ADDRESS_TOO_LONG', 'Địa chỉ dài quá 500 ký tự');
  const content = trimmed(body.content);
  if (content.length < contentMinLength) {
    throw badRequest('CONTENT_TOO_SHORT', `Nội dung phản ánh, kiến nghị cần ít nhất ${contentMinLength} ký tự`);
  }
  if (content.length > contentMaxLength) {
    throw badRequest('CONTENT_TOO_LONG', `Nội dung phản ánh, kiến nghị dài quá ${contentMaxLength} ký tự`);
  }
  const fieldId = trimmed(body.fieldId);
  if (fieldId !== '' && !uuidPattern.test(fieldId)) throw badRequest('FIELD_UNKNOWN', 'Lĩnh vực đã chọn không tồn tại');
  return { name, phone, email: email || null, address: address || null, content, fieldId: fieldId || null };
}
