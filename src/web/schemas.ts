import { Type, type TSchema } from 'typebox';

/** Schema pieces every route uses. */
export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * Where a page starts: bounded (issue 12), since 99999999999999999999 overflowed PostgreSQL's bigint (a 500). Nobody
 * pages 100,000 rows deep; a search narrows first.
 */
export const Offset = Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'rows skipped, 0–100000' });
