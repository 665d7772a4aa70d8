import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../shared/api/client.js';
import { useSettings } from '../../shared/session/session.js';
import { Field } from '../../shared/ui/Field.js';
import { addDays, businessDay } from '../floor/business-day.js';

/** A report over a period of business days, grouped one way. */
export interface PeriodQuery<G extends string> {
  from: string;
  to: string;
  groupBy: G;
}

/**
 * The state of a period report page: the form being edited, the query last submitted and the report it fetched from
 * `path` (kept on screen while the next one loads). The default period ends today in BUSINESS_TZ.
 */
export function usePeriodReport<R, G extends string>(path: string, defaults: { days: number; groupBy: G }) {
  const { businessTz } = useSettings();
  const today = businessDay(new Date(), businessTz);
  const [form, setForm] = useState<PeriodQuery<G>>({ from: addDays(today, 1 - defaults.days), to: today, groupBy: defaults.groupBy });
  const [query, setQuery] = useState<PeriodQuery<G>>(form);
  const report = useQuery({
    queryKey: ['supervisor', path, query],
    queryFn: ({ signal }) => api.get<R>(path, { ...query }, signal),
    placeholderData: keepPreviousData,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(form);
  };
  return { form, setForm, query, report, submit };
}

interface PeriodFiltersProps<G extends string> {
  form: PeriodQuery<G>;
  setForm: (form: PeriodQuery<G>) => void;
  onSubmit: (event: FormEvent) => void;
  groupings: readonly G[];
  labels: { from: string; to: string; groupBy: string; show: string; group: Record<G, string> };
  /** Export buttons or links after "show". */
  children?: ReactNode;
}

/** From / to dates, the grouping and "show": the filter bar of every period report. */
export function PeriodFilters<G extends string>({ form, setForm, onSubmit, groupings, labels, children }: PeriodFiltersProps<G>) {
  return (
    <form className="panel filters" onSubmit={onSubmit}>
      <Field label={labels.from}>{(id) => <input id={id} type="date" value={form.from} max={form.to} onChange={(e) => setForm({ ...form, from: e.target.value })} required />}</Field>
      <Field label={labels.to}>{(id) => <input id={id} type="date" value={form.to} min={form.from} onChange={(e) => setForm({ ...form, to: e.target.value })} required />}</Field>
      <Field label={labels.groupBy}>
        {(id) => (
          <select id={id} value={form.groupBy} onChange={(e) => setForm({ ...form, groupBy: e.target.value as G })}>
            {groupings.map((g) => (
              <option key={g} value={g}>
                {labels.group[g]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button button--primary">
        {labels.show}
      </button>
      {children}
    </form>
  );
}
