import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useMessages } from '../../shared/i18n/i18n.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote } from '../../shared/ui/states.js';
import { ticketKey, transitionTicket, useAgencies, type Ticket, type Transition } from './api.js';
import { ticketMessages } from './messages.js';

type Outcome = 'answer' | 'forward' | 'refuse' | 'later';

/**
 * The last step of a ticket, apart from the typing: answered at the hotline (R11), forwarded to an agency (R12),
 * refused (R10), or left for later. What was typed is saved first.
 */
export function CompleteStep({ ticket, contentWritten, flush, onClose }: { ticket: Ticket; contentWritten: boolean; flush: () => Promise<void>; onClose: () => void }) {
  const t = useMessages(ticketMessages).complete;
  const client = useQueryClient();
  const agencies = useAgencies();
  const [outcome, setOutcome] = useState<Outcome>('forward');
  const [answerText, setAnswerText] = useState('');
  const [agencyId, setAgencyId] = useState(ticket.agencyId ?? '');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const complete = useMutation({
    mutationFn: async (body: Transition) => {
      await flush();
      return transitionTicket(ticket.id, body);
    },
    onSuccess: ({ ticket: saved }) => client.setQueryData(ticketKey(saved.id), saved),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (outcome === 'later') {
      void flush().then(onClose);
      return;
    }
    if (!contentWritten) return setProblem(t.needContent);
    if (outcome === 'answer') {
      if (!answerText.trim()) return setProblem(t.needAnswer);
      complete.mutate({ action: 'answer', resultText: answerText.trim() });
    } else if (outcome === 'forward') {
      if (!agencyId) return setProblem(t.needAgency);
      complete.mutate({ action: 'forward', agencyId, ...(note.trim() ? { note: note.trim() } : {}) });
    } else {
      if (!note.trim()) return setProblem(t.needReason);
      complete.mutate({ action: 'refuse', reason: note.trim() });
    }
  };

  const outcomes: Array<[Outcome, string]> = [
    ['forward', t.forward],
    ['answer', t.answer],
    ['refuse', t.refuse],
    ['later', t.later],
  ];
  return (
    <form className="complete-step" onSubmit={submit} aria-labelledby={`complete-${ticket.id}`}>
      <h3 id={`complete-${ticket.id}`}>{t.title}</h3>
      <fieldset className="field complete-outcomes">
        <legend className="field-label">{t.how}</legend>
        <div className="choice-row">
          {outcomes.map(([value, label]) => (
            <label key={value} className="radio">
              <input type="radio" name={`outcome-${ticket.id}`} value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {outcome === 'answer' && (
        <label className="field">
          <span className="field-label">{t.answerText}</span>
          <textarea rows={3} maxLength={10_000} value={answerText} onChange={(e) => setAnswerText(e.target.value)} />
        </label>
      )}
      {outcome === 'forward' && (
        <div className="complete-forward">
          <Field label={t.agency}>
            {(id) => (
              <select id={id} value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
                <option value="">{t.chooseAgency}</option>
                {agencies.data?.map((agency) => (
                  <option key={agency.id} value={agency.id}>
                    {agency.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="field">
            <span className="field-label">{t.note}</span>
            <input value={note} maxLength={5_000} onChange={(e) => setNote(e.target.value)} />
          </label>
        </div>
      )}
      {outcome === 'refuse' && (
        <label className="field">
          <span className="field-label">{t.reason}</span>
          <input value={note} maxLength={2_000} onChange={(e) => setNote(e.target.value)} />
        </label>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {complete.isError && <ErrorNote error={complete.error} />}
      <button type="submit" className="button button--primary" disabled={complete.isPending}>
        {t.submit}
      </button>
    </form>
  );
}
