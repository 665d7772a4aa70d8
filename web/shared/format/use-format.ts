import { useMemo } from 'react';
import { useSettings } from '../session/session.js';
import { formatDate, formatDateTime, formatDuration, formatPhone, formatTime } from './format.js';

/** The formatters bound to the server's business time zone. */
export function useFormat() {
  const { businessTz } = useSettings();
  return useMemo(
    () => ({
      dateTime: (value: string | Date) => formatDateTime(value, businessTz),
      date: (value: string | Date) => formatDate(value, businessTz),
      time: (value: string | Date) => formatTime(value, businessTz),
      duration: formatDuration,
      phone: formatPhone,
    }),
    [businessTz],
  );
}
