import { Type, type Static } from 'typebox';
import type { ivrMenus } from '../db/schema/index.js';
import { DateTime, Uuid } from '../web/schemas.js';
import type { IvrMenuDefinition } from './types.js';
import { menuProblemCodes, type MenuProblemCode } from './validate.js';

/**
 * The definition is checked by validateMenuDefinition (400 INVALID_IVR_MENU with every problem and its path),
 * not by the schema, so the schema only documents its shape.
 */
export const MenuDefinitionJson = Type.Unsafe<IvrMenuDefinition>({
  type: 'object',
  additionalProperties: true,
  description:
    'IVR menu definition: { start, nodes: { <name>: { kind: "menu", prompts, options: { <digit>: action }, timeoutSeconds, maxRetries, ' +
    'invalidPrompt?, timeoutPrompt?, repeatKey?, backKey?, onExhausted } | { kind: "announcement", prompts, bargeIn?, next } } }; ' +
    'action: { type: "goto", node } | { type: "enqueue", fieldCode, priority } | { type: "callback" } | { type: "hangup", prompt? }. See src/ivr/README.md.',
});

export const MenuCode = Type.String({ pattern: '^[a-z0-9-]{2,64}$', description: 'a-z 0-9 -' });
export const MenuName = Type.String({ minLength: 1, maxLength: 300 });

const summaryProperties = {
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer({ description: 'Bumped at each definition change; send it back to change the definition' }),
  createdAt: DateTime,
  updatedAt: DateTime,
};
export const IvrMenuSummary = Type.Object(summaryProperties, { $id: 'IvrMenuSummary', title: 'IVR menu (without definition)' });
export const IvrMenu = Type.Object({ ...summaryProperties, definition: MenuDefinitionJson }, { $id: 'IvrMenu', title: 'IVR menu' });

type Row = typeof ivrMenus.$inferSelect;
export const toSummary = (row: Row): Static<typeof IvrMenuSummary> => ({
  id: row.id,
  code: row.code,
  name: row.name,
  active: row.active,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
export const toMenu = (row: Row): Static<typeof IvrMenu> => ({ ...toSummary(row), definition: row.definition as IvrMenuDefinition });

export const ScriptedEvents = Type.Array(Type.String({ pattern: '^([0-9*#]|timeout)$' }), {
  maxItems: 100,
  description: 'The caller, in order: a key ("0"–"9", "*", "#") or "timeout". Every playback is heard to its end.',
});

const Command = Type.Object(
  {
    type: Type.Union([Type.Literal('play'), Type.Literal('stopPlayback'), Type.Literal('startTimer'), Type.Literal('cancelTimer'), Type.Literal('finish')]),
    prompts: Type.Optional(Type.Array(Type.String())),
    bargeIn: Type.Optional(Type.Boolean()),
    seconds: Type.Optional(Type.Integer()),
    action: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { description: 'An IvrCommand the call side would carry out' },
);
const PathEntry = Type.Object({
  node: Type.String(),
  event: Type.String(),
  digit: Type.Optional(Type.String()),
  at: DateTime,
});
export const SimulationResult = Type.Object(
  {
    steps: Type.Array(
      Type.Object({
        event: Type.Union([Type.Literal('start'), Type.Literal('playbackFinished'), Type.Literal('digit'), Type.Literal('timeout')]),
        digit: Type.Optional(Type.String()),
        commands: Type.Array(Command),
      }),
    ),
    path: Type.Array(PathEntry),
    finished: Type.Boolean(),
    currentNode: Type.Union([Type.String(), Type.Null()]),
    exit: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'How the caller left: enqueue, callback or hangup' }),
  },
  { $id: 'IvrSimulation', title: 'IVR simulation' },
);

export const MenuCheck = Type.Object(
  {
    valid: Type.Boolean({ description: 'true when the draft may be published' }),
    problems: Type.Array(
      Type.Object({
        path: Type.String({ maxLength: 300, description: 'e.g. nodes.main.options.7.node' }),
        node: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'the node the problem is in (null: the whole menu)' }),
        code: Type.Unsafe<MenuProblemCode>({ type: 'string', enum: [...menuProblemCodes] }),
        message: Type.String({ maxLength: 1000, description: 'in English; the editor words each code in Vietnamese' }),
        target: Type.Optional(Type.String({ maxLength: 1000, description: 'the missing node, the unknown field, the key, or the loop' })),
      }),
      { maxItems: 2000 },
    ),
  },
  { $id: 'IvrMenuCheck', title: 'IVR menu check' },
);

export const VersionNote = Type.String({ maxLength: 500, description: 'what this version changes, for the version list (e.g. "thêm phím 6")' });

const versionProperties = {
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  current: Type.Boolean({ description: 'the version in force' }),
  note: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  restoredFrom: Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()], { description: 'the version it restores, if it is a restore' }),
  publishedBy: Type.Union([Uuid, Type.Null()]),
  publishedByName: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  publishedAt: DateTime,
};
export const IvrMenuVersionSummary = Type.Object(versionProperties, { $id: 'IvrMenuVersionSummary', title: 'IVR menu version' });
export const IvrMenuVersion = Type.Object({ ...versionProperties, definition: MenuDefinitionJson }, { $id: 'IvrMenuVersion', title: 'IVR menu version with its definition' });

interface VersionRow {
  version: number;
  current: boolean;
  note: string | null;
  restoredFrom: number | null;
  publishedBy: string | null;
  publishedByName: string | null;
  publishedAt: Date;
}
export const toVersionSummary = (v: VersionRow): Static<typeof IvrMenuVersionSummary> => ({
  version: v.version,
  current: v.current,
  note: v.note,
  restoredFrom: v.restoredFrom,
  publishedBy: v.publishedBy,
  publishedByName: v.publishedByName,
  publishedAt: v.publishedAt.toISOString(),
});
