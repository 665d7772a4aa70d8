import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { ColumnMappingBody, KbImportView, PreviewView, UploadView } from '@server/kb/import-schemas.js';
import { api } from '../../shared/api/client.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useServerEvent } from '../../shared/socket/socket.js';
import { Field } from '../../shared/ui/Field.js';
import { useErrorText } from '../../shared/ui/states.js';
import { uploadFile } from '../api.js';
import { adminMessages } from '../messages.js';

type Upload = Static<typeof UploadView>;
type Preview = Static<typeof PreviewView>;
type KbImport = Static<typeof KbImportView>;
type Mapping = Static<typeof ColumnMappingBody>;
type Column = 'question' | 'answer' | 'keywords' | 'field' | 'agency';
const columns: readonly Column[] = ['question', 'answer', 'keywords', 'field', 'agency'];
const required = new Set<Column>(['question', 'answer']);
const importKey = (id: string) => ['admin', 'kb-import', id] as const;

/**
 * The knowledge base from the agencies' spreadsheets (issue 16, R19): upload → the columns guessed from the headers,
 * changed with selects → the first rows as they would be written and every row's problems → import (all or nothing,
 * progress from kb.import.progress.v1 and the status route) → the result. And the base exported as .xlsx.
 */
export function KbImportPage() {
  const t = useMessages(adminMessages).kb;
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<Upload | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<Column, number | null>>>({});
  const [skipProblems, setSkipProblems] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);

  const preview = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Mapping }) => api.put<Preview>(`/api/kb/imports/${id}/mapping`, body),
  });
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadFile<Upload>('/api/kb/imports', chosen),
    onSuccess: (data) => {
      setUploaded(data);
      setRunId(null);
      setSkipProblems(false);
      preview.reset();
      const guessed = data.import.mapping;
      const next = { question: guessed?.question, answer: guessed?.answer, keywords: guessed?.keywords ?? null, field: guessed?.field ?? null, agency: guessed?.agency ?? null };
      setMapping(next);
      if (next.question !== undefined && next.answer !== undefined) preview.mutate({ id: data.import.id, body: toBody(next) });
    },
  });
  const run = useMutation({
    mutationFn: (id: string) => api.post<KbImport>(`/api/kb/imports/${id}/run`, { skipRowsWithProblems: skipProblems }),
    onSuccess: (queued) => setRunId(queued.id),
  });

  const submitUpload = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };
  const submitMapping = (event: FormEvent) => {
    event.preventDefault();
    if (uploaded) preview.mutate({ id: uploaded.import.id, body: toBody(mapping) });
  };
  const start = () => {
    setUploaded(null);
    setFile(null);
    setRunId(null);
    upload.reset();
    preview.reset();
    run.reset();
  };
  const problemCount = preview.data?.problemRows.length ?? 0;
  const headers = uploaded?.import.headers ?? [];

  return (
    <div className="admin-page">
      <section className="panel admin-page" aria-labelledby="kb-heading">
        <div>
          <h1 id="kb-heading">{t.heading}</h1>
          <p className="muted">{t.intro}</p>
        </div>
        {!uploaded && (
          <form className="admin-form" onSubmit={submitUpload}>
            <label className="field">
              <span className="field-label">{t.file}</span>
              <input type="file" accept=".xlsx,.xls,.csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </label>
            <button type="submit" className="button button--primary" disabled={upload.isPending || !file}>
              {t.upload}
            </button>
          </form>
        )}
        {upload.isError && (
          <p className="error-note" role="alert">
            {errorText(upload.error)}
          </p>
        )}
        {uploaded && (
          <p className="admin-ok" role="status">
            {t.uploaded(uploaded.import.fileName, uploaded.import.totalRows)}{' '}
            <button type="button" className="button button--small" onClick={start}>
              {t.another}
            </button>
          </p>
        )}
      </section>

      {uploaded && !runId && (
        <section className="panel admin-page" aria-labelledby="kb-mapping-heading">
          <h2 id="kb-mapping-heading">{t.mappingHeading}</h2>
          <form className="admin-form" onSubmit={submitMapping}>
            {columns.map((column) => (
              <Field key={column} label={t.column[column]}>
                {(id) => (
                  <select
                    id={id}
                    required={required.has(column)}
                    value={mapping[column] ?? ''}
                    onChange={(e) => setMapping({ ...mapping, [column]: e.target.value === '' ? null : Number(e.target.value) })}
                  >
                    <option value="">{t.notUsed}</option>
                    {headers.map((header, index) => (
                      <option key={index} value={index}>
                        {t.columnName(index, header)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
            <button type="submit" className="button" disabled={preview.isPending}>
              {t.preview}
            </button>
          </form>
          <h3>{t.sampleHeading}</h3>
          <div className="admin-table-wrap">
            <table className="admin-table" data-testid="kb-sample">
              <thead>
                <tr>
                  {headers.map((header, index) => (
                    <th key={index} scope="col">
                      {t.columnName(index, header)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {uploaded.sampleRows.slice(0, 5).map((row, r) => (
                  <tr key={r}>
                    {headers.map((_, c) => (
                      <td key={c}>{clip(row[c] ?? '', 80)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {preview.isError && (
        <p className="error-note" role="alert">
          {errorText(preview.error)}
        </p>
      )}

      {uploaded && !runId && preview.data && (
        <section className="panel admin-page" aria-labelledby="kb-preview-heading" data-testid="kb-preview">
          <h2 id="kb-preview-heading">{t.previewHeading}</h2>
          <p>{t.summary(preview.data.summary.rows, preview.data.summary.create, preview.data.summary.update, preview.data.summary.skip)}</p>
          <div className="admin-table-wrap">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t.row}</th>
                  <th scope="col">{t.action}</th>
                  <th scope="col">{t.column.question}</th>
                  <th scope="col">{t.column.answer}</th>
                  <th scope="col">{t.column.keywords}</th>
                  <th scope="col">{t.problemsCol}</th>
                </tr>
              </thead>
              <tbody>
                {preview.data.rows.map((row) => (
                  <tr key={row.rowNumber}>
                    <th scope="row">{row.rowNumber}</th>
                    <td>
                      <span className={row.action === 'skip' ? 'badge badge--danger' : 'badge badge--ok'}>{t.actions[row.action]}</span>
                    </td>
                    <td>{clip(row.question, 120)}</td>
                    <td>{clip(row.answer, 160)}</td>
                    <td>{row.keywords ?? '—'}</td>
                    <td>{row.problems.map((p) => t.problems[p] ?? p).join('; ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h3 id="kb-problems-heading">{t.problemsHeading(problemCount)}</h3>
          {problemCount === 0 ? (
            <p className="admin-ok">{t.noProblems}</p>
          ) : (
            <div className="admin-table-wrap">
              <table className="admin-table" aria-labelledby="kb-problems-heading" data-testid="kb-problems">
                <thead>
                  <tr>
                    <th scope="col">{t.row}</th>
                    <th scope="col">{t.problemsCol}</th>
                    <th scope="col">{t.column.question}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.data.problemRows.map((row) => (
                    <tr key={row.rowNumber}>
                      <th scope="row">{row.rowNumber}</th>
                      <td className="admin-bad">{row.problems.map((p) => t.problems[p] ?? p).join('; ')}</td>
                      <td>{row.question || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <div className="admin-row-actions">
            {problemCount > 0 && (
              <label>
                <input type="checkbox" checked={skipProblems} onChange={(e) => setSkipProblems(e.target.checked)} /> {t.skipProblems}
              </label>
            )}
            <button
              type="button"
              className="button button--primary"
              disabled={run.isPending || preview.isPending || (problemCount > 0 && !skipProblems)}
              onClick={() => run.mutate(preview.data.import.id)}
            >
              {t.run}
            </button>
          </div>
          {run.isError && (
            <p className="error-note" role="alert">
              {errorText(run.error)}
            </p>
          )}
        </section>
      )}

      {runId && <ImportProgress id={runId} />}

      <section className="panel admin-page" aria-labelledby="kb-export-heading">
        <h2 id="kb-export-heading">{t.exportHeading}</h2>
        <div className="admin-row-actions">
          <a className="button" href="/api/kb/export.xlsx" download>
            {t.exportAll}
          </a>
          <a className="button" href="/api/kb/export.xlsx?includeInactive=true" download>
            {t.exportWithInactive}
          </a>
        </div>
      </section>
    </div>
  );
}

/** An import running: its status read from the route (again every second until it ends) and pushed by the socket. */
function ImportProgress({ id }: { id: string }) {
  const t = useMessages(adminMessages).kb;
  const client = useQueryClient();
  const status = useQuery({
    queryKey: importKey(id),
    queryFn: ({ signal }) => api.get<KbImport>(`/api/kb/imports/${id}`, undefined, signal),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'done' || query.state.data.status === 'failed') ? false : 1000),
  });
  useServerEvent('kb.import.progress.v1', (event) => {
    if (event.importId !== id) return;
    if (event.status === 'importing') {
      client.setQueryData<KbImport>(importKey(id), (old) =>
        old && old.status !== 'done' && old.status !== 'failed'
          ? { ...old, status: 'importing', processedRows: event.processedRows, percent: event.totalRows ? Math.floor((event.processedRows / event.totalRows) * 100) : 0 }
          : old,
      );
    } else void client.invalidateQueries({ queryKey: importKey(id) });
  });
  const data = status.data;
  return (
    <section className="panel admin-page" aria-labelledby="kb-run-heading" data-testid="kb-progress">
      <h2 id="kb-run-heading">{t.progressLabel}</h2>
      {data && (
        <>
          <p>
            <span className={data.status === 'failed' ? 'badge badge--danger' : data.status === 'done' ? 'badge badge--ok' : 'badge'}>{t.status[data.status]}</span>{' '}
            {t.progress(data.processedRows, data.totalRows, data.percent)}
          </p>
          <progress max={100} value={data.percent} aria-label={t.progressLabel} />
          {data.status === 'done' && (
            <p className="admin-ok" role="status">
              {t.result(data.createdCount, data.updatedCount, data.skippedCount)}
            </p>
          )}
          {data.status === 'failed' && (
            <p className="error-note" role="alert">
              {data.errorMessage ?? data.errorCode}
            </p>
          )}
        </>
      )}
    </section>
  );
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function toBody(mapping: Partial<Record<Column, number | null>>): Mapping {
  // An unused column is left out rather than sent as null: the request coercion turns a null column into 0.
  const optional = (column: Column) => (typeof mapping[column] === 'number' ? { [column]: mapping[column] } : {});
  return {
    question: mapping.question ?? 0,
    answer: mapping.answer ?? 0,
    ...optional('keywords'),
    ...optional('field'),
    ...optional('agency'),
    previewRows: 20,
  };
}
