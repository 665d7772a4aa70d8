import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { TicketSummary } from '@server/tickets/schemas.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { defineMessages, useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { useServerEvent } from '../../shared/socket/socket.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';

type Summary = Static<typeof TicketSummary>;

const messages = defineMessages(
  { list: 'Phiếu tôi đã tiếp nhận', empty: 'Bạn chưa tiếp nhận phiếu nào', open: (code: string) => `Mở phiếu ${code}`, due: (time: string) => `hạn ${time}` },
  { list: 'Tickets I took', empty: 'You have not taken any ticket yet', open: (code: string) => `Open ticket ${code}`, due: (time: string) => `due ${time}` },
);

export const myTicketsKey = ['operator', 'my-tickets'] as const;

/** The operator's own tickets, newest first (GET /api/tickets?mine=true); kept fresh by the ticket events. */
export function MyTickets({ openTicketId, onOpen }: { openTicketId: string | null; onOpen: (id: string) => void }) {
  const t = useMessages(messages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: myTicketsKey,
    queryFn: ({ signal }) => api.get<{ items: Summary[] }>('/api/tickets', { mine: true, limit: 20 }, signal),
  });
  const refresh = (id: string) => {
    if (list.data?.items.some((item) => item.id === id)) void client.invalidateQueries({ queryKey: myTicketsKey });
  };
  useServerEvent('ticket.updated.v1', (event) => refresh(event.id));
  useServerEvent('screen_pop.ticket.v1', () => void client.invalidateQueries({ queryKey: myTicketsKey }));
  if (list.isPending) return <Loading label={common.loading} />;
  if (list.isError) return <ErrorNote error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <p className="muted">{t.empty}</p>;
  return (
    <ul className="worklist" aria-label={t.list} data-testid="my-tickets">
      {list.data.items.map((item) => (
        <li key={item.id} className={item.id === openTicketId ? 'worklist-item is-open' : 'worklist-item'}>
          <div className="worklist-head">
            <button type="button" className="link-button" onClick={() => onOpen(item.id)} aria-label={t.open(item.receiptCode)}>
              {item.receiptCode}
            </button>
            <span className="badge">{common.ticketStatus[item.status]}</span>
            {item.draft && <span className="badge badge--warn">{common.draft}</span>}
            {item.urgency === 'urgent' && <span className="badge badge--danger">{common.urgency.urgent}</span>}
            {item.overdue && <span className="badge badge--danger">{common.overdue}</span>}
          </div>
          <p className="worklist-text">{item.draft ? '' : item.contentPreview}</p>
          <div className="muted">
            {format.dateTime(item.receivedAt)}
            {item.dueAt && ` · ${t.due(format.dateTime(item.dueAt))}`}
          </div>
        </li>
      ))}
    </ul>
  );
}
