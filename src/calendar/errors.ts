/** Base class of every error thrown by the calendar module; `code` is stable for API mapping. */
export class CalendarError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The calendar has no working time at or after the requested instant, so no deadline exists. */
export class NoWorkingTimeError extends CalendarError {
  constructor(message = 'The working calendar has no working time after the given instant') {
    super('NO_WORKING_TIME', message);
  }
}

/** The calendar value is malformed (bad time zone, bad 'HH:MM', overlapping intervals, bad date). */
export class InvalidCalendarError extends CalendarError {
  constructor(message: string) {
    super('INVALID_CALENDAR', message);
  }
}
