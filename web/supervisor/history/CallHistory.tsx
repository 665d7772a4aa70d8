import { useState, type FormEvent } from 'react';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { useSettings } from '../../shared/session/session.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { addDays, businessDay, startOfDay } from '../floor/business-day.js';
import { useFieldNames } from '../floor/feed.js';
import { supervisorMessages } from '../messages.js';
import { outcomes, pageSize, useCalls, useOperators, type CallFilters, type CallSummary, type Outcome } from './api.js';
import { CallDetailPanel } from './CallDetail.js';

interface Form {
  from: string;
  to: string;
  outcome: Outcome | '';
  operatorUserId: string;
  fieldId: string;
  callerNumber: string;
}

const seconds = (from: string | null, to: string | null) => (from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : null);
/** How long the caller waited for an operator: to the answer, or to hanging up. */
export const waitOf = (c: CallSummary) => seconds(c.enqueuedAt, c.operatorAnsweredAt ?? c.endedAt);
/** How long they talked with the operator: to the hand-over to a hotline, or to the end. */
export const talkOf = (c: CallSummary) => seconds(c.operatorAnsweredAt, c.transferredAt ?? c.endedAt);

/** "Y tế" of "Y tế: tư vấn, cấp cứu, …": the table's column stays narrow, the call's details say it all. */
const shortName = (name: string) => name.split(':')[0] ?? name;

/** Call history (R5, R19): filters, the calls newest first, and one call with its IVR path and recordings. */
export function CallHistory() {
  const t = useMessages(supervisorMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const { businessTz } = useSettings();
  const today = businessDay(new Date(), businessTz);
  const initial: Form = { from: addDays(today, -6), to: today, outcome: '', operatorUserId: '', fieldId: '', callerNumber: '' };
  const [form, setForm] = useState<Form>(initial);
  const [applied, setApplied] = useState<Form>(initial);
  const [page, setPage] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const filters: CallFilters = {
    from: startOfDay(applied.from, businessTz),
    to: startOfDay(addDays(applied.to, 1), businessTz),
    outcome: applied.outcome || undefined,
    operatorUserId: applied.operatorUserId || undefined,
    fieldId: applied.fieldId || undefined,
    callerNumber: applied.callerNumber.replace(/\s/g, '') || undefined,
  };
  const list = useCalls(filters, page);
  const operators = useOperators();
  const operatorNames = new Map(operators.map((o) => [o.id, o.fullName]));
  const fields = useFieldNames();
  const set = (patch: Partial<Form>) => setForm((old) => ({ ...old, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(form);
    setPage(0);
  };
  const items = list.data?.items.slice(0, pageSize) ?? [];
  const hasNext = (list.data?.items.length ?? 0) > pageSize;

  return (
    <div className="sup-page">
      <h1>{t.history.heading}</h1>
      <form className="panel filters" onSubmit={submit} aria-label={t.history.filters}>
        <Field label={t.history.from}>{(id) => <input id={id} type="date" value={form.from} max={form.to} onChange={(e) => set({ from: e.target.value })} required />}</Field>
        <Field label={t.history.to}>{(id) => <input id={id} type="date" value={form.to} min={form.from} onChange={(e) => set({ to: e.target.value })} required />}</Field>
        <Field label={t.history.outcome}>
          {(id) => (
            <select id={id} value={form.outcome} onChange={(e) => set({ outcome: e.target.value as Outcome | '' })}>
              <option value="">{t.history.any}</option>
              {outcomes.map((o) => (
                <option key={o} value={o}>
                  {t.outcome[o]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.history.operator}>
          {(id) => (
            <select id={id} value={form.operatorUserId} onChange={(e) => set({ operatorUserId: e.target.value })}>
              <option value="">{t.history.any}</option>
              {operators.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.fullName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.history.field}>
          {(id) => (
            <select id={id} value={form.fieldId} onChange={(e) => set({ fieldId: e.target.value })}>
              <option value="">{t.history.any}</option>
              {[...fields].map(([fieldId, name]) => (
                <option key={fieldId} value={fieldId}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.history.callerNumber}>
          {(id) => <input id={id} type="tel" inputMode="tel" maxLength={40} value={form.callerNumber} onChange={(e) => set({ callerNumber: e.target.value })} />}
        </Field>
        <button type="submit" className="button button--primary">
          {t.history.search}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            setForm(initial);
            setApplied(initial);
            setPage(0);
          }}
        >
          {t.history.reset}
        </button>
      </form>
      <p className="muted small">{t.history.audited}</p>
      <div className={openId ? 'sup-history has-detail' : 'sup-history'}>
        <section className="panel" aria-label={t.history.heading}>
          {list.isError && <ErrorNote error={list.error} onRetry={() => void list.refetch()} />}
          {list.isPending && <Loading label={common.loading} />}
          {list.data && items.length === 0 && <p className="muted">{t.history.empty}</p>}
          {items.length > 0 && (
            <div className="table-scroll">
              <table className="table" data-testid="call-history">
                <thead>
                  <tr>
                    <th scope="col">{t.history.col.arrived}</th>
                    <th scope="col">{t.history.col.caller}</th>
                    <th scope="col">{t.history.col.field}</th>
                    <th scope="col">{t.history.col.operator}</th>
                    <th scope="col" className="num">
                      {t.history.col.waited}
                    </th>
                    <th scope="col" className="num">
                      {t.history.col.talked}
                    </th>
                    <th scope="col">{t.history.col.outcome}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((call) => {
                    const wait = waitOf(call);
                    const talk = talkOf(call);
                    return (
                      <tr key={call.id} className={call.id === openId ? 'is-open' : undefined}>
                        <td>
                          <button type="button" className="link-button" onClick={() => setOpenId(call.id)} aria-label={t.history.open(format.phone(call.callerNumber), format.dateTime(call.arrivedAt))}>
                            {format.dateTime(call.arrivedAt)}
                          </button>
                        </td>
                        <td className="nowrap">{format.phone(call.callerNumber)}</td>
                        <td>{call.fieldId ? shortName(fields.get(call.fieldId) ?? '') : ''}</td>
                        <td>{call.operatorUserId ? (operatorNames.get(call.operatorUserId) ?? '') : ''}</td>
                        <td className="num">{wait === null ? '' : format.duration(wait)}</td>
                        <td className="num">{talk === null ? '' : format.duration(talk)}</td>
                        <td>{t.outcome[call.outcome ?? 'live']}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {(page > 0 || hasNext) && (
            <nav className="pager" aria-label={t.history.page(page + 1)}>
              <button type="button" className="button button--small" disabled={page === 0} onClick={() => setPage(page - 1)}>
                {t.history.previous}
              </button>
              <span>{t.history.page(page + 1)}</span>
              <button type="button" className="button button--small" disabled={!hasNext} onClick={() => setPage(page + 1)}>
                {t.history.next}
              </button>
            </nav>
          )}
        </section>
        {openId && <CallDetailPanel id={openId} operatorNames={operatorNames} fieldNames={fields} onClose={() => setOpenId(null)} />}
      </div>
    </div>
  );
}
