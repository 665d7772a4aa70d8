import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { Field as FieldSchema } from '@server/fields/routes.js';
import type { CalendarView } from '@server/sla/calendar-routes.js';
import type { SlaRule } from '@server/sla/routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';

type Rule = Static<typeof SlaRule>;
const key = ['admin', 'sla-rules'] as const;

/** Deadline rules (R13): N clock or working hours per field and urgency; add, deactivate or activate again. */
export function SlaPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const client = useQueryClient();
  const errorText = useErrorText();
  const rules = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Rule[] }>('/api/sla/rules', undefined, signal) });
  const fields = useQuery({ queryKey: ['fields'], queryFn: ({ signal }) => api.get<Static<typeof FieldSchema>[]>('/api/fields', undefined, signal), staleTime: 600_000 });
  const calendars = useQuery({ queryKey: ['admin', 'calendars', 'names'], queryFn: ({ signal }) => api.get<{ items: Static<typeof CalendarView>[] }>('/api/calendars', undefined, signal) });
  const change = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.patch<Rule>(`/api/sla/rules/${id}`, { active }),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const empty = { code: '', name: '', kind: 'working_hours' as Rule['kind'], hours: 8, fieldId: '', urgency: '', calendarId: '' };
  const [draft, setDraft] = useState(empty);
  const create = useMutation({
    mutationFn: () =>
      api.post<Rule>('/api/sla/rules', {
        code: draft.code.trim(),
        name: draft.name.trim(),
        kind: draft.kind,
        hours: draft.hours,
        fieldId: draft.fieldId || null,
        urgency: draft.urgency || null,
        calendarId: draft.calendarId || null,
        active: true,
      }),
    onSuccess: () => setDraft(empty),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  if (rules.isPending) return <Loading label={common.loading} />;
  if (rules.isError) return <ErrorNote error={rules.error} onRetry={() => void rules.refetch()} />;
  const fieldName = (id: string | null) => (id ? (fields.data?.find((f) => f.id === id)?.name ?? '…') : t.sla.anyField);
  const calendarName = (id: string | null) => (id ? (calendars.data?.items.find((c) => c.id === id)?.name ?? '…') : t.sla.defaultCalendar);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section className="panel admin-page" aria-labelledby="sla-heading">
      <h1 id="sla-heading">{t.sla.heading}</h1>
      <div className="admin-table-wrap">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.sla.code}</th>
              <th scope="col">{t.sla.name}</th>
              <th scope="col">{t.sla.hours}</th>
              <th scope="col">{t.sla.field}</th>
              <th scope="col">{t.sla.urgency}</th>
              <th scope="col">{t.sla.calendar}</th>
              <th scope="col">{t.sla.active}</th>
              <th scope="col">
                <span className="visually-hidden">{t.edit}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.data.items.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.code}</th>
                <td>{r.name}</td>
                <td>
                  {r.hours} {t.sla.kinds[r.kind].toLowerCase()}
                </td>
                <td>{fieldName(r.fieldId)}</td>
                <td>{r.urgency ? common.urgency[r.urgency] : t.sla.anyUrgency}</td>
                <td>{calendarName(r.calendarId)}</td>
                <td>{r.active ? <span className="badge badge--ok">{t.yes}</span> : <span className="badge badge--warn">{t.no}</span>}</td>
                <td>
                  <button type="button" className="button button--small" aria-label={`${r.active ? t.sla.deactivate : t.sla.activate} ${r.code}`} onClick={() => change.mutate({ id: r.id, active: !r.active })}>
                    {r.active ? t.sla.deactivate : t.sla.activate}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {change.isError && (
        <p className="error-note" role="alert">
          {errorText(change.error)}
        </p>
      )}
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t.sla.code}</span>
          <input required maxLength={64} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.sla.name}</span>
          <input required maxLength={300} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.sla.kind}</span>
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Rule['kind'] })}>
            <option value="working_hours">{t.sla.kinds.working_hours}</option>
            <option value="clock_hours">{t.sla.kinds.clock_hours}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t.sla.hours}</span>
          <input type="number" required min={0.25} max={2000} step={0.25} value={draft.hours} onChange={(e) => setDraft({ ...draft, hours: Number(e.target.value) })} />
        </label>
        <label className="field">
          <span className="field-label">{t.sla.field}</span>
          <select value={draft.fieldId} onChange={(e) => setDraft({ ...draft, fieldId: e.target.value })}>
            <option value="">{t.sla.anyField}</option>
            {(fields.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t.sla.urgency}</span>
          <select value={draft.urgency} onChange={(e) => setDraft({ ...draft, urgency: e.target.value })}>
            <option value="">{t.sla.anyUrgency}</option>
            <option value="normal">{common.urgency.normal}</option>
            <option value="urgent">{common.urgency.urgent}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t.sla.calendar}</span>
          <select value={draft.calendarId} onChange={(e) => setDraft({ ...draft, calendarId: e.target.value })}>
            <option value="">{t.sla.defaultCalendar}</option>
            {(calendars.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t.sla.add}
        </button>
      </form>
      {create.isError && (
        <p className="error-note" role="alert">
          {errorText(create.error)}
        </p>
      )}
    </section>
  );
}
