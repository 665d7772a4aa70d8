import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { TicketSummary } from '@server/tickets/schemas.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';

type Summary = Static<typeof TicketSummary>;
type MaskKind = keyof (typeof adminMessages)['vi']['publish']['kinds'];
interface Preview {
  question: string;
  answer: string;
  masked: MaskKind[];
  published: boolean;
}
const listKey = ['publish', 'closed-tickets'] as const;

/**
 * Publishing answers on the public portal (R17), for supervisors and admins: a closed ticket, its preview with
 * personal data masked by the server (editable), then publish exactly that version, or withdraw it. Self-contained
 * (its own queries), so the supervisor desk can mount it too.
 */
export function PublishAnswers() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const [selected, setSelected] = useState<Summary | null>(null);
  const list = useQuery({
    queryKey: listKey,
    queryFn: ({ signal }) => api.get<{ items: Summary[] }>('/api/tickets', { status: ['answered', 'resolved'], limit: 50 }, signal),
  });
  return (
    <div className="admin-grid">
      <section className="panel" aria-labelledby="publish-heading">
        <h1 id="publish-heading">{t.publish.heading}</h1>
        <p className="muted">{t.publish.intro}</p>
        {list.isPending && <Loading label={common.loading} />}
        {list.isError && <ErrorNote error={list.error} onRetry={() => void list.refetch()} />}
        {list.data?.items.length === 0 && <p className="muted">{t.publish.empty}</p>}
        {list.data && list.data.items.length > 0 && (
          <ul className="admin-versions" aria-label={t.publish.list} data-testid="publish-list">
            {list.data.items.map((item) => (
              <li key={item.id}>
                <button type="button" className="button button--small" aria-pressed={selected?.id === item.id} aria-label={t.publish.open(item.receiptCode)} onClick={() => setSelected(item)}>
                  {item.receiptCode}
                </button>
                <span className="badge">{common.ticketStatus[item.status]}</span>
                <span className="muted">{format.dateTime(item.receivedAt)}</span>
                <span>{item.contentPreview}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {selected ? <PublishOne key={selected.id} ticket={selected} /> : <p className="panel muted">{t.publish.choose}</p>}
    </div>
  );
}

function PublishOne({ ticket }: { ticket: Summary }) {
  const t = useMessages(adminMessages);
  const errorText = useErrorText();
  const client = useQueryClient();
  const [draft, setDraft] = useState<{ question: string; answer: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const preview = useMutation({
    mutationFn: (body: { question?: string; answer?: string }) => api.post<Preview>(`/api/tickets/${ticket.id}/publication/preview`, body),
    onSuccess: (result) => setDraft({ question: result.question, answer: result.answer }),
  });
  // The first preview: the ticket's own question and answer, masked by the server; the draft starts from it.
  const initial = useQuery({
    queryKey: ['publish', 'preview', ticket.id],
    queryFn: () => api.post<Preview>(`/api/tickets/${ticket.id}/publication/preview`, {}),
    staleTime: Infinity,
    gcTime: 0,
  });
  const [source, setSource] = useState<Preview | undefined>(undefined);
  if (initial.data && initial.data !== source) {
    setSource(initial.data);
    setDraft({ question: initial.data.question, answer: initial.data.answer });
  }
  const publish = useMutation({
    mutationFn: () => api.put(`/api/tickets/${ticket.id}/publication`, draft),
    onSuccess: () => {
      setDone(t.publish.done);
      void client.invalidateQueries({ queryKey: listKey });
    },
  });
  const withdraw = useMutation({
    mutationFn: () => api.delete(`/api/tickets/${ticket.id}/publication`),
    onSuccess: () => setDone(t.publish.withdrawn),
  });
  const latest = preview.data ?? initial.data;
  const masked = latest?.masked ?? [];
  return (
    <section className="panel" aria-labelledby="publish-one-heading" data-testid="publish-preview">
      <h2 id="publish-one-heading">{ticket.receiptCode}</h2>
      {initial.isPending && <p role="status">{t.publish.preview}…</p>}
      {initial.isError && <ErrorNote error={initial.error} />}
      {draft && (
        <div className="admin-page">
          <p className={masked.length ? 'admin-warn' : 'admin-ok'}>{masked.length ? t.publish.masked(masked.map((k) => t.publish.kinds[k]).join(', ')) : t.publish.nothingMasked}</p>
          <label className="field">
            <span className="field-label">{t.publish.question}</span>
            <textarea rows={4} maxLength={10000} value={draft.question} onChange={(e) => setDraft({ ...draft, question: e.target.value })} />
          </label>
          <label className="field">
            <span className="field-label">{t.publish.answer}</span>
            <textarea rows={5} maxLength={10000} value={draft.answer} onChange={(e) => setDraft({ ...draft, answer: e.target.value })} />
          </label>
          <div className="admin-row-actions">
            <button type="button" className="button" disabled={preview.isPending} onClick={() => preview.mutate(draft)}>
              {t.publish.preview}
            </button>
            <button type="button" className="button button--primary" disabled={publish.isPending || preview.isPending} onClick={() => publish.mutate()}>
              {t.publish.publish}
            </button>
            {(latest?.published || done === t.publish.done) && (
              <button type="button" className="button button--danger" disabled={withdraw.isPending} onClick={() => withdraw.mutate()}>
                {t.publish.withdraw}
              </button>
            )}
          </div>
        </div>
      )}
      {done && (
        <p className="admin-ok" role="status">
          {done}
        </p>
      )}
      {(preview.isError || publish.isError || withdraw.isError) && (
        <p className="error-note" role="alert">
          {errorText(preview.error ?? publish.error ?? withdraw.error)}
        </p>
      )}
    </section>
  );
}
