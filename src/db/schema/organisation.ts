import { boolean, integer, pgEnum, pgTable, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';

/** Lĩnh vực: the subject areas callers choose and tickets are filed under. Data, not code. */
export const fields = pgTable('fields', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  description: text('description'),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const agencyKind = pgEnum('agency_kind', [
  'department', // Sở, ban, ngành cấp tỉnh
  'district', // UBND cấp huyện / thành phố
  'commune', // UBND cấp xã
  'police',
  'insurance',
  'other',
]);

/** Level-2 agencies (đơn vị cấp 2): provincial departments, district and commune People's Committees. */
export const agencies = pgTable('agencies', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: agencyKind('kind').notNull(),
  parentId: uuid('parent_id').references((): AnyPgColumn => agencies.id),
  /** The hotline urgent calls are transferred to (R6). */
  hotline: text('hotline'),
  email: text('email'),
  address: text('address'),
  /** Receives tickets of unclear jurisdiction and forwards them on (R12: Sở TT&TT). */
  handlesUnclearJurisdiction: boolean('handles_unclear_jurisdiction').notNull().default(false),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
