import { inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fields } from '../db/schema/index.js';
import { badRequest } from '../web/errors.js';
import type { IvrMenuDefinition } from './types.js';
import { enqueuedFieldCodes, validateMenuDefinition } from './validate.js';

const invalidMenu = (errors: string[]) => badRequest('INVALID_IVR_MENU', `Kịch bản IVR không hợp lệ: ${errors.join('; ')}`);

/** A definition the engine can run: valid (400 INVALID_IVR_MENU otherwise), without checking field codes. */
export function requireRunnableDefinition(input: unknown): IvrMenuDefinition {
  const checked = validateMenuDefinition(input);
  if (!checked.ok) throw invalidMenu(checked.errors);
  return checked.value;
}

/**
 * A definition that may be saved: runnable, and every field it enqueues to exists in the fields table, so the call
 * side can always file the call under its field.
 */
export async function requireSavableDefinition(db: Executor, input: unknown): Promise<IvrMenuDefinition> {
  const definition = requireRunnableDefinition(input);
  const used = enqueuedFieldCodes(definition);
  if (used.length === 0) return definition;
  const codes = [...new Set(used.map((u) => u.fieldCode))];
  const known = new Set((await db.select({ code: fields.code }).from(fields).where(inArray(fields.code, codes))).map((f) => f.code));
  const unknown = used.filter((u) => !known.has(u.fieldCode)).map((u) => `${u.path}: unknown field "${u.fieldCode}"`);
  if (unknown.length > 0) throw invalidMenu(unknown);
  return definition;
}
