/**
 * Pure: what each row of an agency's spreadsheet becomes under a column mapping (issue 16, R19) — a new entry, a
 * change to the entry that already has that question in that agency, or a row with problems that is not imported.
 */
import { foldWords } from '../search/fold.js';

/** Which column (0-based) holds what; question and answer are required, the rest optional. */
export interface ColumnMapping {
  question: number;
  answer: number;
  keywords?: number | null | undefined;
  field?: number | null | undefined;
  agency?: number | null | undefined;
  /** For rows whose field column is empty (or when there is none). */
  defaultFieldId?: string | null | undefined;
  /** For rows whose agency column is empty (or when there is none); an agency officer's is always their own. */
  defaultAgencyId?: string | null | undefined;
}

export const rowProblems = [
  'empty_question',
  'empty_answer',
  'question_too_long',
  'answer_too_long',
  'keywords_too_long',
  'unknown_field',
  'unknown_agency',
  'other_agency',
  'duplicate',
] as const;
export type RowProblem = (typeof rowProblems)[number];

export const problemLabels: Record<RowProblem, string> = {
  empty_question: 'Câu hỏi để trống',
  empty_answer: 'Câu trả lời để trống',
  question_too_long: 'Câu hỏi dài quá 1.000 ký tự',
  answer_too_long: 'Câu trả lời dài quá 20.000 ký tự',
  keywords_too_long: 'Từ khóa dài quá 1.000 ký tự',
  unknown_field: 'Không có lĩnh vực này',
  unknown_agency: 'Không có đơn vị này',
  other_agency: 'Đơn vị khác với đơn vị của bạn',
  duplicate: 'Trùng câu hỏi với một dòng phía trên (cùng đơn vị)',
};

const limits = { question: 1000, answer: 20_000, keywords: 1000 };

/** A name or code as it is compared: folded (no diacritics, lower case, one space between words). */
export const lookupKey = (text: string) => foldWords(text).trim();
/**
 * A question as it is compared with the ones already in the base: NFC, lower case, one space between words.
 * Diacritics count: "hỏi" and "hội" are different words.
 */
export const questionKey = (agencyId: string | null, question: string) =>
  `${agencyId ?? '-'}|${question.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim()}`;

export interface ImportLookups {
  /** Field ids by folded code and folded name. */
  fields: Map<string, string>;
  /** Agency ids by folded code and folded name. */
  agencies: Map<string, string>;
  /** Existing entry ids by `questionKey`. */
  existing: Map<string, string>;
  /** An agency officer's agency: the only one rows may go to. */
  agencyScope: string | null;
}

export interface PlannedRow {
  /** The row's number as the spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  question: string;
  answer: string;
  keywords: string | null;
  fieldId: string | null;
  agencyId: string | null;
  action: 'create' | 'update' | 'skip';
  /** The entry that a row of action `update` changes. */
  entryId: string | null;
  problems: RowProblem[];
}

const cell = (row: readonly string[], column: number | null | undefined) =>
  column === null || column === undefined ? '' : (row[column] ?? '').trim();

/** Every row's plan, in file order; a question repeated in one agency is a problem on its second and later rows. */
export function planRows(rows: readonly (readonly string[])[], mapping: ColumnMapping, lookups: ImportLookups): PlannedRow[] {
  const seen = new Set<string>();
  return rows.map((row, index) => {
    const problems: RowProblem[] = [];
    const question = cell(row, mapping.question).replace(/[ \t]+/g, ' ');
    const answer = cell(row, mapping.answer);
    const keywords = cell(row, mapping.keywords) || null;
    if (question === '') problems.push('empty_question');
    if (answer === '') problems.push('empty_answer');
    if (question.length > limits.question) problems.push('question_too_long');
    if (answer.length > limits.answer) problems.push('answer_too_long');
    if (keywords && keywords.length > limits.keywords) problems.push('keywords_too_long');

    const fieldText = cell(row, mapping.field);
    let fieldId = mapping.defaultFieldId ?? null;
    if (fieldText !== '') {
      fieldId = lookups.fields.get(lookupKey(fieldText)) ?? null;
      if (!fieldId) problems.push('unknown_field');
    }

    const agencyText = cell(row, mapping.agency);
    let agencyId = lookups.agencyScope ?? mapping.defaultAgencyId ?? null;
    if (agencyText !== '') {
      const named = lookups.agencies.get(lookupKey(agencyText)) ?? null;
      if (!named) problems.push('unknown_agency');
      else if (lookups.agencyScope && named !== lookups.agencyScope) problems.push('other_agency');
      else agencyId = named;
    }

    let entryId: string | null = null;
    if (question !== '') {
      const key = questionKey(agencyId, question);
      if (seen.has(key)) problems.push('duplicate');
      seen.add(key);
      entryId = lookups.existing.get(key) ?? null;
    }
    const action = problems.length > 0 ? 'skip' : entryId ? 'update' : 'create';
    return { rowNumber: index + 2, question, answer, keywords, fieldId, agencyId, action, entryId: action === 'update' ? entryId : null, problems };
  });
}

/** The names agencies give their columns, folded, for a first guess at the mapping. */
const headerNames: Record<'question' | 'answer' | 'keywords' | 'field' | 'agency', string[]> = {
  question: ['cau hoi', 'noi dung cau hoi', 'hoi', 'question', 'questions'],
  answer: ['tra loi', 'cau tra loi', 'noi dung tra loi', 'dap', 'answer', 'answers'],
  keywords: ['tu khoa', 'keywords', 'keyword', 'tu khoa tim kiem'],
  field: ['linh vuc', 'field', 'ma linh vuc'],
  agency: ['don vi', 'co quan', 'don vi phu trach', 'co quan phu trach', 'agency', 'ma don vi'],
};

/** A first mapping from the header names; the person checks it in the preview. */
export function guessMapping(headers: readonly string[]): Partial<ColumnMapping> {
  const folded = headers.map(lookupKey);
  const guess: Partial<ColumnMapping> = {};
  for (const [target, names] of Object.entries(headerNames) as [keyof typeof headerNames, string[]][]) {
    const index = folded.findIndex((h) => names.includes(h));
    if (index >= 0) guess[target] = index;
  }
  return guess;
}

export interface PlanSummary {
  rows: number;
  create: number;
  update: number;
  skip: number;
  problems: Record<RowProblem, number>;
}

export function summarise(plan: readonly PlannedRow[]): PlanSummary {
  const problems = Object.fromEntries(rowProblems.map((p) => [p, 0])) as Record<RowProblem, number>;
  const summary: PlanSummary = { rows: plan.length, create: 0, update: 0, skip: 0, problems };
  for (const row of plan) {
    summary[row.action]++;
    for (const problem of row.problems) problems[problem]++;
  }
  return summary;
}
