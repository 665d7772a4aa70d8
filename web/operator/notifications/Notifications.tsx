import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { Notification } from '@server/notifications/routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { defineMessages, useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { useServerEvent, type ServerEvents } from '../../shared/socket/socket.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { myTicketsKey } from '../my-tickets/MyTickets.js';

type Row = Static<typeof Notification>;
type TicketUpdate = ServerEvents['ticket.updated.v1'];

const messages = defineMessages(
  {
    list: 'Thông báo',
    empty: 'Không có thông báo',
    dueSoon: (code: string, time: string) => `Phiếu ${code} sắp đến hạn (${time})`,
    overdue: (code: string, time: string) => `Phiếu ${code} đã quá hạn (${time})`,
    updated: (code: string, status: string) => `Phiếu ${code}: ${status}`,
    markRead: 'Đã xem',
    unread: (n: number) => `${n} chưa xem`,
  },
  {
    list: 'Notifications',
    empty: 'No notification',
    dueSoon: (code: string, time: string) => `Ticket ${code} is due soon (${time})`,
    overdue: (code: string, time: string) => `Ticket ${code} is overdue (${time})`,
    updated: (code: string, status: string) => `Ticket ${code}: ${status}`,
    markRead: 'Mark read',
    unread: (n: number) => `${n} unread`,
  },
);

const key = ['operator', 'notifications'] as const;

/** Unread deadline notices and this session's updates of my tickets: the count on the tab. */
export function useUnreadCount(): number {
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Row[]; total: number }>('/api/notifications', { limit: 30 }, signal) });
  return list.data?.items.filter((n) => !n.readAt).length ?? 0;
}

/**
 * Deadline notices of tickets still at the hotline (`ticket.due_soon.v1`, `ticket.overdue.v1`, stored: GET
 * /api/notifications) and what agencies did with my tickets (`ticket.updated.v1`, shown as they come).
 */
export function Notifications() {
  const t = useMessages(messages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const client = useQueryClient();
  const [updates, setUpdates] = useState<TicketUpdate[]>([]);
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Row[]; total: number }>('/api/notifications', { limit: 30 }, signal) });
  const read = useMutation({
    mutationFn: (id: string) => api.post(`/api/notifications/${id}/read`),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
  useServerEvent('ticket.due_soon.v1', () => void client.invalidateQueries({ queryKey: key }));
  useServerEvent('ticket.overdue.v1', () => void client.invalidateQueries({ queryKey: key }));
  useServerEvent('ticket.updated.v1', (event) => {
    const mine = client.getQueryData<{ items: Array<{ id: string }> }>(myTicketsKey)?.items.some((item) => item.id === event.id);
    if (mine && event.event !== 'edited') setUpdates((old) => [event, ...old].slice(0, 20));
  });
  if (list.isPending) return <Loading label={common.loading} />;
  if (list.isError) return <ErrorNote error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  if (items.length === 0 && updates.length === 0) return <p className="muted">{t.empty}</p>;
  return (
    <ul className="worklist" aria-label={t.list}>
      {updates.map((update) => (
        <li key={`${update.id}-${update.at}`} className="worklist-item">
          <div>{t.updated(update.receiptCode, common.ticketStatus[update.status])}</div>
          <div className="muted">{format.dateTime(update.at)}</div>
        </li>
      ))}
      {items.map((n) => {
        const due = n.dueAt ? format.dateTime(n.dueAt) : '';
        return (
          <li key={n.id} className={n.readAt ? 'worklist-item' : 'worklist-item is-unread'}>
            <div>{n.kind === 'ticket.overdue' ? t.overdue(n.receiptCode, due) : t.dueSoon(n.receiptCode, due)}</div>
            <div className="worklist-head">
              <span className="muted">{format.dateTime(n.createdAt)}</span>
              {!n.readAt && (
                <button type="button" className="button button--small" onClick={() => read.mutate(n.id)} disabled={read.isPending}>
                  {t.markRead}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
