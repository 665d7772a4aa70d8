import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { Static } from 'typebox';
import type { KbEntryView, KbSearchHit } from '@server/kb/schemas.js';
import { api } from '../../shared/api/client.js';
import { defineMessages, useMessages } from '../../shared/i18n/i18n.js';
import { ErrorNote } from '../../shared/ui/states.js';

type Hit = Static<typeof KbSearchHit>;
type Entry = Static<typeof KbEntryView>;

const messages = defineMessages(
  {
    title: 'Tra cứu hỏi đáp',
    label: 'Tìm câu hỏi, thủ tục (gõ không dấu cũng được)',
    placeholder: 'ví dụ: cap ho chieu',
    results: (n: number) => `${n} kết quả`,
    none: 'Không tìm thấy câu trả lời nào',
    show: 'Xem câu trả lời',
    hide: 'Thu gọn',
  },
  {
    title: 'Knowledge base',
    label: 'Search questions and procedures (accents optional)',
    placeholder: 'e.g. cap ho chieu',
    results: (n: number) => `${n} results`,
    none: 'No answer found',
    show: 'Show the answer',
    hide: 'Hide',
  },
);

/** Debounced by `ms`: the value once the operator stops typing. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Beside the ticket: the answers to read out (R19), found as the operator types (the server's accent-free search). */
export function KbSearch() {
  const t = useMessages(messages);
  const inputId = useId();
  const [text, setText] = useState('');
  const q = useSettled(text.trim(), 200);
  const hits = useQuery({
    queryKey: ['operator', 'kb', q],
    queryFn: ({ signal }) => api.get<Hit[]>('/api/kb/search', { q, limit: 8 }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  return (
    <section className="panel kb" aria-labelledby={`${inputId}-title`} role="search">
      <h2 id={`${inputId}-title`}>{t.title}</h2>
      <label className="field" htmlFor={inputId}>
        <span className="field-label">{t.label}</span>
      </label>
      <input id={inputId} type="search" value={text} placeholder={t.placeholder} maxLength={200} onChange={(e) => setText(e.target.value)} className="kb-input" />
      {hits.isError && <ErrorNote error={hits.error} />}
      {q && hits.data && (
        <div aria-live="polite">
          <p className="muted kb-count">{hits.data.length === 0 ? t.none : t.results(hits.data.length)}</p>
          <ul className="kb-results">
            {hits.data.map((hit) => (
              <KbHit key={hit.id} hit={hit} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function KbHit({ hit }: { hit: Hit }) {
  const [open, setOpen] = useState(false);
  const entry = useQuery({
    queryKey: ['operator', 'kb-entry', hit.id],
    queryFn: ({ signal }) => api.get<Entry>(`/api/kb/${hit.id}`, undefined, signal),
    enabled: open,
    staleTime: 60_000,
  });
  return (
    <li className="kb-hit">
      <button type="button" className="kb-question" aria-expanded={open} onClick={() => setOpen(!open)}>
        {hit.question}
      </button>
      <p className="kb-answer">{open ? (entry.data?.answer ?? hit.answerExcerpt) : hit.answerExcerpt}</p>
    </li>
  );
}
