import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { secondsSince, useNow } from '../../shared/ui/use-now.js';
import type { AgentState } from '../agent-state/agent.js';
import type { ScreenPop as Pop } from '../call/current-call.js';
import { useRingCue } from '../call/ring-cue.js';
import { popMessages } from './messages.js';

/**
 * Who is calling, shown while the phone still rings (R4): the number, the known name, the field and path chosen in the
 * voice menu, how long they waited, and what this number brought before — tickets (receipt code, status, excerpt)
 * and calls. While ringing the card pulses and the ring plays.
 */
export function ScreenPop({ pop, state }: { pop: Pop; state: AgentState }) {
  const t = useMessages(popMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const now = useNow();
  const ringing = state === 'ringing';
  useRingCue(ringing, t.ringCue);
  // The wait goes on while the phone rings; it stops at the answer.
  const waited = ringing && pop.enqueuedAt ? secondsSince(pop.enqueuedAt, now) : pop.waitedSeconds;
  const heading = ringing ? t.incoming : state === 'on_call' ? t.inCall : t.wrapUp;
  // What the caller did in each menu (keys, silence, wrong keys), not the menus entered and left.
  const choices = pop.ivrPath.filter((step) => step.event !== 'enter' && step.event !== 'exit');

  return (
    <section className={ringing ? 'panel pop pop--ringing' : 'panel pop'} aria-labelledby="pop-heading" data-testid="screen-pop">
      <h2 id="pop-heading" className="pop-heading">
        {heading}
      </h2>
      <div className="pop-who">
        <div>
          <div className="muted">{t.caller}</div>
          <div className="pop-number" data-testid="pop-number">
            {format.phone(pop.callerNumber)}
          </div>
          <div className="muted">{t.dialled(pop.dialledNumber)}</div>
        </div>
        <dl className="pop-facts">
          <div>
            <dt>{t.name}</dt>
            <dd>{pop.citizenName ?? <span className="muted">{t.unknownName}</span>}</dd>
          </div>
          <div>
            <dt>{t.field}</dt>
            <dd>
              {pop.field?.name ?? <span className="muted">{t.noField}</span>}
              {pop.priority > 0 && <span className="badge badge--warn">{t.urgent}</span>}
            </dd>
          </div>
          <div>
            <dt>{t.waited}</dt>
            <dd>{format.duration(waited)}</dd>
          </div>
        </dl>
      </div>
      <div className="pop-ivr">
        <h3>{t.ivrPath}</h3>
        {choices.length === 0 ? (
          <p className="muted">{t.noIvr}</p>
        ) : (
          <ol className="pop-ivr-path">
            {choices.map((step, index) => (
              <li key={index}>
                <span className="muted">{step.node}:</span> {step.event === 'digit' ? `${t.ivrEvent.digit} ${step.digit ?? ''}` : t.ivrEvent[step.event]}
              </li>
            ))}
          </ol>
        )}
      </div>
      <div className="pop-history">
        <div>
          <h3>{t.previousTickets}</h3>
          {pop.previousTickets.length === 0 ? (
            <p className="muted">{t.noTickets}</p>
          ) : (
            <ul className="pop-list" data-testid="pop-tickets">
              {pop.previousTickets.map((ticket) => (
                <li key={ticket.id}>
                  <div className="pop-list-head">
                    <strong>{ticket.receiptCode}</strong>
                    <span className="badge">{(common.ticketStatus as Record<string, string>)[ticket.status] ?? ticket.status}</span>
                    <span className="muted">{format.dateTime(ticket.receivedAt)}</span>
                  </div>
                  <p className="pop-excerpt">{ticket.content}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>{t.previousCalls}</h3>
          {pop.previousCalls.length === 0 ? (
            <p className="muted">{t.noCalls}</p>
          ) : (
            <ul className="pop-list pop-list--calls">
              {pop.previousCalls.map((call) => (
                <li key={call.id}>
                  <span>{format.dateTime(call.arrivedAt)}</span>{' '}
                  <span className="muted">{(common.callOutcome as Record<string, string>)[call.outcome ?? 'live'] ?? call.outcome}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
