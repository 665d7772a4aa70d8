import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ScheduledReportView } from '@server/reports/scheduled-routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { supervisorMessages } from '../messages.js';

type ScheduledReport = Static<typeof ScheduledReportView>;
const day = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The daily and weekly reports for the leaders (issue 16, R20): GET /api/reports/scheduled, each as .xlsx or printable HTML. */
export function ScheduledReports() {
  const t = useMessages(supervisorMessages).scheduled;
  const common = useMessages(commonMessages);
  const format = useFormat();
  const list = useQuery({
    queryKey: ['supervisor', 'scheduled-reports'],
    queryFn: ({ signal }) => api.get<{ items: ScheduledReport[] }>('/api/reports/scheduled', undefined, signal),
  });
  return (
    <div className="sup-page">
      <h1>{t.heading}</h1>
      <p className="muted">{t.intro}</p>
      {list.isPending && <Loading label={common.loading} />}
      {list.isError && <ErrorNote error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && <p className="panel muted">{t.empty}</p>}
      {list.data && list.data.items.length > 0 && (
        <section className="panel" aria-label={t.heading}>
          <div className="table-scroll">
            <table className="table" data-testid="scheduled-reports">
              <thead>
                <tr>
                  <th scope="col">{t.col.kind}</th>
                  <th scope="col">{t.col.period}</th>
                  <th scope="col">{t.col.status}</th>
                  <th scope="col">{t.col.generatedAt}</th>
                  <th scope="col">{t.col.emailed}</th>
                  <th scope="col">{t.col.actions}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((report) => {
                  const period = t.period(day(report.periodStart), day(report.periodEnd));
                  return (
                    <tr key={report.id}>
                      <td>{t.kind[report.kind]}</td>
                      <th scope="row">{period}</th>
                      <td>{t.status[report.status]}{report.error ? `: ${report.error}` : ''}</td>
                      <td>{report.generatedAt ? format.dateTime(report.generatedAt) : '—'}</td>
                      <td>{report.emailedTo !== null ? t.emailedTo(report.emailedTo) : (report.emailError ?? t.notEmailed)}</td>
                      <td>
                        {report.status === 'ready' && (
                          <span className="actions">
                            <a className="button button--small" href={`/api/reports/scheduled/${report.id}/xlsx`} download aria-label={t.xlsxOf(period)}>
                              {t.xlsx}
                            </a>{' '}
                            <a className="button button--small" href={`/api/reports/scheduled/${report.id}/html`} target="_blank" rel="noopener" aria-label={t.htmlOf(period)}>
                              {t.html}
                            </a>
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
