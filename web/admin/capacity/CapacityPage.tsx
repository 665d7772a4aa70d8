import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { CapacityWindowView, Preview, ScheduleView, WindowBody } from '@server/capacity/routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { isTimeOfDay } from '../../shared/format/time-of-day.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { TimeInput } from '../../shared/ui/TimeInput.js';
import { adminMessages } from '../messages.js';
import { AdminTable, ErrorAlert } from '../shared/SettingsList.js';

type Window = Static<typeof CapacityWindowView>;
type Draft = Static<typeof WindowBody> & { id?: string; key: string };
type Check = { overlaps: Array<{ first: string; second: string; where: string }>; gaps: Array<{ where: string }>; fallback: number };

const scheduleKey = ['admin', 'capacity'] as const;
const toDraft = (w: Window): Draft => ({ id: w.id, key: w.id, name: w.name, daysOfWeek: w.daysOfWeek, startsAt: w.startsAt, endsAt: w.endsAt.slice(0, 5), capacity: w.capacity, active: w.active });
const bodyOf = ({ name, daysOfWeek, startsAt, endsAt, capacity, active }: Draft): Static<typeof WindowBody> => ({ name, daysOfWeek: daysOfWeek ?? null, startsAt, endsAt, capacity, active: active ?? true });
const same = (a: Draft, b: Window) => JSON.stringify(bodyOf(a)) === JSON.stringify(bodyOf(toDraft(b)));

/**
 * The line capacity schedule (R2): the windows edited in place, checked as typed (overlaps refused, gaps warned, the
 * next 24 h as it would be), saved window by window (each change audited), and the capacity in force now.
 */
export function CapacityPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const client = useQueryClient();
  const schedule = useQuery({ queryKey: scheduleKey, queryFn: ({ signal }) => api.get<Static<typeof ScheduleView>>('/api/line-capacity/windows', undefined, signal) });
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [source, setSource] = useState<Static<typeof ScheduleView> | undefined>(undefined);
  if (schedule.data && schedule.data !== source) {
    setSource(schedule.data);
    setDrafts(schedule.data.items.map(toDraft));
  }
  const bodies = drafts.map(bodyOf);
  /** Every window named, with times the server reads (HH:mm, 24 h): only then checked, and saved. */
  const complete = drafts.every((d) => d.name.trim() && isTimeOfDay(d.startsAt) && isTimeOfDay(d.endsAt));
  const check = useQuery({
    queryKey: ['admin', 'capacity-check', bodies],
    queryFn: () => api.post<Check & { segments: unknown[] }>('/api/line-capacity/check', { windows: bodies }),
    enabled: drafts.length > 0 && complete,
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: scheduleKey });
    void client.invalidateQueries({ queryKey: ['admin', 'capacity-preview'] });
  };
  const save = useMutation({
    mutationFn: async () => {
      const stored = schedule.data?.items ?? [];
      for (const old of stored) if (!drafts.some((d) => d.id === old.id)) await api.delete(`/api/line-capacity/windows/${old.id}`);
      // Lowered or narrowed windows first, so a window grown into the freed time does not overlap on the way.
      for (const draft of drafts) {
        const old = stored.find((w) => w.id === draft.id);
        if (draft.id && old && !same(draft, old)) await api.patch(`/api/line-capacity/windows/${draft.id}`, bodyOf(draft));
      }
      for (const draft of drafts) if (!draft.id) await api.post('/api/line-capacity/windows', bodyOf(draft));
    },
    onSuccess: () => setMessage(t.saved),
    onSettled: refresh,
  });
  /** The stored default becomes windows to edit: a first (inactive) write stores it, then that window goes. */
  const materialise = useMutation({
    mutationFn: async () => {
      const { window } = await api.post<{ window: Window }>('/api/line-capacity/windows', { name: 'Tạm', startsAt: '00:00', endsAt: '00:00', capacity: 0, active: false });
      await api.delete(`/api/line-capacity/windows/${window.id}`);
    },
    onSettled: refresh,
  });
  if (schedule.isPending) return <Loading label={common.loading} />;
  if (schedule.isError) return <ErrorNote error={schedule.error} onRetry={() => void schedule.refetch()} />;
  const update = (key: string, change: Partial<Draft>) => {
    setMessage(null);
    setDrafts((all) => all.map((d) => (d.key === key ? { ...d, ...change } : d)));
  };
  return (
    <div className="admin-page">
      <section className="panel" aria-labelledby="capacity-heading">
        <h1 id="capacity-heading">{t.capacity.heading}</h1>
        <p className="muted">{t.capacity.intro}</p>
        {schedule.data.usingDefault && (
          <div className="admin-warn">
            {t.capacity.usingDefault}{' '}
            <button type="button" className="button button--small" onClick={() => materialise.mutate()} disabled={materialise.isPending}>
              {t.capacity.editDefault}
            </button>
          </div>
        )}
        {drafts.length > 0 && (
          <AdminTable testId="capacity-windows" headers={[t.capacity.name, t.capacity.days, t.capacity.startsAt, t.capacity.endsAt, t.capacity.lines, t.capacity.active, t.capacity.actions]}>
            {drafts.map((d) => (
              <WindowRow key={d.key} draft={d} onChange={(change) => update(d.key, change)} onRemove={() => setDrafts((all) => all.filter((x) => x.key !== d.key))} />
            ))}
          </AdminTable>
        )}
        <div className="admin-row-actions">
          {!schedule.data.usingDefault && (
            <button
              type="button"
              className="button"
              onClick={() => setDrafts((all) => [...all, { key: `new-${all.length}-${Date.now()}`, name: t.capacity.newWindow, daysOfWeek: null, startsAt: '00:00', endsAt: '00:00', capacity: 1, active: false }])}
            >
              {t.add}
            </button>
          )}
          {drafts.length > 0 && (
            <button type="button" className="button button--primary" onClick={() => save.mutate()} disabled={save.isPending || !complete || (check.data?.overlaps.length ?? 0) > 0}>
              {t.capacity.save}
            </button>
          )}
        </div>
        {message && (
          <p className="admin-ok" role="status">
            {message}
          </p>
        )}
        <ErrorAlert error={save.error ?? materialise.error} />
        {check.data && <Checked check={check.data} />}
      </section>
      <PreviewPanel />
    </div>
  );
}

