import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { CallbackView } from '@server/callbacks/routes.js';
import { api } from '../../shared/api/client.js';
import { defineMessages, useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { useMe } from '../../shared/session/session.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';

type Callback = Static<typeof CallbackView>;

const messages = defineMessages(
  {
    title: 'Yêu cầu gọi lại',
    empty: 'Không có yêu cầu nào đang chờ',
    since: (time: string) => `Chờ từ ${time}`,
    reason: { over_capacity: 'Gọi lúc quá tải', ivr: 'Chọn gọi lại ở lời chào', queue_key: 'Bấm phím gọi lại khi chờ', queue_max_wait: 'Chờ quá lâu' } as Record<string, string>,
    claimedBy: (name: string) => `${name} đã nhận`,
    claim: 'Nhận gọi lại',
    call: (number: string) => `Gọi ${number}`,
    note: 'Kết quả gọi lại',
    done: 'Xong',
    release: 'Trả lại',
    list: 'Danh sách yêu cầu gọi lại',
  },
  {
    title: 'Callback requests',
    empty: 'No request waiting',
    since: (time: string) => `Waiting since ${time}`,
    reason: { over_capacity: 'Called while over capacity', ivr: 'Asked in the voice menu', queue_key: 'Pressed the callback key', queue_max_wait: 'Waited too long' },
    claimedBy: (name: string) => `Taken by ${name}`,
    claim: 'Take it',
    call: (number: string) => `Call ${number}`,
    note: 'What came of the call',
    done: 'Done',
    release: 'Give back',
    list: 'Callback requests',
  },
);

const key = ['operator', 'callbacks'] as const;

/** The callback worklist (R2, R4): next first; take one (its full number is shown), call back, close it with a note. */
export function Callbacks() {
  const t = useMessages(messages);
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: Callback[] }>('/api/callbacks', { limit: 30 }, signal),
    // No event tells of new requests: the list is read again each half minute while it is shown.
    refetchInterval: 30_000,
  });
  if (list.isPending) return <Loading label="…" />;
  if (list.isError) return <ErrorNote error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <p className="muted">{t.empty}</p>;
  return (
    <ul className="worklist" aria-label={t.list}>
      {list.data.items.map((item) => (
        <CallbackItem key={item.id} item={item} />
      ))}
    </ul>
  );
}

function CallbackItem({ item }: { item: Callback }) {
  const t = useMessages(messages);
  const format = useFormat();
  const me = useMe();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: (action: 'claim' | 'release' | 'done') => api.post<Callback>(`/api/callbacks/${item.id}/${action}`, action === 'done' ? { note } : {}),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
  const mine = item.claimedBy === me.data?.id;
  return (
    <li className="worklist-item">
      <div className="worklist-head">
        <strong>{format.phone(item.phoneNumber)}</strong>
        {item.fieldName && <span className="badge">{item.fieldName}</span>}
        <span className="muted">{t.reason[item.reason] ?? item.reason}</span>
      </div>
      <div className="muted">{t.since(format.dateTime(item.waitingSince))}</div>
      {!item.claimedBy && (
        <button type="button" className="button button--small" disabled={act.isPending} onClick={() => act.mutate('claim')}>
          {t.claim}
        </button>
      )}
      {item.claimedBy && !mine && <div className="muted">{t.claimedBy(item.claimedByName ?? '')}</div>}
      {mine && (
        <div className="worklist-actions">
          <a className="button button--small button--ok" href={`tel:${item.phoneNumber}`}>
            {t.call(format.phone(item.phoneNumber))}
          </a>
          <label className="worklist-note">
            <span className="visually-hidden">{t.note}</span>
            <input value={note} placeholder={t.note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" className="button button--small" disabled={act.isPending} onClick={() => act.mutate('done')}>
            {t.done}
          </button>
          <button type="button" className="button button--small button--quiet" disabled={act.isPending} onClick={() => act.mutate('release')}>
            {t.release}
          </button>
        </div>
      )}
      {act.isError && <ErrorNote error={act.error} />}
    </li>
  );
}
