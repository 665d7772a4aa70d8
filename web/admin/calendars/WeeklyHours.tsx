import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { CalendarView } from '@server/sla/calendar-routes.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { adminMessages } from '../messages.js';
import { calendarMessages } from './messages.js';

type Weekly = Static<typeof CalendarView>['weeklyHours'];
type Day = keyof Weekly;
const days: Day[] = ['1', '2', '3', '4', '5', '6', '0'];
const clock = '[0-2][0-9]:[0-5][0-9]';
/** One day's periods typed the 24-hour way, "07:30-11:30, 13:00-17:00"; empty = closed. Plain text: no 12-hour picker. */
const dayPattern = `(\\s*${clock}\\s*-\\s*${clock}\\s*(,\\s*${clock}\\s*-\\s*${clock}\\s*)*)?`;

const format = (periods: Weekly[Day]) => periods.map((p) => `${p.start}-${p.end}`).join(', ');
const parse = (text: string): Weekly[Day] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-').map((s) => s.trim());
      return { start, end };
    });

/** The weekly office hours of a calendar (R13), one text per weekday; the change is previewed (deadlines that move) by the caller. */
export function WeeklyHours({ weekly, pending, onPreview }: { weekly: Weekly; pending: boolean; onPreview: (weekly: Weekly) => void }) {
  const t = useMessages(calendarMessages);
  const admin = useMessages(adminMessages);
  const [texts, setTexts] = useState(() => Object.fromEntries(days.map((d) => [d, format(weekly[d])])) as Record<Day, string>);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPreview(Object.fromEntries(days.map((d) => [d, parse(texts[d])])) as Weekly);
  };
  return (
    <form className="panel admin-weekly" onSubmit={submit} aria-labelledby="calendar-weekly-heading">
      <h2 id="calendar-weekly-heading">{t.weeklyHeading}</h2>
      <p className="muted">{t.weeklyIntro}</p>
      <div className="admin-weekly-days">
        {days.map((d) => (
          <label key={d} className="field">
            <span className="field-label">{admin.weekday(Number(d))}</span>
            <input aria-label={t.dayHours(admin.weekday(Number(d)))} title={t.format} pattern={dayPattern} maxLength={80} inputMode="numeric" placeholder={admin.calendars.closed} value={texts[d]} onChange={(e) => setTexts({ ...texts, [d]: e.target.value })} />
          </label>
        ))}
      </div>
      <div>
        <button type="submit" className="button" disabled={pending}>
          {t.previewWeekly}
        </button>
      </div>
    </form>
  );
}
