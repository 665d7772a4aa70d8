import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { AuditEntry } from '@server/audit/routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';

type Entry = Static<typeof AuditEntry>;
interface Search {
  who: string;
  what: string;
  from: string;
  to: string;
}

/** The audit log (R22, R24): who did what and when, searched by user name, action or entity, and dates. */
export function AuditPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const [draft, setDraft] = useState<Search>({ who: '', what: '', from: '', to: '' });
  const [search, setSearch] = useState<Search>(draft);
  const entries = useQuery({
    queryKey: ['admin', 'audit', search],
    queryFn: ({ signal }) =>
      api.get<{ items: Entry[]; total: number; totalCapped: boolean }>(
        '/api/audit',
        {
          actorUsername: search.who.trim() || undefined,
          q: search.what.trim() || undefined,
          from: search.from ? new Date(`${search.from}T00:00:00`).toISOString() : undefined,
          to: search.to ? new Date(`${search.to}T23:59:59`).toISOString() : undefined,
          limit: 100,
        },
        signal,
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft);
  };
  return (
    <section className="panel admin-page" aria-labelledby="audit-heading">
      <h1 id="audit-heading">{t.audit.heading}</h1>
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t.audit.who}</span>
          <input maxLength={64} value={draft.who} onChange={(e) => setDraft({ ...draft, who: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.audit.what}</span>
          <input maxLength={100} value={draft.what} onChange={(e) => setDraft({ ...draft, what: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.audit.from}</span>
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.audit.to}</span>
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="button button--primary">
          {t.audit.search}
        </button>
      </form>
      {entries.isPending && <Loading label={common.loading} />}
      {entries.isError && <ErrorNote error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.data && (
        <>
          <p className="muted" role="status">
            {t.audit.total(entries.data.total, entries.data.totalCapped)}
          </p>
          <div className="admin-table-wrap">
            <table className="admin-table" data-testid="audit-entries">
              <thead>
                <tr>
                  <th scope="col">{t.audit.at}</th>
                  <th scope="col">{t.audit.actor}</th>
                  <th scope="col">{t.audit.action}</th>
                  <th scope="col">{t.audit.entity}</th>
                  <th scope="col">{t.audit.details}</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.items.map((e) => (
                  <tr key={e.id}>
                    <td>{format.dateTime(e.at)}</td>
                    <td>{e.actorUsername ?? '—'}</td>
                    <td>{e.action}</td>
                    <td>{e.entityType ?? '—'}</td>
                    <td className="admin-details">{e.details === null || e.details === undefined ? '' : JSON.stringify(e.details).slice(0, 300)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
