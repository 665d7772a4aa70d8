import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { commonMessages } from '../shared/i18n/common.js';
import { useMessages } from '../shared/i18n/i18n.js';
import { useFormat } from '../shared/format/use-format.js';
import { isLocalDateTime } from '../shared/format/time-of-day.js';
import { ErrorNote, Loading, useErrorText } from '../shared/ui/states.js';
import { DateTimeInput } from '../shared/ui/TimeInput.js';
import { uploadResultFile, useFieldNames, useTicket, useTransition, type Detail } from './api.js';
import { agencyMessages } from './messages.js';
import { timeLeftText } from './time-left.js';

/** One ticket of the agency: what the citizen asked, the deadline, the files, the log, and what to do next. */
export function TicketView({ id }: { id: string }) {
  const t = useMessages(agencyMessages);
  const common = useMessages(commonMessages);
  const ticket = useTicket(id);
  const back = (
    <p>
      <Link href="/">← {t.ticket.back}</Link>
    </p>
  );
  if (ticket.isPending) return <Loading label={common.loading} />;
  if (ticket.isError)
    return (
      <div className="agency-ticket">
        {back}
        <ErrorNote error={ticket.error} onRetry={() => void ticket.refetch()} />
      </div>
    );
  return (
    <div className="agency-ticket">
      {back}
      <div className="agency-ticket-grid">
        <div>
          <Facts ticket={ticket.data} />
          <Files ticket={ticket.data} />
          <Log ticket={ticket.data} />
        </div>
        <Actions ticket={ticket.data} />
      </div>
    </div>
  );
}

