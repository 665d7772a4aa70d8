import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { Field as FieldSchema } from '@server/fields/routes.js';
import type { CalendarView } from '@server/sla/calendar-routes.js';
import type { SlaRule } from '@server/sla/routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { adminMessages } from '../messages.js';
import { AddForm, ErrorAlert, ItemTable, Loaded, SelectField, SettingsPage, TextField, useSettingsChange, YesNo } from '../shared/SettingsList.js';

type Rule = Static<typeof SlaRule>;
const key = ['admin', 'sla-rules'] as const;

/** Deadline rules (R13): N clock or working hours per field and urgency; add, deactivate or activate again. */
export function SlaPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const rules = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Rule[] }>('/api/sla/rules', undefined, signal) });
  const fields = useQuery({ queryKey: ['fields'], queryFn: ({ signal }) => api.get<Static<typeof FieldSchema>[]>('/api/fields', undefined, signal), staleTime: 600_000 });
  const calendars = useQuery({ queryKey: ['admin', 'calendars', 'names'], queryFn: ({ signal }) => api.get<{ items: Static<typeof CalendarView>[] }>('/api/calendars', undefined, signal) });
  const change = useSettingsChange(key, ({ id, active }: { id: string; active: boolean }) => api.patch<Rule>(`/api/sla/rules/${id}`, { active }));
  const empty = { code: '', name: '', kind: 'working_hours' as Rule['kind'], hours: 8, fieldId: '', urgency: '', calendarId: '' };
  const [draft, setDraft] = useState(empty);
  const create = useSettingsChange(
    key,
    () =>
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
    () => setDraft(empty),
  );
  const fieldName = (id: string | null) => (id ? (fields.data?.find((f) => f.id === id)?.name ?? '…') : t.sla.anyField);
  const calendarName = (id: string | null) => (id ? (calendars.data?.items.find((c) => c.id === id)?.name ?? '…') : t.sla.defaultCalendar);
  return (
    <SettingsPage id="sla" heading={t.sla.heading}>
      <Loaded query={rules}>
        {(data) => (
          <ItemTable
            rows={data.items}
            rowKey={(r) => r.id}
            columns={[
              { header: t.sla.code, cell: (r) => r.code },
              { header: t.sla.name, cell: (r) => r.name },
              { header: t.sla.hours, cell: (r) => `${r.hours} ${t.sla.kinds[r.kind].toLowerCase()}` },
              { header: t.sla.field, cell: (r) => fieldName(r.fieldId) },
              { header: t.sla.urgency, cell: (r) => (r.urgency ? common.urgency[r.urgency] : t.sla.anyUrgency) },
              { header: t.sla.calendar, cell: (r) => calendarName(r.calendarId) },
              { header: t.sla.active, cell: (r) => <YesNo value={r.active} /> },
            ]}
            actions={(r) => (
              <button type="button" className="button button--small" aria-label={`${r.active ? t.sla.deactivate : t.sla.activate} ${r.code}`} onClick={() => change.mutate({ id: r.id, active: !r.active })}>
                {r.active ? t.sla.deactivate : t.sla.activate}
              </button>
            )}
          />
        )}
      </Loaded>
      <ErrorAlert error={change.error} />
      <AddForm label={t.sla.add} pending={create.isPending} error={create.error} onSubmit={() => create.mutate(undefined)}>
        <TextField label={t.sla.code} required maxLength={64} value={draft.code} onChange={(code) => setDraft({ ...draft, code })} />
        <TextField label={t.sla.name} required maxLength={300} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} />
        <SelectField label={t.sla.kind} value={draft.kind} onChange={(kind) => setDraft({ ...draft, kind: kind as Rule['kind'] })}>
          <option value="working_hours">{t.sla.kinds.working_hours}</option>
          <option value="clock_hours">{t.sla.kinds.clock_hours}</option>
        </SelectField>
        <TextField label={t.sla.hours} type="number" required min={0.25} max={2000} step={0.25} value={draft.hours} onChange={(hours) => setDraft({ ...draft, hours: Number(hours) })} />
        <SelectField label={t.sla.field} value={draft.fieldId} onChange={(fieldId) => setDraft({ ...draft, fieldId })}>
          <option value="">{t.sla.anyField}</option>
          {(fields.data ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t.sla.urgency} value={draft.urgency} onChange={(urgency) => setDraft({ ...draft, urgency })}>
          <option value="">{t.sla.anyUrgency}</option>
          <option value="normal">{common.urgency.normal}</option>
          <option value="urgent">{common.urgency.urgent}</option>
        </SelectField>
        <SelectField label={t.sla.calendar} value={draft.calendarId} onChange={(calendarId) => setDraft({ ...draft, calendarId })}>
          <option value="">{t.sla.defaultCalendar}</option>
          {(calendars.data?.items ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
      </AddForm>
    </SettingsPage>
  );
}
