import { useState, type KeyboardEvent } from 'react';
import { commonMessages } from '../shared/i18n/common.js';
import { useMessages } from '../shared/i18n/i18n.js';
import { Shell } from '../shared/layout/Shell.js';
import { ErrorNote, Loading } from '../shared/ui/states.js';
import { leaveQueue, useAgent } from './agent-state/agent.js';
import { StateBar } from './agent-state/StateBar.js';
import { useCurrentCall, useOpenTicket } from './call/current-call.js';
import { Callbacks } from './callbacks/Callbacks.js';
import { ConversationPanel } from './conversations/ConversationPanel.js';
import { Conversations, useUnclaimedCount } from './conversations/Conversations.js';
import { KbSearch } from './kb/KbSearch.js';
import { deskMessages } from './messages.js';
import { MyTickets } from './my-tickets/MyTickets.js';
import { Notifications, useUnreadCount } from './notifications/Notifications.js';
import { ScreenPop } from './screen-pop/ScreenPop.js';
import { TicketPanel } from './ticket-form/TicketForm.js';
import { TransferPanel } from './transfer/TransferPanel.js';
import './operator.css';

/** The operator's desk (R4, R6, R7, R9, R19): one screen beside the phone, all day. */
export default function OperatorDesk() {
  const t = useMessages(deskMessages);
  return (
    <Shell title={t.title} beforeSignOut={leaveQueue}>
      <Desk />
    </Shell>
  );
}

function Desk() {
  const t = useMessages(deskMessages);
  const common = useMessages(commonMessages);
  const agent = useAgent();
  const [openTicketId, openTicket] = useOpenTicket();
  const call = useCurrentCall(agent.data, openTicket);
  const [conversationId, openConversation] = useState<string | null>(null);
  if (agent.isPending) return <Loading label={common.loading} />;
  if (agent.isError) return <ErrorNote error={agent.error} onRetry={() => void agent.refetch()} />;
  const state = agent.data.state;
  return (
    <div className="desk">
      <StateBar agent={agent.data} />
      <div className="desk-grid">
        <div className="desk-call" aria-label={t.callTitle} role="region">
          {call && <ScreenPop pop={call.pop} state={state} />}
          {conversationId && <ConversationPanel id={conversationId} onClose={() => openConversation(null)} onOpenTicket={openTicket} />}
          {openTicketId && <TicketPanel ticketId={openTicketId} onClose={() => openTicket(null)} />}
          {!call && !openTicketId && !conversationId && state !== 'ringing' && state !== 'on_call' && (
            <div className="panel desk-idle" data-testid="desk-idle">
              <p>{t.idle[state]}</p>
            </div>
          )}
        </div>
        <aside className="desk-side">
          {/* During the call the transfer is at hand, above the answers to read out. */}
          {call && (state === 'on_call' || state === 'wrap_up') && <TransferPanel callId={call.pop.callId} ticket={call.ticket} canStart={state === 'on_call'} />}
          <KbSearch />
          <SideTabs openTicketId={openTicketId} onOpenTicket={openTicket} conversationId={conversationId} onOpenConversation={openConversation} />
        </aside>
      </div>
    </div>
  );
}

type Tab = 'callbacks' | 'tickets' | 'messages' | 'notifications';
const tabs: Tab[] = ['tickets', 'messages', 'callbacks', 'notifications'];

/** Keyboard: arrows move between tabs (WAI-ARIA tabs pattern). */
function SideTabs({
  openTicketId,
  onOpenTicket,
  conversationId,
  onOpenConversation,
}: {
  openTicketId: string | null;
  onOpenTicket: (id: string) => void;
  conversationId: string | null;
  onOpenConversation: (id: string) => void;
}) {
  const t = useMessages(deskMessages);
  const [tab, setTab] = useState<Tab>('tickets');
  const unread = useUnreadCount();
  const unclaimed = useUnclaimedCount();
  const onKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length] ?? 'tickets';
    setTab(next);
    document.getElementById(`desk-tab-${next}`)?.focus();
  };
  return (
    <section className="panel desk-tabs">
      <div role="tablist" aria-label={t.tabs.label} className="tablist" onKeyDown={onKey}>
        {tabs.map((name) => (
          <button
            key={name}
            id={`desk-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={`desk-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className="tab"
            onClick={() => setTab(name)}
          >
            {t.tabs[name]}
            {name === 'notifications' && unread > 0 && <span className="badge badge--danger tab-count">{unread}</span>}
            {name === 'messages' && unclaimed > 0 && (
              <span className="badge badge--danger tab-count" data-testid="messages-count">
                {unclaimed}
                <span className="visually-hidden"> {t.tabs.unclaimed}</span>
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`desk-panel-${tab}`} aria-labelledby={`desk-tab-${tab}`} className="tabpanel" tabIndex={0}>
        {tab === 'tickets' && <MyTickets openTicketId={openTicketId} onOpen={onOpenTicket} />}
        {tab === 'messages' && <Conversations openId={conversationId} onOpen={onOpenConversation} />}
        {tab === 'callbacks' && <Callbacks />}
        {tab === 'notifications' && <Notifications />}
      </div>
    </section>
  );
}
