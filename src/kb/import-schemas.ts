import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { rowProblems, summarise, type PlannedRow } from './import-rows.js';
import type { KbImportSummary } from './import-service.js';
import { spreadsheetLimits } from './spreadsheet.js';

const Column = Type.Integer({ minimum: 0, maximum: spreadsheetLimits.columns - 1, description: 'a column of the file, 0 = the first' });
// Null first: with coerceTypes 'array', Ajv tried the integer branch first and turned a null (column not used) into 0.
const OptionalColumn = Type.Optional(Type.Union([Type.Null(), Column]));

export const ColumnMappingBody = Type.Object(
  {
    question: Column,
    answer: Column,
    keywords: OptionalColumn,
    field: Type.Optional(Type.Union([Type.Null(), Column], { description: "a column holding the field's code or name" })),
    agency: Type.Optional(Type.Union([Type.Null(), Column], { description: "a column holding the agency's code or name; an officer's rows all go to their agency" })),
    defaultFieldId: Type.Optional(Nullable(Uuid)),
    defaultAgencyId: Type.Optional(Nullable(Uuid)),
    previewRows: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, default: 20, description: 'how many of the first rows to show in full' })),
  },
  { additionalProperties: false },
);

export const RunBody = Type.Object(
  {
    skipRowsWithProblems: Type.Optional(
      Type.Boolean({ default: false, description: 'import the good rows and leave the rows with problems out (otherwise 409 while any row has one)' }),
    ),
  },
  { additionalProperties: false },
);

const Mapping = Type.Object({
  question: Type.Optional(Column),
  answer: Type.Optional(Column),
  keywords: OptionalColumn,
  field: OptionalColumn,
  agency: OptionalColumn,
  defaultFieldId: Type.Optional(Nullable(Uuid)),
  defaultAgencyId: Type.Optional(Nullable(Uuid)),
});

export const KbImportView = Type.Object(
  {
    id: Uuid,
    fileName: Type.String(),
    fileType: Type.Enum(['xlsx', 'xls', 'csv']),
    status: Type.Enum(['uploaded', 'queued', 'importing', 'done', 'failed'], {
      description: 'uploaded (map and preview) → queued → importing → done | failed (nothing written; fix and run again)',
    }),
    headers: Type.Array(Type.String(), { description: 'the first row of the file' }),
    mapping: Nullable(Mapping),
    totalRows: Type.Integer({ description: 'rows under the header, empty rows left out' }),
    processedRows: Type.Integer({ description: 'rows written so far in the running transaction (committed together at the end)' }),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
    createdCount: Type.Integer(),
    updatedCount: Type.Integer(),
    skippedCount: Type.Integer(),
    errorCode: Nullable(Type.String()),
    errorMessage: Nullable(Type.String()),
    createdAt: DateTime,
    startedAt: Nullable(DateTime),
    finishedAt: Nullable(DateTime),
  },
  { $id: 'KbImport', title: 'Knowledge-base import (nhập hỏi đáp từ bảng tính)' },
);

export const UploadView = Type.Object({
  import: KbImportView,
  sampleRows: Type.Array(Type.Array(Type.String()), { description: 'the first 10 rows as read, for choosing the columns' }),
});

const Problem = Type.Enum([...rowProblems]);
const PlannedRowView = Type.Object({
  rowNumber: Type.Integer({ description: 'as the spreadsheet numbers it (the header is row 1)' }),
  action: Type.Enum(['create', 'update', 'skip']),
  question: Type.String(),
  answer: Type.String(),
  keywords: Nullable(Type.String()),
  fieldId: Nullable(Uuid),
  agencyId: Nullable(Uuid),
  entryId: Nullable(Uuid),
  problems: Type.Array(Problem),
});

export const PreviewView = Type.Object(
  {
    import: KbImportView,
    summary: Type.Object({
      rows: Type.Integer(),
      create: Type.Integer(),
      update: Type.Integer(),
      skip: Type.Integer(),
      problems: Type.Record(Type.String(), Type.Integer()),
    }),
    rows: Type.Array(PlannedRowView, { description: 'the first `previewRows` rows, as they would be written' }),
    problemRows: Type.Array(
      Type.Object({ rowNumber: Type.Integer(), problems: Type.Array(Problem), question: Type.String({ description: 'its first 120 characters' }) }),
      { description: 'every row that has a problem' },
    ),
  },
  { $id: 'KbImportPreview', title: 'Knowledge-base import preview' },
);

export const ExportQuery = Type.Object(
  {
    agencyId: Type.Optional(Uuid),
    fieldId: Type.Optional(Uuid),
    includeInactive: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

export function toImportView(row: KbImportSummary, processedNow?: number): Static<typeof KbImportView> {
  const importing = processedNow !== undefined;
  const processedRows = importing ? processedNow : row.processedRows;
  return {
    id: row.id,
    fileName: row.fileName,
    fileType: row.fileType,
    status: importing ? 'importing' : row.status,
    headers: row.headers,
    mapping: (row.mapping as Static<typeof Mapping> | null) ?? null,
    totalRows: row.totalRows,
    processedRows,
    percent: row.status === 'done' ? 100 : row.totalRows === 0 ? 0 : Math.min(100, Math.floor((processedRows / row.totalRows) * 100)),
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    skippedCount: row.skippedCount,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function toPreviewView(row: KbImportSummary, plan: readonly PlannedRow[], previewRows: number): Static<typeof PreviewView> {
  return {
    import: toImportView(row),
    summary: summarise(plan),
    rows: plan.slice(0, previewRows).map((r) => ({ ...r, problems: [...r.problems] })),
    problemRows: plan
      .filter((r) => r.problems.length > 0)
      .map((r) => ({ rowNumber: r.rowNumber, problems: [...r.problems], question: r.question.slice(0, 120) })),
  };
}
