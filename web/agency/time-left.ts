import type { Summary } from './api.js';
import type { agencyMessages } from './messages.js';

type TimeLeftTexts = (typeof agencyMessages)['vi']['timeLeft'];

/** "còn 3 giờ 20 phút giờ làm việc" / "quá hạn 1 ngày 2 giờ": the working time left on the ticket's calendar (R13). */
export function timeLeftText(t: TimeLeftTexts, timeLeft: Summary['timeLeft']): string {
  if (!timeLeft) return t.none;
  const minutes = Math.abs(timeLeft.workingMinutes);
  const hours = Math.floor(minutes / 60);
  // Working days of 8 hours read better than "27 giờ" once a deadline is days away.
  const amount = hours >= 24 ? t.days(Math.floor(hours / 8), hours % 8) : t.hours(hours, minutes % 60);
  const text = `${amount} ${t.working}`;
  return timeLeft.workingMinutes < 0 || timeLeft.state === 'overdue' ? t.over(text) : t.left(text);
}
