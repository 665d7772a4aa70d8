import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { shortDay } from '../floor/business-day.js';
import type { CallReport } from '../floor/feed.js';
import { percent } from '../floor/TodayFigures.js';
import { supervisorMessages } from '../messages.js';
import { BarChart } from './BarChart.js';
import { downloadText, toCsv } from './csv.js';
import { PeriodFilters, usePeriodReport } from './period.js';

type GroupBy = CallReport['groupBy'];
type Metrics = CallReport['total'];
const groupings: readonly GroupBy[] = ['day', 'operator', 'field'];

/** 85.5 of 0.855: a ratio as a percentage with one decimal, for the CSV. */
const percentNumber = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);

/**
 * Call reports (R19): the metrics of GET /api/reports/calls (definitions: src/reports/README.md) by day, operator or
 * field over a period of business days, as two charts and a table, and exported as CSV.
 */
export function Reports() {
  const t = useMessages(supervisorMessages);
  const r = t.reports;
  const common = useMessages(commonMessages);
  const format = useFormat();
  const { form, setForm, report, submit } = usePeriodReport<CallReport, GroupBy>('/api/reports/calls', { days: 7, groupBy: 'day' });
  const data = report.data;
  const labelOf = (group: CallReport['groups'][number]) =>
    group.key === null ? r.noKey[data?.groupBy ?? 'day'] : data?.groupBy === 'day' ? shortDay(group.key) : (group.label ?? group.key).split(':')[0] ?? group.key;
  const seconds = (value: number | null) => (value === null ? '—' : format.duration(value));
  const columns: Array<[keyof typeof r.col, (m: Metrics) => string]> = [
    ['offered', (m) => String(m.offered)],
    ['answered', (m) => String(m.answered)],
    ['abandoned', (m) => String(m.abandoned)],
    ['abandonmentRate', (m) => percent(m.abandonmentRate)],
    ['serviceLevel', (m) => percent(m.serviceLevel)],
    ['asa', (m) => seconds(m.asaSeconds)],
    ['aht', (m) => seconds(m.ahtSeconds)],
    ['transferred', (m) => String(m.transferred)],
    ['occupancy', (m) => percent(m.occupancy)],
  ];

  const exportCsv = () => {
    if (!data) return;
    const header = [
      r.group[data.groupBy],
      r.col.offered,
      r.col.answered,
      r.col.abandoned,
      `${r.col.abandonmentRate} (%)`,
      `${r.col.serviceLevel} (%)`,
      `${r.col.asa} (s)`,
      `${r.col.aht} (s)`,
      r.col.transferred,
      `${r.col.occupancy} (%)`,
    ];
    const line = (label: string, m: Metrics) => [
      label,
      m.offered,
      m.answered,
      m.abandoned,
      percentNumber(m.abandonmentRate),
      percentNumber(m.serviceLevel),
      m.asaSeconds,
      m.ahtSeconds,
      m.transferred,
      percentNumber(m.occupancy),
    ];
    const rows = [header, ...data.groups.map((g) => line(g.key === null ? r.noKey[data.groupBy] : data.groupBy === 'day' ? g.key : (g.label ?? g.key), g)), line(r.total, data.total)];
    downloadText(toCsv(rows), r.csvName(data.from, data.to, data.groupBy));
  };

  return (
    <div className="sup-page">
      <h1>{r.heading}</h1>
      <PeriodFilters form={form} setForm={setForm} onSubmit={submit} groupings={groupings} labels={r}>
        <button type="button" className="button" onClick={exportCsv} disabled={!data || data.groups.length === 0}>
          {r.exportCsv}
        </button>
      </PeriodFilters>
      {report.isError && <ErrorNote error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <Loading label={common.loading} />}
      {data && data.groups.length === 0 && <p className="panel muted">{r.empty}</p>}
      {data && data.groups.length > 0 && (
        <>
          <div className="charts">
            <BarChart
              title={r.callsChart}
              summary={r.chartSummary(data.groups.length)}
              series={[
                { name: r.col.answered, className: 'bar--answered' },
                { name: r.col.abandoned, className: 'bar--abandoned' },
              ]}
              groups={data.groups.map((g) => ({ label: labelOf(g), values: [g.answered, g.abandoned] }))}
              format={String}
              testId="calls-chart"
            />
            <BarChart
              title={r.serviceChart(data.serviceLevelSeconds)}
              summary={r.chartSummary(data.groups.length)}
              series={[{ name: r.col.serviceLevel, className: 'bar--service' }]}
              groups={data.groups.map((g) => ({ label: labelOf(g), values: [g.serviceLevel === null ? null : g.serviceLevel * 100] }))}
              max={100}
              format={(v) => `${Math.round(v)}%`}
              testId="service-chart"
            />
          </div>
          <section className="panel" aria-label={r.heading}>
            <div className="table-scroll">
              <table className="table" data-testid="report-table">
                <thead>
                  <tr>
                    <th scope="col">{r.group[data.groupBy]}</th>
                    {columns.map(([key]) => (
                      <th key={key} scope="col" className="num">
                        {r.col[key]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.groups.map((group) => (
                    <tr key={group.key ?? 'none'}>
                      <th scope="row">{group.key !== null && data.groupBy === 'day' ? `${shortDay(group.key)}/${group.key.slice(0, 4)}` : labelOf(group)}</th>
                      {columns.map(([key, value]) => (
                        <td key={key} className="num">
                          {value(group)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{r.total}</th>
                    {columns.map(([key, value]) => (
                      <td key={key} className="num">
                        {value(data.total)}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
            <p className="muted small">{r.definitions}</p>
          </section>
        </>
      )}
    </div>
  );
}
