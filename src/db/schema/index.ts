export * from './organisation.js';
export * from './accounts.js';
export * from './telephony.js';
export * from './calendar.js';
export * from './tickets.js';
export * from './messaging.js';
export * from './knowledge.js';
export * from './audit.js';
