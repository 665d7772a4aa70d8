import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Offset, Uuid } from '../web/schemas.js';
import { kbListLimit, type KbListItem } from './list.js';
import { kbSearchLimit, type KbHit } from './search.js';
import type { KbEntry } from './service.js';

export const searchTextLength = { min: 1, max: 200 } as const;

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: searchTextLength.min,
    maxLength: searchTextLength.max,
    description: 'what the operator typed; case and diacritics ignored (đ = d), the last word may be unfinished',
  }),
  fieldId: Type.Optional(Uuid),
  agencyId: Type.Optional(Uuid),
  limit: Type.Integer({ minimum: 1, maximum: kbSearchLimit.max, default: kbSearchLimit.default }),
});

export const KbSearchHit = Type.Object(
  {
    id: Uuid,
    question: Type.String(),
    answerExcerpt: Type.String({ description: 'the start of the answer, about 200 characters' }),
    fieldId: Nullable(Uuid),
    agencyId: Nullable(Uuid),
    updatedAt: DateTime,
  },
  { $id: 'KbSearchHit', title: 'Knowledge-base search hit' },
);

export const KbListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: searchTextLength.max, description: 'every word in question, keywords or answer; diacritics ignored' })),
  agencyId: Type.Optional(Uuid),
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('all')], { default: 'all', description: 'active, withdrawn or both' }),
  limit: Type.Integer({ minimum: 1, maximum: kbListLimit.max, default: kbListLimit.default }),
  offset: Offset,
});

export const KbListItemView = Type.Object(
  {
    id: Uuid,
    question: Type.String(),
    answerExcerpt: Type.String({ description: 'the start of the answer, about 200 characters' }),
    keywords: Nullable(Type.String()),
    fieldId: Nullable(Uuid),
    agencyId: Nullable(Uuid),
    active: Type.Boolean(),
    updatedAt: DateTime,
  },
  { $id: 'KbListItem', title: 'Knowledge-base entry in a list' },
);

export const KbEntryView = Type.Object(
  {
    id: Uuid,
    fieldId: Nullable(Uuid),
    agencyId: Nullable(Uuid),
    question: Type.String(),
    answer: Type.String(),
    keywords: Nullable(Type.String()),
    active: Type.Boolean(),
    updatedBy: Nullable(Uuid),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'KbEntry', title: 'Knowledge-base entry (câu hỏi – trả lời)' },
);

const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
const Editable = {
  question: Text(1000, 'the question as citizens ask it'),
  answer: Text(20_000, 'what the operator tells the citizen'),
  keywords: Nullable(Type.String({ maxLength: 1000, description: 'other words citizens use, comma-separated: "CCCD, căn cước"' })),
  fieldId: Nullable(Uuid),
  agencyId: Nullable(Uuid),
};

export const NewKbEntry = Type.Object(
  {
    question: Editable.question,
    answer: Editable.answer,
    keywords: Type.Optional(Editable.keywords),
    fieldId: Type.Optional(Editable.fieldId),
    agencyId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: "the responsible agency; an agency officer's own by default" })),
  },
  { additionalProperties: false },
);

export const KbEntryChanges = Type.Partial(Type.Object({ ...Editable, active: Type.Boolean() }), {
  minProperties: 1,
  additionalProperties: false,
});

export const toSearchHit = (hit: KbHit): Static<typeof KbSearchHit> => ({ ...hit, updatedAt: hit.updatedAt.toISOString() });

export const toListItem = (item: KbListItem): Static<typeof KbListItemView> => ({ ...item, updatedAt: item.updatedAt.toISOString() });

export const toEntryView = (entry: KbEntry): Static<typeof KbEntryView> => ({
  id: entry.id,
  fieldId: entry.fieldId,
  agencyId: entry.agencyId,
  question: entry.question,
  answer: entry.answer,
  keywords: entry.keywords,
  active: entry.active,
  updatedBy: entry.updatedBy,
  createdAt: entry.createdAt.toISOString(),
  updatedAt: entry.updatedAt.toISOString(),
});
