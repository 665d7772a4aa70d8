export * from './civil-date.js';
export * from './errors.js';
export * from './lunar.js';
export * from './holidays.js';
export * from './calendar.js';
export * from './working-time.js';
export * from './rules.js';
export { assertTimeZone, offsetMsAt } from './zone.js';
