import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { commonMessages } from '../shared/i18n/common.js';
import { useMessages } from '../shared/i18n/i18n.js';
import { LanguageSwitch } from '../shared/layout/Shell.js';
import { useFormat } from '../shared/format/use-format.js';
import { ErrorNote, Loading, useErrorText } from '../shared/ui/states.js';
import { AttachmentPicker } from './AttachmentPicker.js';
import { lookup, publicFields, searchAnswers, sendRequest, type Receipt, type RequestInput, type Ticket } from './api.js';
import { publicMessages } from './messages.js';
import './public.css';

type Section = 'request' | 'track' | 'answers';
const sections: Section[] = ['request', 'track', 'answers'];

/**
 * The citizens' portal (no sign-in, a phone's screen first): send a request (R9) and get the receipt code (R16),
 * track it with the code and the phone number, read and search the published answers (R17, personal data masked).
 */
export default function PublicPortal() {
  const t = useMessages(publicMessages);
  const common = useMessages(commonMessages);
  const [section, setSection] = useState<Section>(() => (location.hash === '#tra-cuu' ? 'track' : location.hash === '#hoi-dap' ? 'answers' : 'request'));
  const [tracked, setTracked] = useState<{ code: string; phone: string } | null>(null);
  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        {common.skipToContent}
      </a>
      <header className="portal-header">
        <div className="portal-brand">
          <span className="shell-logo" aria-hidden="true">
            1022
          </span>
          <span>
            <span className="portal-title">{t.title}</span>
            <span className="portal-subtitle">{t.subtitle}</span>
          </span>
        </div>
        <LanguageSwitch />
      </header>
      <nav className="portal-nav" aria-label={t.sections.label}>
        {sections.map((name) => (
          <button key={name} type="button" className="portal-nav-item" aria-current={section === name ? 'page' : undefined} onClick={() => setSection(name)}>
            {t.sections[name]}
          </button>
        ))}
      </nav>
      <main id="main" className="portal-main" tabIndex={-1}>
        {section === 'request' && (
          <RequestForm
            onTrack={(code, phone) => {
              setTracked({ code, phone });
              setSection('track');
            }}
          />
        )}
        {section === 'track' && <Track initial={tracked} />}
        {section === 'answers' && <AnswerList />}
        <p className="portal-call muted">{t.call}</p>
      </main>
    </div>
  );
}

