import { useId, useState } from 'react';
import { isTimeOfDay, joinLocalDateTime, normaliseTimeOfDay, splitLocalDateTime } from '../format/time-of-day.js';
import { commonMessages } from '../i18n/common.js';
import { useMessages } from '../i18n/i18n.js';

/**
 * A time of day typed 24 h, "HH:mm" (07:30, 17:00): a text field, since `<input type="time">` shows AM/PM in a browser
 * set to English (US). "7h30", "730" and the like become "07:30" when the field is left; what is still not a time is
 * marked invalid (aria-invalid) with its message read with the field. `value` is what was typed: the page checks it
 * with `isTimeOfDay` before using it.
 */
export function TimeInput({
  id,
  label,
  value,
  onChange,
  required = false,
}: {
  /** The id a visible <label htmlFor> points to; without it, `label` names the field (aria-label). */
  id?: string;
  label?: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
}) {
  const t = useMessages(commonMessages);
  const errorId = useId();
  const [left, setLeft] = useState(false);
  const invalid = left && value !== '' && !isTimeOfDay(value);
  return (
    <span className="time-input">
      <input
        id={id}
        aria-label={id ? undefined : label}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        pattern="([01][0-9]|2[0-3]):[0-5][0-9]"
        placeholder="hh:mm"
        maxLength={5}
        size={5}
        required={required}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => {
          setLeft(true);
          const time = normaliseTimeOfDay(value);
          if (time !== value) onChange(time);
        }}
      />
      {invalid && (
        <span id={errorId} className="field-error">
          {t.timeInput.invalid}
        </span>
      )}
    </span>
  );
}

/**
 * A local date and a 24 h time, in place of `<input type="datetime-local">` (AM/PM in English browsers): `value` and
 * what `onChange` gives are "2026-12-08T14:30" when both are whole (`isLocalDateTime`), "" when both are empty, else
 * what was typed so far (the page refuses it; the field says what is missing).
 */
export function DateTimeInput({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const t = useMessages(commonMessages);
  const dateId = useId();
  const timeId = useId();
  const errorId = useId();
  const { date, time } = splitLocalDateTime(value);
  const incomplete = (date === '') !== (time === '');
  return (
    <fieldset className="date-time-input" aria-describedby={incomplete ? errorId : undefined}>
      <legend className="field-label">{label}</legend>
      <label htmlFor={dateId}>{t.timeInput.date}</label>
      <input id={dateId} type="date" value={date} aria-invalid={(incomplete && date === '') || undefined} onChange={(e) => onChange(joinLocalDateTime(e.target.value, time))} />
      <label htmlFor={timeId}>{t.timeInput.time}</label>
      <TimeInput id={timeId} value={time} onChange={(next) => onChange(joinLocalDateTime(date, next))} />
      {incomplete && (
        <span id={errorId} className="field-error">
          {t.timeInput.incomplete}
        </span>
      )}
    </fieldset>
  );
}
