import { inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fields } from '../db/schema/index.js';
import { badRequest } from '../web/errors.js';
import type { IvrMenuDefinition } from './types.js';
import { enqueuedFieldCodes, menuProblems, problem, problemText, validateMenuDefinition, type MenuProblem } from './validate.js';

const invalidMenu = (problems: MenuProblem[]) => badRequest('INVALID_IVR_MENU', `Kịch bản IVR không hợp lệ: ${problems.map(problemText).join('; ')}`);

/** A definition the engine can run: valid (400 INVALID_IVR_MENU otherwise), without checking field codes. */
export function requireRunnableDefinition(input: unknown): IvrMenuDefinition {
  const checked = validateMenuDefinition(input);
  if (!checked.ok) throw invalidMenu(checked.problems);
  return checked.value;
}

/** The enqueues of a runnable definition to field codes that are not in the fields table. */
async function unknownFields(db: Executor, definition: IvrMenuDefinition): Promise<MenuProblem[]> {
  const used = enqueuedFieldCodes(definition);
  if (used.length === 0) return [];
  const codes = [...new Set(used.map((u) => u.fieldCode))];
  const known = new Set((await db.select({ code: fields.code }).from(fields).where(inArray(fields.code, codes))).map((f) => f.code));
  return used.filter((u) => !known.has(u.fieldCode)).map((u) => problem(u.path, 'unknown_field', `unknown field "${u.fieldCode}"`, u.fieldCode));
}

/**
 * Every problem that keeps a draft from being saved, for the editor to show next to each node: what the engine
 * refuses, the nodes nothing leads to, and enqueues to fields that do not exist (when the rest is runnable).
 */
export async function savingProblems(db: Executor, input: unknown): Promise<MenuProblem[]> {
  const problems = menuProblems(input);
  const checked = validateMenuDefinition(input);
  return checked.ok ? [...problems, ...(await unknownFields(db, checked.value))] : problems;
}

/**
 * A definition that may be saved: runnable, every node reachable from the start, and every field it enqueues to
 * exists in the fields table, so the call side can always file the call under its field.
 */
export async function requireSavableDefinition(db: Executor, input: unknown): Promise<IvrMenuDefinition> {
  const problems = await savingProblems(db, input);
  if (problems.length > 0) throw invalidMenu(problems);
  return input as IvrMenuDefinition;
}