function RequestForm({ onTrack }: { onTrack: (code: string, phone: string) => void }) {
  const t = useMessages(publicMessages);
  const errorText = useErrorText();
  const fields = useQuery({ queryKey: ['public', 'fields'], queryFn: ({ signal }) => publicFields(signal), staleTime: 600_000 });
  const empty: RequestInput = { name: '', phone: '', address: '', email: '', fieldId: '', content: '' };
  const [input, setInput] = useState(empty);
  const [files, setFiles] = useState<File[]>([]);
  const [stage, setStage] = useState<'idle' | 'preparing' | 'solving' | 'sending'>('idle');
  const [sent, setSent] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStage('preparing');
    try {
      setReceipt(
        await sendRequest(input, files, {
          onSolving: () => setStage('solving'),
          onSending: (share) => {
            setStage('sending');
            setSent(Math.round(share * 100));
          },
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setStage('idle');
    }
  };
  if (receipt) {
    return (
      <section className="portal-card portal-receipt" aria-labelledby="receipt-heading" data-testid="receipt">
        <h1 id="receipt-heading">{t.request.sent}</h1>
        <p>{receipt.message}</p>
        {files.length > 0 && <p>{t.request.filesSent(files.length)}</p>}
        <p>{t.request.keepCode}</p>
        <p className="portal-code">{receipt.receiptCode}</p>
        <button type="button" className="button button--primary button--wide" onClick={() => onTrack(receipt.receiptCode, input.phone)}>
          {t.request.trackIt}
        </button>
        <button
          type="button"
          className="button button--wide"
          onClick={() => {
            setReceipt(null);
            setInput(empty);
            setFiles([]);
          }}
        >
          {t.request.another}
        </button>
      </section>
    );
  }
  const set = (key: keyof RequestInput) => (event: { target: { value: string } }) => setInput({ ...input, [key]: event.target.value });
  const busy = stage !== 'idle';
  return (
    <section className="portal-card" aria-labelledby="request-heading">
      <h1 id="request-heading">{t.request.heading}</h1>
      <form className="portal-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">
            {t.request.name} <span className="muted">{t.request.required}</span>
          </span>
          <input required maxLength={200} autoComplete="name" value={input.name} onChange={set('name')} />
        </label>
        <label className="field">
          <span className="field-label">
            {t.request.phone} <span className="muted">{t.request.required}</span>
          </span>
          <input required type="tel" inputMode="tel" maxLength={20} autoComplete="tel" value={input.phone} onChange={set('phone')} />
        </label>
        <label className="field">
          <span className="field-label">{t.request.address}</span>
          <input maxLength={500} autoComplete="street-address" value={input.address} onChange={set('address')} />
        </label>
        <label className="field">
          <span className="field-label">{t.request.email}</span>
          <input type="email" maxLength={200} autoComplete="email" value={input.email} onChange={set('email')} />
        </label>
        <label className="field">
          <span className="field-label">{t.request.field}</span>
          <select value={input.fieldId} onChange={set('fieldId')}>
            <option value="">{t.request.noField}</option>
            {(fields.data?.items ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">
            {t.request.content} <span className="muted">{t.request.required}</span>
          </span>
          <textarea required minLength={10} maxLength={5000} rows={6} value={input.content} onChange={set('content')} aria-describedby="content-hint" />
          <span id="content-hint" className="muted portal-hint">
            {t.request.contentHint}
          </span>
        </label>
        <AttachmentPicker files={files} onChange={setFiles} disabled={busy} />
        {busy && (
          <div role="status" className="portal-progress">
            {stage === 'sending' ? t.request.sending(sent) : stage === 'solving' ? t.request.solving : t.request.preparing}
            {stage === 'sending' && <progress max={100} value={sent} aria-label={t.request.sendingLabel} />}
          </div>
        )}
        {error !== null && (
          <p className="error-note" role="alert">
            {errorText(error)}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {t.request.send}
        </button>
      </form>
    </section>
  );
}

function Track({ initial }: { initial: { code: string; phone: string } | null }) {
  const t = useMessages(publicMessages);
  const errorText = useErrorText();
  const [code, setCode] = useState(initial?.code ?? '');
  const [phone, setPhone] = useState(initial?.phone ?? '');
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setTicket(await lookup(code, phone));
    } catch (failure) {
      setTicket(null);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="portal-card" aria-labelledby="track-heading">
      <h1 id="track-heading">{t.track.heading}</h1>
      <p className="muted">{t.track.intro}</p>
      <form className="portal-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{t.track.code}</span>
          <input required maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} placeholder={t.track.codeHint} autoCapitalize="characters" />
        </label>
        <label className="field">
          <span className="field-label">{t.track.phone}</span>
          <input required type="tel" inputMode="tel" maxLength={20} value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {t.track.search}
        </button>
      </form>
      {error !== null && (
        <p className="error-note" role="alert">
          {errorText(error)}
        </p>
      )}
      {ticket && <TicketCard ticket={ticket} />}
    </section>
  );
}

function TicketCard({ ticket }: { ticket: Ticket }) {
  const t = useMessages(publicMessages);
  const format = useFormat();
  return (
    <div className="portal-ticket" data-testid="tracked-ticket" aria-live="polite">
      <h2 className="portal-code">{ticket.receiptCode}</h2>
      <dl className="portal-facts">
        <dt>{t.track.status}</dt>
        <dd>
          <span className="badge">{ticket.statusLabel}</span>
        </dd>
        {ticket.field && (
          <>
            <dt>{t.track.field}</dt>
            <dd>{ticket.field}</dd>
          </>
        )}
        <dt>{t.track.sender}</dt>
        <dd>{[ticket.citizenName, ticket.citizenPhone].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t.track.received}</dt>
        <dd>{format.dateTime(ticket.receivedAt)}</dd>
        {ticket.dueAt && !ticket.resolvedAt && (
          <>
            <dt>{t.track.due}</dt>
            <dd>{format.dateTime(ticket.dueAt)}</dd>
          </>
        )}
        {ticket.resolvedAt && (
          <>
            <dt>{t.track.resolved}</dt>
            <dd>{format.dateTime(ticket.resolvedAt)}</dd>
          </>
        )}
      </dl>
      <h3>{t.track.result}</h3>
      <p className="portal-answer">{ticket.result ?? t.track.noResult}</p>
    </div>
  );
}

function AnswerList() {
  const t = useMessages(publicMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const [q, setQ] = useState('');
  const answers = useQuery({ queryKey: ['public', 'answers', q.trim()], queryFn: ({ signal }) => searchAnswers(q, signal), placeholderData: (previous) => previous });
  return (
    <section className="portal-card" aria-labelledby="answers-heading">
      <h1 id="answers-heading">{t.answers.heading}</h1>
      <label className="field">
        <span className="field-label">{t.answers.search}</span>
        <input type="search" maxLength={200} value={q} placeholder={t.answers.searchHint} onChange={(e) => setQ(e.target.value)} />
      </label>
      {answers.isPending && <Loading label={common.loading} />}
      {answers.isError && <ErrorNote error={answers.error} onRetry={() => void answers.refetch()} />}
      {answers.data && (
        <>
          <p className="muted" role="status">
            {answers.data.total > 0 ? t.answers.total(answers.data.total) : t.answers.none}
          </p>
          <ul className="portal-answers" data-testid="answers">
            {answers.data.items.map((a) => (
              <li key={a.receiptCode} className="portal-answer-item">
                <p className="muted">
                  {a.receiptCode}
                  {a.resolvedAt ? ` · ${format.date(a.resolvedAt)}` : ''}
                  {a.field ? ` · ${a.field}` : ''}
                </p>
                <p>
                  <strong>{t.answers.question}:</strong> {a.question}
                </p>
                {a.result && (
                  <p>
                    <strong>{t.answers.answer}:</strong> {a.result}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
