import nodemailer from 'nodemailer';
import type { ReportMailer } from './scheduled.js';

/**
 * E-mails a report to REPORT_RECIPIENTS through SMTP_URL (nodemailer), from MAIL_FROM: the workbook attached, the
 * printable page as the body. Without SMTP_URL or recipients, nothing is sent (0): the report is still stored.
 */
export function smtpReportMailer(env: { SMTP_URL?: string | undefined; MAIL_FROM: string; REPORT_RECIPIENTS: string }): ReportMailer {
  const recipients = env.REPORT_RECIPIENTS.split(',').map((a) => a.trim()).filter(Boolean);
  if (!env.SMTP_URL || recipients.length === 0) return async () => 0;
  const transport = nodemailer.createTransport(env.SMTP_URL);
  return async ({ title, fileName, xlsx, html }) => {
    await transport.sendMail({
      from: env.MAIL_FROM,
      to: recipients,
      subject: title,
      html,
      text: `${title}\n\nBáo cáo chi tiết trong tệp đính kèm ${fileName}.`,
      attachments: [{ filename: fileName, content: xlsx, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }],
    });
    return recipients.length;
  };
}
