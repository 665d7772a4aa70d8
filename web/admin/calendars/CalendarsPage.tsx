import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { CalendarView, Changed } from '@server/sla/calendar-routes.js';
import { api, withQuery } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';
import { AddForm, ErrorAlert, ItemTable, TextField, useSettingsChange } from '../shared/SettingsList.js';
import { calendarMessages } from './messages.js';
import { WeeklyHours } from './WeeklyHours.js';

type Calendar = Static<typeof CalendarView>;
type Result = Static<typeof Changed>;
type DayKind = Calendar['days'][number]['kind'];
const kinds: DayKind[] = ['holiday', 'compensatory', 'day_off', 'working_day'];

/**
 * Working calendars (R13): the weekly hours and a year's special days; add or remove one day, or apply the default
 * holidays of a year, each first previewed (how many open tickets' deadlines move, and how) then applied.
 */
export function CalendarsPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const [year, setYear] = useState(new Date().getFullYear());
  const calendars = useQuery({ queryKey: ['admin', 'calendars', year], queryFn: ({ signal }) => api.get<{ items: Calendar[] }>('/api/calendars', { year }, signal) });
  const [selected, setSelected] = useState<string | null>(null);
  if (calendars.isPending) return <Loading label={common.loading} />;
  if (calendars.isError) return <ErrorNote error={calendars.error} onRetry={() => void calendars.refetch()} />;
  const calendar = calendars.data.items.find((c) => c.id === selected) ?? calendars.data.items.find((c) => c.isDefault) ?? calendars.data.items[0];
  return (
    <div className="admin-page">
      <section className="panel" aria-labelledby="calendars-heading">
        <h1 id="calendars-heading">{t.calendars.heading}</h1>
        <p className="muted">{t.calendars.intro}</p>
        <div className="admin-form">
          <label className="field">
            <span className="field-label">{t.calendars.calendar}</span>
            <select value={calendar?.id ?? ''} onChange={(e) => setSelected(e.target.value)}>
              {calendars.data.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.isDefault ? ` (${t.calendars.isDefault})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t.calendars.year}</span>
            <input type="number" min={1970} max={2199} value={year} onChange={(e) => setYear(Number(e.target.value) || year)} />
          </label>
        </div>
        <NewCalendar year={year} onCreated={setSelected} />
      </section>
      {calendar && <CalendarEditor key={`${calendar.id}-${year}`} calendar={calendar} year={year} />}
    </div>
  );
}

/** A new calendar (R13): default office hours (Mon–Fri 07:30–11:30, 13:00–17:00), the year's default holidays if asked. */
function NewCalendar({ year, onCreated }: { year: number; onCreated: (id: string) => void }) {
  const t = useMessages(calendarMessages);
  const empty = { code: '', name: '', holidays: true };
  const [draft, setDraft] = useState(empty);
  const create = useSettingsChange(
    ['admin', 'calendars'],
    () => api.post<Calendar>('/api/calendars', { code: draft.code.trim(), name: draft.name.trim(), ...(draft.holidays ? { holidayYears: [year] } : {}) }),
    (created) => {
      setDraft(empty);
      onCreated(created.id);
    },
  );
  return (
    <>
      <h2>{t.newCalendar}</h2>
      <AddForm label={t.add} pending={create.isPending} error={create.error} onSubmit={() => create.mutate(undefined)}>
        <TextField label={t.code} required pattern="[a-z0-9\-]{2,64}" value={draft.code} onChange={(code) => setDraft({ ...draft, code })} />
        <TextField label={t.name} required maxLength={200} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} />
        <label className="admin-check">
          <input type="checkbox" checked={draft.holidays} onChange={(e) => setDraft({ ...draft, holidays: e.target.checked })} /> {t.withHolidays(year)}
        </label>
      </AddForm>
    </>
  );
}

function CalendarEditor({ calendar, year }: { calendar: Calendar; year: number }) {
  const t = useMessages(adminMessages);
  const format = useFormat();
  const client = useQueryClient();
  const [day, setDay] = useState({ date: '', kind: 'holiday' as DayKind, name: '' });
  const [preview, setPreview] = useState<{ result: Result; apply: () => Promise<Result> } | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const run = useMutation({
    mutationFn: async (request: (previewOnly: boolean) => Promise<Result>) => {
      const result = await request(true);
      setPreview({ result, apply: () => request(false) });
      setDone(null);
      return result;
    },
  });
  const apply = useMutation({
    mutationFn: () => preview!.apply(),
    onSuccess: (result) => {
      setDone(result);
      setPreview(null);
      void client.invalidateQueries({ queryKey: ['admin', 'calendars'] });
    },
  });
  const submitDay = (event: FormEvent) => {
    event.preventDefault();
    run.mutate((previewOnly) => api.put<Result>(withQuery(`/api/calendars/${calendar.id}/days/${day.date}`, { preview: previewOnly }), { kind: day.kind, name: day.name.trim() }));
  };
  const removeDay = (date: string) => run.mutate((previewOnly) => api.delete<Result>(withQuery(`/api/calendars/${calendar.id}/days/${date}`, { preview: previewOnly })));
  const previewWeekly = (weeklyHours: Calendar['weeklyHours']) => run.mutate((previewOnly) => api.patch<Result>(withQuery(`/api/calendars/${calendar.id}`, { preview: previewOnly }), { weeklyHours }));
  const applyYear = () => run.mutate((previewOnly) => api.post<Result>(withQuery(`/api/calendars/${calendar.id}/years/${year}`, { preview: previewOnly }), {}));
  const days = calendar.days.filter((d) => d.date.startsWith(`${year}-`));
  return (
    <div className="admin-grid">
      <div className="admin-page">
      <WeeklyHours key={calendar.updatedAt} weekly={calendar.weeklyHours} pending={run.isPending} onPreview={previewWeekly} />
      <section className="panel" aria-labelledby="calendar-days-heading">
        <h2 id="calendar-days-heading">{t.calendars.days(year)}</h2>
        <button type="button" className="button" onClick={applyYear} disabled={run.isPending}>
          {t.calendars.applyYear(year)}
        </button>
        {days.length === 0 ? (
          <p className="muted">{t.calendars.noDays}</p>
        ) : (
          <ItemTable
            testId="calendar-days"
            rows={days}
            rowKey={(d) => d.date}
            columns={[
              { header: t.calendars.date, cell: (d) => d.date.split('-').reverse().join('/') },
              { header: t.calendars.kind, cell: (d) => t.calendars.kinds[d.kind] },
              { header: t.calendars.dayName, cell: (d) => d.name },
            ]}
            actions={(d) => (
              <button type="button" className="button button--small" aria-label={`${t.delete} ${t.calendars.removeDay(d.date)}`} onClick={() => removeDay(d.date)}>
                {t.delete}
              </button>
            )}
          />
        )}
        <form className="admin-form" onSubmit={submitDay}>
          <label className="field">
            <span className="field-label">{t.calendars.date}</span>
            <input type="date" required value={day.date} onChange={(e) => setDay({ ...day, date: e.target.value })} />
          </label>
          <label className="field">
            <span className="field-label">{t.calendars.kind}</span>
            <select value={day.kind} onChange={(e) => setDay({ ...day, kind: e.target.value as DayKind })}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t.calendars.kinds[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t.calendars.dayName}</span>
            <input required maxLength={200} value={day.name} onChange={(e) => setDay({ ...day, name: e.target.value })} />
          </label>
          <button type="submit" className="button" disabled={run.isPending}>
            {t.calendars.preview}
          </button>
        </form>
        <ErrorAlert error={run.error ?? apply.error} />
      </section>
      </div>
      <section className="panel" aria-labelledby="calendar-preview-heading">
        <h2 id="calendar-preview-heading">{t.calendars.preview}</h2>
        {preview && (
          <div data-testid="calendar-preview">
            <p className="admin-warn">{t.calendars.moves(preview.result.deadlines.count)}</p>
            <ul>
              {preview.result.deadlines.sample.map((s) => (
                <li key={s.ticketId}>{t.calendars.moved(s.receiptCode, format.dateTime(s.before), format.dateTime(s.after))}</li>
              ))}
            </ul>
            <button type="button" className="button button--primary" onClick={() => apply.mutate()} disabled={apply.isPending}>
              {t.calendars.apply}
            </button>
          </div>
        )}
        {done && (
          <p className="admin-ok" role="status">
            {t.saved}: {t.calendars.moves(done.deadlines.count)}
          </p>
        )}
      </section>
    </div>
  );
}
