import { useMutation, useQueryClient, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { useState, type FormEvent, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';

/**
 * The shape most settings pages share (R24): a heading, the stored items as a table with a change per row, and a
 * form that adds one. Each piece alone, so a page takes what it needs; errors shown where the change was asked.
 */

/** A settings page: its panel, heading (labelling the region) and an optional introduction. */
export function SettingsPage({ id, heading, intro, children }: { id: string; heading: string; intro?: string; children: ReactNode }) {
  return (
    <section className="panel admin-page" aria-labelledby={`${id}-heading`}>
      <div>
        <h1 id={`${id}-heading`}>{heading}</h1>
        {intro && <p className="muted">{intro}</p>}
      </div>
      {children}
    </section>
  );
}

/** What a query holds once there: loading and failure (with a retry) said the same way on every page. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const common = useMessages(commonMessages);
  if (query.isPending) return <Loading label={common.loading} />;
  if (query.isError) return <ErrorNote error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}

/** A settings table: the column headers, then the rows the page renders (editable rows bring their own cells). */
export function AdminTable({ headers, testId, children }: { headers: readonly ReactNode[]; testId?: string; children: ReactNode }) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table" data-testid={testId}>
        <thead>
          <tr>
            {headers.map((header, i) => (
              <th key={i} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

/** Stored items as a table: the first column names the row (a row header), the last holds the row's actions. */
export function ItemTable<T>({ rows, rowKey, columns, actions, testId }: { rows: readonly T[]; rowKey: (row: T) => string; columns: readonly Column<T>[]; actions?: (row: T) => ReactNode; testId?: string }) {
  const t = useMessages(adminMessages);
  const [first, ...rest] = columns;
  const headers = [...columns.map((c) => c.header), ...(actions ? [<span key="edit" className="visually-hidden">{t.edit}</span>] : [])];
  return (
    <AdminTable headers={headers} testId={testId}>
      {rows.map((row) => (
        <tr key={rowKey(row)}>
          {first && <th scope="row">{first.cell(row)}</th>}
          {rest.map((c) => (
            <td key={c.header}>{c.cell(row)}</td>
          ))}
          {actions && <td>{actions(row)}</td>}
        </tr>
      ))}
    </AdminTable>
  );
}

/** Có / Không as a badge. */
export function YesNo({ value }: { value: boolean }) {
  const t = useMessages(adminMessages);
  return value ? <span className="badge badge--ok">{t.yes}</span> : <span className="badge badge--warn">{t.no}</span>;
}

/** The server's message for a failed change, announced; nothing while there is none. */
export function ErrorAlert({ error }: { error: unknown }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <p className="error-note" role="alert">
      {errorText(error)}
    </p>
  );
}

/** A change to stored settings: the list under `key` is read afresh once it settles, whatever the outcome. */
export function useSettingsChange<V, R>(key: QueryKey, mutationFn: (variables: V) => Promise<R>, onSuccess?: (result: R) => void) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess, onSettled: () => void client.invalidateQueries({ queryKey: key }) });
}

/** The form that adds an item: its fields, the submit button, and the refusal when there is one. */
export function AddForm({ label, pending, error, onSubmit, children }: { label: string; pending: boolean; error: unknown; onSubmit: () => void; children: ReactNode }) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <>
      <form className="admin-form" onSubmit={submit}>
        {children}
        <button type="submit" className="button button--primary" disabled={pending}>
          {label}
        </button>
      </form>
      <ErrorAlert error={error} />
    </>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & { label: string; value: string | number; onChange: (value: string) => void };

/** A labelled text (or number, password …) input of a settings form. */
export function TextField({ label, value, onChange, ...input }: InputProps) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'id'> & { label: string; value: string; onChange: (value: string) => void };

/** A labelled select of a settings form (label outside, see Field). */
export function SelectField({ label, value, onChange, children, ...select }: SelectProps) {
  return (
    <Field label={label}>
      {(id) => (
        <select {...select} id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}

/**
 * A stored text changed in its row (a name, a hotline): the input, and a save button once it differs. `label` names
 * both for screen readers ("Tên, lĩnh vực y-te").
 */
export function InlineText({ label, value, onSave, saveLabel, pending, ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & { label: string; value: string; onSave: (value: string) => void; saveLabel: string; pending?: boolean }) {
  const [draft, setDraft] = useState(value);
  const [stored, setStored] = useState(value);
  if (value !== stored) {
    setStored(value);
    setDraft(value);
  }
  const changed = draft.trim() !== value;
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (changed) onSave(draft.trim());
  };
  return (
    <form className="admin-inline" onSubmit={save}>
      <input {...input} aria-label={label} value={draft} onChange={(e) => setDraft(e.target.value)} />
      {changed && (
        <button type="submit" className="button button--small" disabled={pending} aria-label={`${saveLabel}, ${label}`}>
          {saveLabel}
        </button>
      )}
    </form>
  );
}
