import type { Static } from 'typebox';
import type { TicketReportView } from '@server/reports/routes.js';
import { withQuery } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { shortDay } from '../floor/business-day.js';
import { supervisorMessages } from '../messages.js';
import { BarChart } from '../reports/BarChart.js';
import { PeriodFilters, usePeriodReport } from '../reports/period.js';

type TicketReport = Static<typeof TicketReportView>;
type GroupBy = TicketReport['groupBy'];
type Counts = TicketReport['total'];
const groupings: readonly GroupBy[] = ['field', 'agency', 'channel', 'status', 'urgency', 'day', 'week', 'month'];
const figures: ReadonlyArray<keyof Counts> = ['total', 'open', 'resolved', 'resolvedOnTime', 'resolvedLate', 'overdue'];

/**
 * Ticket statistics (issue 16, R20, R21): GET /api/reports/tickets over a period of business days by field, agency,
 * channel, status, urgency, day, week or month — received, open, resolved on time and late, overdue — as a chart
 * (the call reports' plain-SVG BarChart) and a table with its total; exported by the server as CSV or .xlsx.
 */
export function TicketStats() {
  const messages = useMessages(supervisorMessages);
  const t = messages.ticketStats;
  const common = useMessages(commonMessages);
  const { form, setForm, query, report, submit } = usePeriodReport<TicketReport, GroupBy>('/api/reports/tickets', { days: 30, groupBy: 'field' });
  const data = report.data;
  const labelOf = (group: TicketReport['groups'][number]): string => {
    if (group.key === null) return t.noKey;
    switch (data?.groupBy) {
      case 'day':
        return shortDay(group.key);
      case 'week':
        return t.weekOf(shortDay(group.key));
      case 'month':
        return `${group.key.slice(5, 7)}/${group.key.slice(0, 4)}`;
      case 'channel':
        return common.channel[group.key as keyof typeof common.channel] ?? group.label ?? group.key;
      case 'status':
        return common.ticketStatus[group.key as keyof typeof common.ticketStatus] ?? group.label ?? group.key;
      case 'urgency':
        return common.urgency[group.key as keyof typeof common.urgency] ?? group.label ?? group.key;
      default:
        return group.label ?? group.key;
    }
  };
  const exportHref = (format: 'csv' | 'xlsx') => withQuery('/api/reports/tickets/export', { ...query, format });

  return (
    <div className="sup-page">
      <h1>{t.heading}</h1>
      <PeriodFilters form={form} setForm={setForm} onSubmit={submit} groupings={groupings} labels={{ ...messages.reports, groupBy: t.groupBy, show: t.show, group: t.group }}>
        <a className="button" href={exportHref('csv')} download>
          {t.exportCsv}
        </a>
        <a className="button" href={exportHref('xlsx')} download>
          {t.exportXlsx}
        </a>
      </PeriodFilters>
      {report.isError && <ErrorNote error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <Loading label={common.loading} />}
      {data && data.groups.length === 0 && <p className="panel muted">{t.empty}</p>}
      {data && data.groups.length > 0 && (
        <>
          <BarChart
            title={t.chart}
            summary={t.chartSummary(data.groups.length)}
            series={[
              { name: t.col.open, className: 'bar--open' },
              { name: t.col.resolvedOnTime, className: 'bar--ontime' },
              { name: t.col.resolvedLate, className: 'bar--late' },
              { name: t.col.overdue, className: 'bar--overdue' },
            ]}
            groups={data.groups.map((g) => ({ label: labelOf(g), values: [g.open, g.resolvedOnTime, g.resolvedLate, g.overdue] }))}
            format={String}
            testId="tickets-chart"
          />
          <section className="panel" aria-label={t.heading}>
            <div className="table-scroll">
              <table className="table" data-testid="ticket-stats-table">
                <thead>
                  <tr>
                    <th scope="col">{t.group[data.groupBy]}</th>
                    {figures.map((key) => (
                      <th key={key} scope="col" className="num">
                        {t.col[key]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.groups.map((group) => (
                    <tr key={group.key ?? 'none'}>
                      <th scope="row">{labelOf(group)}</th>
                      {figures.map((key) => (
                        <td key={key} className={key === 'overdue' && group.overdue > 0 ? 'num overdue' : 'num'}>
                          {group[key]}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t.total}</th>
                    {figures.map((key) => (
                      <td key={key} className="num">
                        {data.total[key]}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
            <p className="muted small">{t.definitions}</p>
          </section>
        </>
      )}
    </div>
  );
}
