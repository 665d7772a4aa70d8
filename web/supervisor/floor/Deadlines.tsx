import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { DeadlineSummaryView } from '@server/reports/routes.js';
import { api } from '../../shared/api/client.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useServerEvent } from '../../shared/socket/socket.js';
import { ErrorNote } from '../../shared/ui/states.js';
import { supervisorMessages } from '../messages.js';

type DeadlineSummary = Static<typeof DeadlineSummaryView>;
const key = ['supervisor', 'deadlines'] as const;

/**
 * Open tickets due soon and overdue per agency (GET /api/reports/deadlines), read again when the deadline watch says
 * a ticket became due soon or overdue, or a ticket changed (`ticket.*.v1` to role:supervisor): no polling.
 */
export function Deadlines({ size = 'normal', limit = 8 }: { size?: 'normal' | 'big'; limit?: number }) {
  const t = useMessages(supervisorMessages).deadlines;
  const client = useQueryClient();
  const summary = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<DeadlineSummary>('/api/reports/deadlines', undefined, signal) });
  const reread = () => void client.invalidateQueries({ queryKey: key });
  useServerEvent('ticket.due_soon.v1', reread);
  useServerEvent('ticket.overdue.v1', reread);
  useServerEvent('ticket.updated.v1', reread);
  if (summary.isError) return <ErrorNote error={summary.error} onRetry={() => void summary.refetch()} />;
  const data = summary.data;
  const className = size === 'big' ? 'wallboard-panel deadlines' : 'panel deadlines';
  return (
    <section className={className} aria-labelledby={`deadlines-${size}`} data-testid="deadlines">
      <h2 id={`deadlines-${size}`} className={size === 'big' ? undefined : 'panel-title'}>
        {t.heading}
      </h2>
      {data && data.agencies.length === 0 && <p className="muted">{t.none}</p>}
      {data && data.agencies.length > 0 && (
        <table className="table deadlines-table">
          <thead>
            <tr>
              <th scope="col">{t.agency}</th>
              <th scope="col" className="num">
                {t.dueSoon}
              </th>
              <th scope="col" className="num">
                {t.overdue}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.agencies.slice(0, limit).map((agency) => (
              <tr key={agency.agencyId ?? 'hotline'}>
                <th scope="row">{agency.name ?? t.atHotline}</th>
                <td className="num">{agency.dueSoon}</td>
                <td className={agency.overdue > 0 ? 'num is-overdue' : 'num'}>{agency.overdue}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              <td className="num">{data.total.dueSoon}</td>
              <td className="num">{data.total.overdue}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