function Facts({ ticket }: { ticket: Detail }) {
  const t = useMessages(agencyMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const fieldNames = useFieldNames();
  const state = ticket.timeLeft?.state;
  return (
    <section className="panel" aria-labelledby="agency-ticket-heading">
      <div className="agency-ticket-head">
        <h1 id="agency-ticket-heading">{t.ticket.heading(ticket.receiptCode)}</h1>
        <span className="badge">{common.ticketStatus[ticket.status]}</span>
        {ticket.urgency === 'urgent' && <span className="badge badge--danger">{common.urgency.urgent}</span>}
        {state && (
          <span className={`badge ${state === 'overdue' ? 'badge--danger' : state === 'due_soon' ? 'badge--warn' : 'badge--ok'}`} data-testid="time-left">
            {t.timeLeft.state[state]} · {timeLeftText(t.timeLeft, ticket.timeLeft)}
          </span>
        )}
      </div>
      <h2>{t.ticket.content}</h2>
      <p className="agency-content">{ticket.content}</p>
      <dl className="agency-facts">
        <dt>{t.ticket.field}</dt>
        <dd>{(ticket.fieldId && fieldNames.get(ticket.fieldId)) ?? '—'}</dd>
        <dt>{t.ticket.name}</dt>
        <dd>{ticket.citizenName ?? '—'}</dd>
        <dt>{t.ticket.phone}</dt>
        <dd>{ticket.citizenPhone ? format.phone(ticket.citizenPhone) : '—'}</dd>
        <dt>{t.ticket.address}</dt>
        <dd>{ticket.citizenAddress ?? '—'}</dd>
        <dt>{t.ticket.received}</dt>
        <dd>{format.dateTime(ticket.receivedAt)}</dd>
        <dt>{t.ticket.forwarded}</dt>
        <dd>{ticket.forwardedAt ? format.dateTime(ticket.forwardedAt) : '—'}</dd>
        <dt>{t.ticket.due}</dt>
        <dd className={ticket.overdue ? 'agency-overdue' : undefined}>{ticket.dueAt ? format.dateTime(ticket.dueAt) : '—'}</dd>
        {ticket.appointmentAt && (
          <>
            <dt>{t.ticket.appointment}</dt>
            <dd>{format.dateTime(ticket.appointmentAt)}</dd>
          </>
        )}
        {ticket.resultText && (
          <>
            <dt>{t.ticket.result}</dt>
            <dd>{ticket.resultText}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Files({ ticket }: { ticket: Detail }) {
  const t = useMessages(agencyMessages);
  const format = useFormat();
  return (
    <section className="panel" aria-labelledby="agency-files-heading">
      <h2 id="agency-files-heading">{t.ticket.files}</h2>
      {ticket.attachments.length === 0 ? (
        <p className="muted">{t.ticket.noFiles}</p>
      ) : (
        <ul className="agency-files">
          {ticket.attachments.map((file) => (
            <li key={file.id}>
              <a href={`/api/attachments/${file.id}/file`} download={file.fileName} aria-label={t.ticket.download(file.fileName)}>
                {file.fileName}
              </a>{' '}
              <span className="muted">
                ({t.ticket.purpose[file.purpose]}, {Math.max(1, Math.round(file.sizeBytes / 1024))} KB, {format.dateTime(file.createdAt)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Log({ ticket }: { ticket: Detail }) {
  const t = useMessages(agencyMessages);
  const format = useFormat();
  return (
    <section className="panel" aria-labelledby="agency-log-heading">
      <h2 id="agency-log-heading">{t.ticket.log}</h2>
      <ol className="agency-log" data-testid="ticket-log">
        {ticket.events.map((event) => (
          <li key={event.id}>
            <span className="agency-log-time">{format.dateTime(event.at)}</span> <strong>{t.ticket.eventType[event.type] ?? event.type}</strong>
            {event.actorName && <span className="muted"> {t.ticket.by(event.actorAgencyName ? `${event.actorName} (${event.actorAgencyName})` : event.actorName)}</span>}
            {event.note && <p className="agency-log-note">{event.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

type Step = 'progress' | 'resolve' | 'return' | null;

function Actions({ ticket }: { ticket: Detail }) {
  const t = useMessages(agencyMessages);
  const transition = useTransition(ticket.id);
  const [step, setStep] = useState<Step>(null);
  const [done, setDone] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const errorText = useErrorText();
  const open = ticket.status === 'forwarded' || ticket.status === 'acknowledged';
  const finished = (text: string) => {
    setDone(text);
    setStep(null);
  };
  return (
    <section className="panel agency-actions" aria-labelledby="agency-actions-heading">
      <h2 id="agency-actions-heading">{t.actions.heading}</h2>
      {done && (
        <p className="agency-done" role="status">
          {done}
        </p>
      )}
      {!open && <p className="muted">{t.actions.closed}</p>}
      {ticket.status === 'forwarded' && (
        <>
          <p className="muted">{t.actions.ackFirst}</p>
          <button
            type="button"
            className="button button--primary button--wide"
            disabled={transition.isPending}
            onClick={() => transition.mutate({ action: 'acknowledge' }, { onSuccess: () => finished(t.actions.acknowledged) })}
          >
            {t.actions.acknowledge}
          </button>
        </>
      )}
      {transition.isError && step === null && (
        <p className="error-note" role="alert">
          {errorText(transition.error)}
        </p>
      )}
      {ticket.status === 'acknowledged' && (
        <div className="agency-steps">
          <button type="button" className="button" aria-expanded={step === 'progress'} onClick={() => setStep(step === 'progress' ? null : 'progress')}>
            {t.actions.progress}
          </button>
          <button type="button" className="button button--ok" aria-expanded={step === 'resolve'} onClick={() => setStep(step === 'resolve' ? null : 'resolve')}>
            {t.actions.resolve}
          </button>
        </div>
      )}
      {open && (
        <div className="agency-steps">
          <button type="button" className="button button--quiet" aria-expanded={step === 'return'} onClick={() => setStep(step === 'return' ? null : 'return')}>
            {t.actions.return}
          </button>
        </div>
      )}
      {step === 'progress' && <ProgressForm ticket={ticket} onDone={() => finished(t.actions.progressSent)} />}
      {step === 'resolve' && <ResolveForm ticket={ticket} onDone={() => finished(t.actions.resolved)} />}
      {step === 'return' && <ReturnForm ticket={ticket} onDone={() => navigate('/?returned=1')} />}
    </section>
  );
}

/** The appointment's date and time (24 h) are the browser's local time: fine for officers working in the business zone. */
function ProgressForm({ ticket, onDone }: { ticket: Detail; onDone: () => void }) {
  const t = useMessages(agencyMessages);
  const transition = useTransition(ticket.id);
  const errorText = useErrorText();
  const [note, setNote] = useState('');
  const [appointment, setAppointment] = useState('');
  const appointmentUnclear = appointment !== '' && !isLocalDateTime(appointment);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (appointmentUnclear) return;
    transition.mutate(
      { action: 'progress', note, ...(appointment ? { appointmentAt: new Date(appointment).toISOString() } : {}) },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="agency-form" onSubmit={submit}>
      <label className="field">
        <span className="field-label">{t.actions.progressNote}</span>
        <textarea required rows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <DateTimeInput label={t.actions.appointment} value={appointment} onChange={setAppointment} />
      {transition.isError && (
        <p className="error-note" role="alert">
          {errorText(transition.error)}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={transition.isPending || appointmentUnclear}>
        {t.actions.sendProgress}
      </button>
    </form>
  );
}

function ResolveForm({ ticket, onDone }: { ticket: Detail; onDone: () => void }) {
  const t = useMessages(agencyMessages);
  const transition = useTransition(ticket.id);
  const errorText = useErrorText();
  const [resultText, setResultText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setUploadError(null);
    setUploading(true);
    const attachmentIds: string[] = [];
    try {
      // One file a request (the server takes one per upload), then the step that binds them.
      for (const file of files) attachmentIds.push((await uploadResultFile(ticket.id, file)).id);
    } catch (error) {
      setUploadError(error);
      return;
    } finally {
      setUploading(false);
    }
    transition.mutate({ action: 'resolve', resultText, ...(attachmentIds.length ? { attachmentIds } : {}) }, { onSuccess: onDone });
  };
  return (
    <form className="agency-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span className="field-label">{t.actions.resultText}</span>
        <textarea required rows={5} maxLength={10000} value={resultText} onChange={(e) => setResultText(e.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">{t.actions.files}</span>
        <input type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 20))} />
      </label>
      {uploading && <p role="status">{t.actions.uploading}</p>}
      {(uploadError !== null || transition.isError) && (
        <p className="error-note" role="alert">
          {errorText(uploadError ?? transition.error)}
        </p>
      )}
      <button type="submit" className="button button--ok" disabled={uploading || transition.isPending}>
        {t.actions.sendResolve}
      </button>
    </form>
  );
}

function ReturnForm({ ticket, onDone }: { ticket: Detail; onDone: () => void }) {
  const t = useMessages(agencyMessages);
  const transition = useTransition(ticket.id);
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    transition.mutate({ action: 'return', reason }, { onSuccess: onDone });
  };
  return (
    <form className="agency-form" onSubmit={submit}>
      <label className="field">
        <span className="field-label">{t.actions.reason}</span>
        <textarea required rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {transition.isError && (
        <p className="error-note" role="alert">
          {errorText(transition.error)}
        </p>
      )}
      <button type="submit" className="button button--danger" disabled={transition.isPending}>
        {t.actions.sendReturn}
      </button>
    </form>
  );
}
