import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { useMe } from '../../shared/session/session.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { useConversations, type Conversation } from './api.js';
import { conversationMessages } from './messages.js';

/** How many open conversations nobody has taken: the count on the "Tin nhắn" tab. */
export function useUnclaimedCount(): number {
  const list = useConversations();
  return list.data?.items.filter((c) => !c.claimedBy).length ?? 0;
}

/** Open conversations on the written channels (issue 15, R16), live: those nobody took first, then the latest. */
export function Conversations({ openId, onOpen }: { openId: string | null; onOpen: (id: string) => void }) {
  const t = useMessages(conversationMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const me = useMe();
  const list = useConversations();
  if (list.isPending) return <Loading label={common.loading} />;
  if (list.isError) return <ErrorNote error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <p className="muted">{t.empty}</p>;
  const items = [...list.data.items].sort((a, b) => Number(Boolean(a.claimedBy)) - Number(Boolean(b.claimedBy)));
  const owner = (c: Conversation) => (!c.claimedBy ? t.unclaimed : c.claimedBy === me.data?.id ? t.mine : t.claimedByOther);
  return (
    <ul className="worklist" aria-label={t.list} data-testid="conversations">
      {items.map((item) => (
        <li key={item.id} className={item.id === openId ? 'worklist-item is-open' : 'worklist-item'}>
          <div className="worklist-head">
            <button type="button" className="link-button" onClick={() => onOpen(item.id)} aria-label={t.open(item.receiptCode)}>
              {item.receiptCode}
            </button>
            <span className="badge">{common.channel[item.channel]}</span>
            <span className={item.claimedBy ? 'badge' : 'badge badge--warn'}>{owner(item)}</span>
          </div>
          <p className="worklist-text">{item.citizenName ?? item.citizenAddress}{item.subject ? ` · ${item.subject}` : ''}</p>
          <div className="muted">{format.dateTime(item.lastMessageAt)}</div>
        </li>
      ))}
    </ul>
  );
}
