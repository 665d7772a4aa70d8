import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { useQueryClient } from '@tanstack/react-query';
import { useServerEvent } from '../../shared/socket/socket.js';
import { ticketKey, useAgencies, useFields, useTicket, type Ticket } from './api.js';
import { phonePattern, useAutosave, type SaveState } from './autosave.js';
import { CompleteStep } from './CompleteStep.js';
import { ticketMessages } from './messages.js';

const editable = new Set<Ticket['status']>(['received', 'returned']);

/** The ticket being written: loaded once, then saved as typed; completed in a last, explicit step. */
export function TicketPanel({ ticketId, onClose }: { ticketId: string; onClose: () => void }) {
  const common = useMessages(commonMessages);
  const ticket = useTicket(ticketId);
  const client = useQueryClient();
  // Moved on elsewhere (forwarded by a transfer, answered by a supervisor…): read it again. Our own edits are not news.
  useServerEvent('ticket.updated.v1', (event) => {
    if (event.id === ticketId && event.event !== 'edited') void client.invalidateQueries({ queryKey: ticketKey(ticketId) });
  });
  if (ticket.isPending) return <Loading label={common.loading} />;
  if (ticket.isError) return <ErrorNote error={ticket.error} onRetry={() => void ticket.refetch()} />;
  // Keyed by id: another ticket starts a fresh form.
  return editable.has(ticket.data.status) ? <TicketForm key={ticket.data.id} ticket={ticket.data} onClose={onClose} /> : <TicketDone ticket={ticket.data} onClose={onClose} />;
}

function TicketForm({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const t = useMessages(ticketMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const fields = useFields();
  const { draft, update, state, flush } = useAutosave(ticket);
  const phoneInvalid = draft.citizenPhone.trim() !== '' && !phonePattern.test(draft.citizenPhone.trim());

  return (
    <section className="panel ticket" aria-labelledby="ticket-heading" data-testid="ticket-form">
      <div className="panel-title">
        <h2 id="ticket-heading">
          {t.title(ticket.receiptCode)} {ticket.draft && <span className="badge badge--warn">{common.draft}</span>}
        </h2>
        <SaveStatus state={state} onRetry={() => void flush()} />
      </div>
      {ticket.draft && <p className="muted">{t.draftHint}</p>}
      {ticket.dueAt && <p className="muted">{t.deadline(format.dateTime(ticket.dueAt))}</p>}
      <div className="ticket-grid">
        <label className="field">
          <span className="field-label">{t.name}</span>
          <input value={draft.citizenName} maxLength={200} autoComplete="off" onChange={(e) => update('citizenName', e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t.phone}</span>
          <input
            value={draft.citizenPhone}
            inputMode="tel"
            maxLength={20}
            autoComplete="off"
            aria-invalid={phoneInvalid}
            aria-describedby={phoneInvalid ? 'ticket-phone-error' : undefined}
            onChange={(e) => update('citizenPhone', e.target.value)}
          />
          {phoneInvalid && (
            <span id="ticket-phone-error" className="field-error">
              {t.phoneInvalid}
            </span>
          )}
        </label>
        <label className="field ticket-grid-wide">
          <span className="field-label">{t.address}</span>
          <input value={draft.citizenAddress} maxLength={500} autoComplete="off" onChange={(e) => update('citizenAddress', e.target.value)} />
        </label>
        <Field label={t.field} className="field ticket-grid-wide">
          {(id) => (
            <select id={id} value={draft.fieldId} onChange={(e) => update('fieldId', e.target.value)}>
              <option value="">{t.noField}</option>
              {fields.data?.map((field) => (
                <option key={field.id} value={field.id}>
                  {field.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="field urgency ticket-grid-wide">
          <legend className="field-label">{t.urgency}</legend>
          <div className="choice-row">
            {(['normal', 'urgent'] as const).map((level) => (
              <label key={level} className="radio">
                <input type="radio" name={`urgency-${ticket.id}`} value={level} checked={draft.urgency === level} onChange={() => update('urgency', level)} />
                {common.urgency[level]}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field ticket-grid-wide">
          <span className="field-label">{t.content}</span>
          <textarea
            rows={5}
            maxLength={10_000}
            value={draft.content}
            placeholder={t.contentPlaceholder}
            onChange={(e) => update('content', e.target.value)}
            data-testid="ticket-content"
          />
        </label>
      </div>
      <CompleteStep ticket={ticket} contentWritten={draft.content.trim() !== ''} flush={flush} onClose={onClose} />
    </section>
  );
}

function SaveStatus({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const t = useMessages(ticketMessages);
  const format = useFormat();
  const errorText = useErrorText();
  if (state.kind === 'error') {
    return (
      <span className="save-status save-status--error" role="alert">
        {t.save.error(errorText(state.error))}{' '}
        <button type="button" className="button button--small" onClick={onRetry}>
          {t.retrySave}
        </button>
      </span>
    );
  }
  const text = state.kind === 'saved' ? t.save.saved(format.time(new Date(state.at))) : t.save[state.kind];
  return (
    <span className={`save-status save-status--${state.kind}`} role="status" data-testid="save-status">
      {text}
    </span>
  );
}

/** A ticket no longer at the hotline (answered, forwarded, …): what became of it. */
function TicketDone({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const t = useMessages(ticketMessages);
  const common = useMessages(commonMessages);
  const agencies = useAgencies();
  const agency = agencies.data?.find((a) => a.id === ticket.agencyId);
  return (
    <section className="panel ticket ticket--done" aria-labelledby="ticket-heading" data-testid="ticket-done">
      <div className="panel-title">
        <h2 id="ticket-heading">{t.title(ticket.receiptCode)}</h2>
        <button type="button" className="button" onClick={onClose}>
          {t.close}
        </button>
      </div>
      <p>
        <strong>{t.done.title}.</strong> {t.done.status(common.ticketStatus[ticket.status])}
      </p>
      {agency && <p>{t.done.agency(agency.name)}</p>}
      <p className="ticket-content-read">{ticket.content}</p>
    </section>
  );
}