function WindowRow({ draft, onChange, onRemove }: { draft: Draft; onChange: (change: Partial<Draft>) => void; onRemove: () => void }) {
  const t = useMessages(adminMessages);
  const label = t.capacity.windowLabel(draft.name);
  const days = draft.daysOfWeek ?? [];
  const toggle = (day: number) => {
    const next = days.includes(day) ? days.filter((d) => d !== day) : [...days, day].sort();
    onChange({ daysOfWeek: next.length === 0 || next.length === 7 ? null : next });
  };
  return (
    <tr>
      <td>
        <input aria-label={`${t.capacity.name}, ${label}`} value={draft.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value })} />
      </td>
      <td>
        <fieldset className="admin-days">
          <legend className="visually-hidden">{`${t.capacity.days}, ${label}`}</legend>
          {[1, 2, 3, 4, 5, 6, 0].map((day) => (
            <label key={day}>
              <input type="checkbox" checked={days.length === 0 || days.includes(day)} onChange={() => toggle(day)} /> {t.weekday(day)}
            </label>
          ))}
        </fieldset>
      </td>
      <td>
        <TimeInput label={`${t.capacity.startsAt}, ${label}`} value={draft.startsAt} onChange={(startsAt) => onChange({ startsAt })} />
      </td>
      <td>
        <TimeInput label={`${t.capacity.endsAt}, ${label}`} value={draft.endsAt} onChange={(endsAt) => onChange({ endsAt })} />
      </td>
      <td>
        <input type="number" min={0} max={10000} aria-label={`${t.capacity.lines}, ${label}`} value={draft.capacity} onChange={(e) => onChange({ capacity: Number(e.target.value) })} />
      </td>
      <td>
        <input type="checkbox" aria-label={`${t.capacity.active}, ${label}`} checked={draft.active ?? true} onChange={(e) => onChange({ active: e.target.checked })} />
      </td>
      <td>
        <button type="button" className="button button--small" aria-label={`${t.delete} ${label}`} onClick={onRemove}>
          {t.delete}
        </button>
      </td>
    </tr>
  );
}

function Checked({ check }: { check: Check }) {
  const t = useMessages(adminMessages);
  if (check.overlaps.length === 0 && check.gaps.length === 0) return <p className="admin-ok">{t.capacity.noProblems}</p>;
  return (
    <div data-testid="capacity-check">
      {check.overlaps.length > 0 && (
        <div className="admin-bad" role="alert">
          <strong>{t.capacity.overlaps}</strong>
          <ul>
            {check.overlaps.map((o) => (
              <li key={`${o.first}|${o.second}|${o.where}`}>
                “{o.first}” × “{o.second}”: {o.where}
              </li>
            ))}
          </ul>
        </div>
      )}
      {check.gaps.length > 0 && (
        <div className="admin-warn">
          <strong>{t.capacity.gaps(check.fallback)}</strong>
          <ul>
            {check.gaps.map((g) => (
              <li key={g.where}>{g.where}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function PreviewPanel() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const preview = useQuery({ queryKey: ['admin', 'capacity-preview'], queryFn: ({ signal }) => api.get<Static<typeof Preview>>('/api/line-capacity/preview', { hours: 24 }, signal) });
  return (
    <section className="panel" aria-labelledby="capacity-preview-heading">
      <h2 id="capacity-preview-heading">{t.capacity.preview}</h2>
      {preview.isPending && <Loading label={common.loading} />}
      {preview.isError && <ErrorNote error={preview.error} />}
      {preview.data && (
        <>
          <p data-testid="capacity-now">
            <strong>{t.capacity.now(preview.data.now.capacity, preview.data.now.window ?? t.capacity.gapName)}</strong>
          </p>
          <ul className="admin-timeline" data-testid="capacity-timeline">
            {preview.data.segments.map((s) => (
              <li key={s.from}>
                <span>{t.capacity.segment(format.dateTime(s.from), format.dateTime(s.to))}</span>
                <span>
                  {s.window ?? t.capacity.gapName}: <strong>{s.capacity}</strong>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
