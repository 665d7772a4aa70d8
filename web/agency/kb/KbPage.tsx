import { useState, type FormEvent } from 'react';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote, FailureNote, Loading } from '../../shared/ui/states.js';
import { useFieldNames } from '../api.js';
import { agencyMessages } from '../messages.js';
import { useKbEntry, useKbList, useKbWrites, type KbDraft, type KbEntry, type KbListItem, type KbStatus } from './api.js';

const statuses: readonly KbStatus[] = ['active', 'inactive', 'all'];

/**
 * The agency's own questions and answers (R19, R24): the operators read them during calls, the agency keeps them
 * current. Search, add, change, withdraw (kept, no longer found by the operators) and bring back.
 */
export function KbPage() {
  const t = useMessages(agencyMessages);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<KbStatus>('active');
  /** The entry in the editor (id null: a new one), and which opening of the editor this is (a new one saved stays open). */
  const [editor, setEditor] = useState<{ id: string | null; opened: number } | null>(null);
  const open = (id: string | null) => setEditor({ id, opened: (editor?.opened ?? 0) + 1 });
  return (
    <div className="agency-ticket-grid">
      <section className="panel" aria-labelledby="kb-heading">
        <div className="agency-ticket-head">
          <h1 id="kb-heading">{t.kb.heading}</h1>
          <button type="button" className="button button--primary" onClick={() => open(null)}>
            {t.kb.add}
          </button>
        </div>
        <p className="muted">{t.kb.intro}</p>
        <div className="agency-kb-filters" role="search">
          <Field label={t.kb.search}>{(id) => <input id={id} type="search" maxLength={200} value={q} onChange={(e) => setQ(e.target.value)} />}</Field>
          <Field label={t.kb.status}>
            {(id) => (
              <select id={id} value={status} onChange={(e) => setStatus(e.target.value as KbStatus)}>
                {statuses.map((s) => (
                  <option key={s} value={s}>
                    {t.kb.statuses[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Entries q={q} status={status} editing={editor?.id ?? null} onEdit={open} />
      </section>
      {editor && <Editor key={editor.opened} id={editor.id} onSaved={(id) => setEditor({ ...editor, id })} onClose={() => setEditor(null)} />}
    </div>
  );
}

function Entries({ q, status, editing, onEdit }: { q: string; status: KbStatus; editing: string | null; onEdit: (id: string) => void }) {
  const t = useMessages(agencyMessages);
  const common = useMessages(commonMessages);
  const list = useKbList(q, status);
  const fieldNames = useFieldNames();
  if (list.isPending) return <Loading label={common.loading} />;
  if (list.isError) return <ErrorNote error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <p className="muted">{q.trim() ? t.kb.noMatch : t.kb.empty}</p>;
  return (
    <>
      <p className="muted" role="status">
        {t.kb.total(list.data.total)}
      </p>
      <div className="agency-table-wrap">
        <table className="agency-table" data-testid="agency-kb">
          <thead>
            <tr>
              <th scope="col">{t.kb.question}</th>
              <th scope="col">{t.kb.field}</th>
              <th scope="col">{t.kb.updated}</th>
              <th scope="col">{t.kb.state}</th>
              <th scope="col">
                <span className="visually-hidden">{t.kb.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((item) => (
              <Row key={item.id} item={item} field={item.fieldId ? fieldNames.get(item.fieldId) : undefined} current={item.id === editing} onEdit={() => onEdit(item.id)} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Row({ item, field, current, onEdit }: { item: KbListItem; field: string | undefined; current: boolean; onEdit: () => void }) {
  const t = useMessages(agencyMessages);
  const format = useFormat();
  const { setActive } = useKbWrites();
  return (
    <tr className={current ? 'agency-row agency-row--current' : 'agency-row'} aria-current={current || undefined}>
      <td className="agency-preview">
        <strong>{item.question}</strong>
        <div className="muted">{item.answerExcerpt}</div>
        <FailureNote error={setActive.error} />
      </td>
      <td>{field ?? '—'}</td>
      <td>{format.dateTime(item.updatedAt)}</td>
      <td>{item.active ? <span className="badge badge--ok">{t.kb.statuses.active}</span> : <span className="badge badge--warn">{t.kb.statuses.inactive}</span>}</td>
      <td className="agency-kb-actions">
        <button type="button" className="button button--small" aria-label={t.kb.editOne(item.question)} onClick={onEdit}>
          {t.kb.edit}
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label={item.active ? t.kb.withdrawOne(item.question) : t.kb.restoreOne(item.question)}
          disabled={setActive.isPending}
          onClick={() => setActive.mutate({ id: item.id, active: !item.active })}
        >
          {item.active ? t.kb.withdraw : t.kb.restore}
        </button>
      </td>
    </tr>
  );
}

function Editor({ id, onSaved, onClose }: { id: string | null; onSaved: (id: string) => void; onClose: () => void }) {
  const common = useMessages(commonMessages);
  const entry = useKbEntry(id);
  if (id !== null && entry.isPending) return <Loading label={common.loading} />;
  if (entry.isError) return <ErrorNote error={entry.error} onRetry={() => void entry.refetch()} />;
  return <EntryForm entry={entry.data ?? null} onSaved={onSaved} onClose={onClose} />;
}

function EntryForm({ entry, onSaved, onClose }: { entry: KbEntry | null; onSaved: (id: string) => void; onClose: () => void }) {
  const t = useMessages(agencyMessages);
  const common = useMessages(commonMessages);
  const fieldNames = useFieldNames();
  const { save } = useKbWrites();
  const [draft, setDraft] = useState({ question: entry?.question ?? '', answer: entry?.answer ?? '', keywords: entry?.keywords ?? '', fieldId: entry?.fieldId ?? '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: KbDraft = { question: draft.question, answer: draft.answer, keywords: draft.keywords.trim() || null, fieldId: draft.fieldId || null };
    save.mutate({ id: entry?.id ?? null, draft: body }, { onSuccess: (saved) => onSaved(saved.id) });
  };
  return (
    <section className="panel" aria-labelledby="kb-editor-heading">
      <h2 id="kb-editor-heading">{entry ? t.kb.editHeading : t.kb.newHeading}</h2>
      {entry && !entry.active && <p className="muted">{t.kb.inactiveNote}</p>}
      <form className="agency-form" onSubmit={submit}>
        <Field label={t.kb.question}>{(id) => <textarea id={id} required rows={3} maxLength={1000} value={draft.question} onChange={(e) => setDraft({ ...draft, question: e.target.value })} />}</Field>
        <Field label={t.kb.answer}>{(id) => <textarea id={id} required rows={8} maxLength={20000} value={draft.answer} onChange={(e) => setDraft({ ...draft, answer: e.target.value })} />}</Field>
        <Field label={t.kb.keywords}>
          {(id) => (
            <>
              <input id={id} maxLength={1000} aria-describedby={`${id}-hint`} value={draft.keywords} onChange={(e) => setDraft({ ...draft, keywords: e.target.value })} />
              <span id={`${id}-hint`} className="muted">
                {t.kb.keywordsHint}
              </span>
            </>
          )}
        </Field>
        <Field label={t.kb.field}>
          {(id) => (
            <select id={id} value={draft.fieldId} onChange={(e) => setDraft({ ...draft, fieldId: e.target.value })}>
              <option value="">{t.kb.noField}</option>
              {[...fieldNames].map(([fieldId, name]) => (
                <option key={fieldId} value={fieldId}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {save.isSuccess && (
          <p className="agency-done" role="status">
            {t.kb.saved}
          </p>
        )}
        <FailureNote error={save.error} />
        <div className="agency-steps">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {t.kb.save}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {common.close}
          </button>
        </div>
      </form>
    </section>
  );
}
