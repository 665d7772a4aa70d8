import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { useMe } from '../../shared/session/session.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { useNow } from '../../shared/ui/use-now.js';
import { conversationKey, conversationsKey, useConversation, type Conversation, type Detail, type Message } from './api.js';
import { conversationMessages } from './messages.js';

/**
 * One conversation (issue 15, R16): the citizen's messages and ours with their delivery state, the ticket it is on,
 * claim, reply or answer on the same channel; Facebook's 24-hour window said before the operator writes.
 */
export function ConversationPanel({ id, onClose, onOpenTicket }: { id: string; onClose: () => void; onOpenTicket: (ticketId: string) => void }) {
  const common = useMessages(commonMessages);
  const detail = useConversation(id);
  if (detail.isPending) return <Loading label={common.loading} />;
  if (detail.isError) return <ErrorNote error={detail.error} onRetry={() => void detail.refetch()} />;
  return <Thread key={id} detail={detail.data} onClose={onClose} onOpenTicket={onOpenTicket} />;
}

function Thread({ detail, onClose, onOpenTicket }: { detail: Detail; onClose: () => void; onOpenTicket: (ticketId: string) => void }) {
  const t = useMessages(conversationMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const me = useMe();
  const client = useQueryClient();
  const now = useNow(30_000);
  const c = detail.conversation;
  const [body, setBody] = useState('');
  const refresh = () => {
    void client.invalidateQueries({ queryKey: conversationKey(c.id) });
    void client.invalidateQueries({ queryKey: conversationsKey });
  };
  const claim = useMutation({ mutationFn: () => api.post<Conversation>(`/api/conversations/${c.id}/claim`), onSuccess: refresh });
  const reply = useMutation({
    mutationFn: (final: boolean) => api.post<Message>(`/api/conversations/${c.id}/reply`, { body: body.trim(), final }),
    onSuccess: () => {
      setBody('');
      refresh();
    },
  });
  const mine = c.claimedBy === me.data?.id;
  const windowClosed = c.replyWindowClosesAt !== null && Date.parse(c.replyWindowClosesAt) <= now;
  const canReply = mine && !windowClosed;
  const send = (final: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    if (body.trim() !== '') reply.mutate(final);
  };
  return (
    <section className="panel conversation" aria-labelledby="conversation-heading" data-testid="conversation">
      <div className="panel-title">
        <h2 id="conversation-heading">{t.heading(common.channel[c.channel], c.receiptCode)}</h2>
        <button type="button" className="button button--small button--quiet" onClick={onClose}>
          {t.close}
        </button>
      </div>
      <dl className="conversation-facts">
        <dt>{t.from}</dt>
        <dd>{c.citizenName ? `${c.citizenName} (${c.citizenAddress})` : c.citizenAddress}</dd>
        {c.subject && (
          <>
            <dt>{t.subject}</dt>
            <dd>{c.subject}</dd>
          </>
        )}
        <dt>{t.ticket}</dt>
        <dd>
          <span className="badge">{common.ticketStatus[c.ticketStatus]}</span>{' '}
          <button type="button" className="link-button" onClick={() => onOpenTicket(c.ticketId)}>
            {t.openTicket(c.receiptCode)}
          </button>
        </dd>
      </dl>
      <h3 className="visually-hidden">{t.thread}</h3>
      <ol className="conversation-thread" aria-label={t.thread}>
        {detail.messages.map((m) => (
          <li key={m.id} className={m.direction === 'in' ? 'bubble bubble--in' : 'bubble bubble--out'} data-testid="conversation-message">
            <div className="bubble-head">
              <strong>{m.direction === 'in' ? t.citizen : t.ours}</strong>
              <span className="muted">{t.kind[m.kind]}</span>
              <span className="muted">{format.dateTime(m.sentAt ?? m.createdAt)}</span>
              {m.status && (
                <span className={m.status === 'sent' ? 'badge badge--ok' : m.status === 'failed' ? 'badge badge--danger' : 'badge badge--warn'} data-testid="delivery">
                  {t.status[m.status]}
                  {m.status !== 'sent' && m.attempts > 1 ? ` (${t.attempts(m.attempts)})` : ''}
                </span>
              )}
            </div>
            <p className="bubble-body">{m.body}</p>
            {m.attachments.length > 0 && (
              // The citizen's files, kept as ticket attachments: each download is checked and audited by the server.
              <ul className="bubble-files" aria-label={t.files} data-testid="conversation-files">
                {m.attachments.map((file) => (
                  <li key={file.id}>
                    <a href={`/api/attachments/${file.id}/file`} download={file.fileName} aria-label={t.download(file.fileName)}>
                      {file.fileName}
                    </a>{' '}
                    <span className="muted">({t.size(Math.max(1, Math.round(file.sizeBytes / 1024)))})</span>
                  </li>
                ))}
              </ul>
            )}
            {m.status === 'failed' && m.lastError && (
              <p className="bubble-error" data-testid="delivery-error">
                {t.why(m.lastError)}
              </p>
            )}
          </li>
        ))}
      </ol>
      {c.replyWindowClosesAt && (
        <p className={windowClosed ? 'conversation-window conversation-window--closed' : 'conversation-window muted'} role={windowClosed ? 'alert' : undefined}>
          {windowClosed ? t.windowClosed : t.windowOpen(format.dateTime(c.replyWindowClosesAt))}
        </p>
      )}
      {!mine && (
        <div className="conversation-claim">
          {c.claimedBy && <span className="muted">{t.claimedByOther} · </span>}
          <span className="muted">{t.claimFirst}</span>{' '}
          <button type="button" className="button button--primary button--small" disabled={claim.isPending} onClick={() => claim.mutate()}>
            {t.claim}
          </button>
          {claim.isError && <ErrorNote error={claim.error} />}
        </div>
      )}
      {mine && !windowClosed && (
        <form className="conversation-reply" onSubmit={send(false)}>
          <label className="field">
            <span className="field-label">{t.reply}</span>
            <textarea rows={3} maxLength={5000} value={body} disabled={!canReply} onChange={(e) => setBody(e.target.value)} aria-describedby="conversation-reply-hint" />
          </label>
          <p id="conversation-reply-hint" className="muted">
            {t.replyHint}
          </p>
          <div className="conversation-actions">
            <button type="submit" className="button button--primary" disabled={reply.isPending || body.trim() === ''}>
              {t.send}
            </button>
            <button type="button" className="button" disabled={reply.isPending || body.trim() === ''} onClick={() => send(true)()}>
              {t.sendFinal}
            </button>
            {reply.isSuccess && <span className="save-status save-status--saved" role="status">{t.sent}</span>}
          </div>
          {reply.isError && <ErrorNote error={reply.error} />}
        </form>
      )}
    </section>
  );
}
