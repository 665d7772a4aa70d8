import { useState, type KeyboardEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { commonMessages } from '../shared/i18n/common.js';
import { useMessages } from '../shared/i18n/i18n.js';
import { useFormat } from '../shared/format/use-format.js';
import { ErrorNote, Loading } from '../shared/ui/states.js';
import { filters, useAgencyTickets, useFieldNames, type Filter, type Summary } from './api.js';
import { agencyMessages } from './messages.js';
import { timeLeftText } from './time-left.js';

/** The agency's tickets by tab: new, acknowledged, due soon, overdue (highlighted), resolved. */
export function TicketList() {
  const t = useMessages(agencyMessages);
  const [filter, setFilter] = useState<Filter>('open');
  // Back from returning a ticket to the hotline: it is no longer the agency's, so it is said here.
  const returned = new URLSearchParams(useSearch()).has('returned');
  const onKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = filters[(filters.indexOf(filter) + step + filters.length) % filters.length] ?? 'open';
    setFilter(next);
    document.getElementById(`agency-tab-${next}`)?.focus();
  };
  return (
    <section className="panel agency-list" aria-labelledby="agency-list-heading">
      <h1 id="agency-list-heading">{t.list.heading}</h1>
      {returned && (
        <p className="agency-done" role="status">
          {t.actions.returned}
        </p>
      )}
      <div role="tablist" aria-label={t.list.filters} className="agency-tabs" onKeyDown={onKey}>
        {filters.map((name) => (
          <button
            key={name}
            id={`agency-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={filter === name}
            aria-controls="agency-tabpanel"
            tabIndex={filter === name ? 0 : -1}
            className={`agency-tab agency-tab--${name}`}
            onClick={() => setFilter(name)}
          >
            {t.list.filter[name]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="agency-tabpanel" aria-labelledby={`agency-tab-${filter}`}>
        <Tickets filter={filter} />
      </div>
    </section>
  );
}

function Tickets({ filter }: { filter: Filter }) {
  const t = useMessages(agencyMessages);
  const common = useMessages(commonMessages);
  const list = useAgencyTickets(filter);
  const fieldNames = useFieldNames();
  if (list.isPending) return <Loading label={common.loading} />;
  if (list.isError) return <ErrorNote error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <p className="muted agency-empty">{t.list.empty}</p>;
  return (
    <>
      <p className="muted">{t.list.total(list.data.total)}</p>
      <div className="agency-table-wrap">
        <table className="agency-table" data-testid="agency-tickets">
          <thead>
            <tr>
              <th scope="col">{t.list.columns.code}</th>
              <th scope="col">{t.list.columns.content}</th>
              <th scope="col">{t.list.columns.field}</th>
              <th scope="col">{t.list.columns.status}</th>
              <th scope="col">{t.list.columns.due}</th>
              <th scope="col">{t.list.columns.left}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((item) => (
              <Row key={item.id} item={item} field={item.fieldId ? fieldNames.get(item.fieldId) : undefined} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Row({ item, field }: { item: Summary; field: string | undefined }) {
  const t = useMessages(agencyMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const state = item.timeLeft?.state ?? (item.overdue ? 'overdue' : null);
  return (
    <tr className={state ? `agency-row agency-row--${state}` : 'agency-row'}>
      <td>
        <Link href={`/tickets/${item.id}`} aria-label={t.list.open(item.receiptCode)} className="agency-code">
          {item.receiptCode}
        </Link>
        {item.urgency === 'urgent' && <span className="badge badge--danger">{common.urgency.urgent}</span>}
      </td>
      <td className="agency-preview">{item.contentPreview}</td>
      <td>{field ?? '—'}</td>
      <td>
        <span className="badge">{common.ticketStatus[item.status]}</span>
      </td>
      <td>{item.dueAt ? format.dateTime(item.dueAt) : '—'}</td>
      <td>
        {state && <span className={`badge ${state === 'overdue' ? 'badge--danger' : state === 'due_soon' ? 'badge--warn' : 'badge--ok'}`}>{t.timeLeft.state[state]}</span>}{' '}
        <span className="agency-left">{timeLeftText(t.timeLeft, item.timeLeft)}</span>
      </td>
    </tr>
  );
}
