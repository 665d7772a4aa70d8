import { useState, type FormEvent } from 'react';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote } from '../../shared/ui/states.js';
import { useAgencies } from '../ticket-form/api.js';
import { useTransfer, useTransferAction, type Transfer } from './api.js';
import { transferMessages } from './messages.js';

const live = new Set<Transfer['state']>(['dialing', 'consulting', 'ringing']);

/**
 * During a call: transfer the caller to an agency's hotline (R6), attended (consult, then complete or cancel) or
 * blind, forwarding the call's ticket to the same agency (R7); the outcome stays shown when the hotline does not answer.
 */
export function TransferPanel({ callId, ticket, canStart }: { callId: string; ticket: { id: string; receiptCode: string } | null; canStart: boolean }) {
  const t = useMessages(transferMessages);
  const format = useFormat();
  const agencies = useAgencies();
  const transfer = useTransfer(callId);
  const action = useTransferAction(callId);
  const [agencyId, setAgencyId] = useState('');
  const [mode, setMode] = useState<'attended' | 'blind'>('attended');
  const [forward, setForward] = useState(true);
  const current = transfer.data ?? null;
  // A transfer on its way or completed leaves nothing to start: the caller is (being) handed over.
  const done = current !== null && (live.has(current.state) || current.state === 'completed' || current.state === 'caller_gone');
  const agencyName = (view: Transfer) => agencies.data?.find((a) => a.id === view.agencyId)?.name ?? t.hotline(format.phone(view.number));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!agencyId) return;
    action.mutate({ type: 'start', body: { mode, agencyId, ...(forward && ticket ? { ticketId: ticket.id } : {}) } });
  };

  return (
    <section className="panel transfer" aria-labelledby="transfer-heading" data-testid="transfer">
      <h2 id="transfer-heading">{t.title}</h2>
      {current && <TransferOutcome view={current} agency={agencyName(current)} />}
      {current?.state === 'dialing' || current?.state === 'consulting' ? (
        <div className="transfer-actions">
          <button type="button" className="button button--primary" disabled={current.state !== 'consulting' || action.isPending} onClick={() => action.mutate({ type: 'complete' })}>
            {t.complete}
          </button>
          <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate({ type: 'cancel' })}>
            {t.cancel}
          </button>
        </div>
      ) : (
        canStart &&
        !done && (
          <form className="transfer-form" onSubmit={submit}>
            <Field label={t.agency}>
              {(id) => (
                <select id={id} value={agencyId} onChange={(e) => setAgencyId(e.target.value)} required>
                  <option value="">{t.chooseAgency}</option>
                  {agencies.data?.map((agency) => (
                    <option key={agency.id} value={agency.id} disabled={!agency.hotline}>
                      {agency.name} — {agency.hotline ? format.phone(agency.hotline) : t.noHotline}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <fieldset className="field">
              <legend className="field-label">{t.mode}</legend>
              <div className="choice-row">
                <label className="radio">
                  <input type="radio" name="transfer-mode" checked={mode === 'attended'} onChange={() => setMode('attended')} />
                  {t.attended}
                </label>
                <label className="radio">
                  <input type="radio" name="transfer-mode" checked={mode === 'blind'} onChange={() => setMode('blind')} />
                  {t.blind}
                </label>
              </div>
            </fieldset>
            {ticket && (
              <label className="checkbox">
                <input type="checkbox" checked={forward} onChange={(e) => setForward(e.target.checked)} />
                {t.forwardTicket(ticket.receiptCode)}
              </label>
            )}
            <button type="submit" className="button button--primary" disabled={!agencyId || action.isPending}>
              {t.start}
            </button>
          </form>
        )
      )}
      {action.isError && <ErrorNote error={action.error} />}
    </section>
  );
}

function TransferOutcome({ view, agency }: { view: Transfer; agency: string }) {
  const t = useMessages(transferMessages);
  const tone = view.state === 'completed' ? 'ok' : view.state === 'failed' || view.state === 'caller_gone' ? 'danger' : view.state === 'cancelled' ? 'warn' : 'info';
  let text: string;
  switch (view.state) {
    case 'dialing':
    case 'consulting':
    case 'ringing':
    case 'completed':
      text = t.state[view.state](agency);
      break;
    case 'failed':
      text = `${t.state.failed(agency, t.failure[view.failure ?? 'no_answer'])} ${view.mode === 'attended' ? t.failedAttended : t.failedBlind}`;
      break;
    default:
      text = t.state[view.state];
  }
  return (
    <div className={`transfer-outcome transfer-outcome--${tone}`} role="status" data-testid="transfer-state" data-state={view.state}>
      <p>{text}</p>
      {view.ticketForwarded && <p>{t.ticketForwarded}</p>}
    </div>
  );
}
