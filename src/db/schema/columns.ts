import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Column helpers shared by every table: ids are random UUIDs, times are timestamptz. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => at('created_at').notNull().defaultNow();
export const updatedAt = () => at('updated_at').notNull().defaultNow();
