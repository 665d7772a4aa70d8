import { useState } from 'react';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { useSettings } from '../../shared/session/session.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote } from '../../shared/ui/states.js';
import { secondsSince, useNow } from '../../shared/ui/use-now.js';
import { unlockRingCue } from '../call/ring-cue.js';
import { pauseReasons, useAgentChange, type Agent } from './agent.js';
import { agentMessages } from './messages.js';

/**
 * Always visible at the top of the desk: my phone, my state and how long I have been in it, the wrap-up countdown,
 * and the controls the state allows (take calls, pause with a reason, end the shift).
 */
export function StateBar({ agent }: { agent: Agent }) {
  const t = useMessages(agentMessages);
  const format = useFormat();
  const now = useNow();
  const { wrapUpSeconds } = useSettings();
  const change = useAgentChange();
  const [reason, setReason] = useState<string>(pauseReasons[0]);
  const busy = change.isPending;
  const run = (next: Parameters<typeof change.mutate>[0]) => {
    unlockRingCue(); // a click: the browser now lets the page play the ring
    change.mutate(next);
  };
  const reasonText = (code: string | null) => (code ? ((t.reasons as Record<string, string>)[code] ?? code) : '');
  const inState = secondsSince(agent.since, now);
  const wrapUpLeft = wrapUpSeconds - inState;

  return (
    <section className={`state-bar state-bar--${agent.state}`} aria-label={t.region}>
      <div className="state-bar-phone">
        <span className="muted">{t.phone}</span>
        <strong>{agent.endpoint ?? t.noPhone}</strong>
      </div>
      <div className="state-bar-state">
        <span className={`state-badge state-badge--${agent.state}`} data-testid="agent-state">
          {t.state[agent.state]}
        </span>
        {agent.state !== 'offline' && (
          <span className="state-bar-clock" aria-label={t.timeInState}>
            <time dateTime={agent.since} title={format.dateTime(agent.since)}>
              {format.duration(inState)}
            </time>
          </span>
        )}
        {agent.state === 'wrap_up' && (
          <span className="state-bar-wrapup" role="timer" aria-live="off">
            {t.wrapUpLeft(format.duration(wrapUpLeft))}
          </span>
        )}
        {agent.state === 'paused' && agent.reason && <span className="muted">{t.pausedBecause(reasonText(agent.reason))}</span>}
      </div>
      <div className="state-bar-controls">
        {agent.state === 'offline' && (
          <button type="button" className="button button--ok" disabled={busy || !agent.endpoint} onClick={() => run({ type: 'login' })}>
            {t.goAvailable}
          </button>
        )}
        {agent.state === 'paused' && (
          <button type="button" className="button button--ok" disabled={busy} onClick={() => run({ type: 'resume' })}>
            {t.resume}
          </button>
        )}
        {(agent.state === 'available' || agent.state === 'wrap_up') && (
          <form
            className="pause-form"
            onSubmit={(event) => {
              event.preventDefault();
              run({ type: 'pause', reason });
            }}
          >
            <Field label={t.pauseReason} className="pause-reason" hideLabel>
              {(id) => (
                <select id={id} value={reason} onChange={(event) => setReason(event.target.value)}>
                  {pauseReasons.map((code) => (
                    <option key={code} value={code}>
                      {t.reasons[code]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" className="button" disabled={busy}>
              {t.pause}
            </button>
          </form>
        )}
        {(agent.state === 'available' || agent.state === 'paused' || agent.state === 'wrap_up') && (
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => run({ type: 'logout' })}>
            {t.leave}
          </button>
        )}
      </div>
      {agent.state === 'paused' && agent.reason === 'missed_call' && <p className="state-bar-hint">{t.missedCallHint}</p>}
      {change.isError && <ErrorNote error={change.error} />}
    </section>
  );
}
