import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { secondsSince, useNow } from '../../shared/ui/use-now.js';
import { supervisorMessages } from '../messages.js';
import { countByState, longestWait, sortAgents, useFieldNames, useFloor, type FloorAgent, type FloorSnapshot } from './feed.js';
import { isSupervising, supervisionModes, useDismissSupervision, useMySupervision, useStartSupervision, useStopSupervision } from './supervision.js';
import { Deadlines } from './Deadlines.js';
import { TodayFigures } from './TodayFigures.js';

/** The supervisor's live floor (R8): lines, callers waiting, operators and their calls, listen / whisper / barge. */
export function LiveFloor() {
  const t = useMessages(supervisorMessages);
  const common = useMessages(commonMessages);
  const floor = useFloor();
  if (floor.isError) return <ErrorNote error={floor.error} onRetry={() => void floor.refetch()} />;
  if (!floor.data) return <Loading label={common.loading} />;
  return (
    <div className="sup-floor">
      <h1 className="visually-hidden">{t.floor.heading}</h1>
      <Headline snapshot={floor.data} />
      <SupervisionBar agents={floor.data.agents} />
      <div className="sup-floor-grid">
        <WaitingCalls snapshot={floor.data} />
        <Agents agents={floor.data.agents} />
      </div>
      <TodayFigures />
      <Deadlines />
    </div>
  );
}

function Headline({ snapshot }: { snapshot: FloorSnapshot }) {
  const t = useMessages(supervisorMessages).floor;
  const format = useFormat();
  const now = useNow();
  const counts = countByState(snapshot.agents);
  const full = snapshot.lines.inUse >= snapshot.lines.capacity;
  const tiles: Array<[string, string, string, string?]> = [
    ['lines', t.lines, t.linesOf(snapshot.lines.inUse, snapshot.lines.capacity), full ? 'tile--alert' : undefined],
    ['waiting', t.waitingCount, String(snapshot.waiting.length), snapshot.waiting.length > 0 ? 'tile--warn' : undefined],
    ['longest-wait', t.longestWait, format.duration(longestWait(snapshot.waiting, now))],
    ['available', t.agentsReady, String(counts.available)],
    ['on-call', t.agentsTalking, String(counts.on_call + counts.ringing)],
  ];
  return (
    <dl className="tiles" data-testid="floor-tiles">
      {tiles.map(([id, label, value, tone]) => (
        <div key={id} className={`tile ${tone ?? ''}`} data-testid={`tile-${id}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function WaitingCalls({ snapshot }: { snapshot: FloorSnapshot }) {
  const t = useMessages(supervisorMessages).floor;
  const format = useFormat();
  const now = useNow();
  const fields = useFieldNames();
  const names = new Map(snapshot.agents.map((a) => [a.userId, a.fullName]));
  return (
    <section className="panel" aria-labelledby="sup-waiting">
      <h2 id="sup-waiting" className="panel-title">
        {t.waitingHeading} ({snapshot.waiting.length})
      </h2>
      {snapshot.waiting.length === 0 ? (
        <p className="muted">{t.noneWaiting}</p>
      ) : (
        <table className="table" data-testid="waiting">
          <thead>
            <tr>
              <th scope="col">{t.col.caller}</th>
              <th scope="col">{t.col.field}</th>
              <th scope="col">{t.col.waited}</th>
              <th scope="col">{t.col.offeredTo}</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.waiting.map((call) => (
              <tr key={call.callId}>
                <td>{format.phone(call.callerNumber)}</td>
                <td>{call.fieldId ? (fields.get(call.fieldId) ?? t.noField) : t.noField}</td>
                <td className="num wait">{format.duration(secondsSince(call.enqueuedAt, now))}</td>
                <td>{call.offeredTo ? t.ringingAt(names.get(call.offeredTo) ?? '') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Agents({ agents }: { agents: readonly FloorAgent[] }) {
  const t = useMessages(supervisorMessages);
  const format = useFormat();
  const now = useNow();
  const session = useMySupervision();
  const start = useStartSupervision();
  const errorText = useErrorText();
  const busy = start.isPending || (session !== null && isSupervising(session));
  return (
    <section className="panel" aria-labelledby="sup-agents">
      <h2 id="sup-agents" className="panel-title">
        {t.floor.agentsHeading}
      </h2>
      <p className="muted small">{t.supervision.hint}</p>
      {start.isError && (
        <div className="error-note" role="alert">
          {errorText(start.error)}
        </div>
      )}
      {agents.length === 0 ? (
        <p className="muted">{t.floor.noAgents}</p>
      ) : (
        <table className="table" data-testid="agents">
          <thead>
            <tr>
              <th scope="col">{t.floor.col.operator}</th>
              <th scope="col">{t.floor.col.state}</th>
              <th scope="col">{t.floor.col.inState}</th>
              <th scope="col">{t.floor.col.actions}</th>
            </tr>
          </thead>
          <tbody>
            {sortAgents(agents).map((agent) => (
              <tr key={agent.userId} className={`agent agent--${agent.state}`}>
                <th scope="row">{agent.fullName}</th>
                <td>
                  <span className={`state state--${agent.state}`}>{t.agentState[agent.state as keyof typeof t.agentState] ?? agent.state}</span>
                  {agent.reason && <span className="muted"> · {t.pauseReason(agent.reason)}</span>}
                </td>
                <td className="num">{format.duration(secondsSince(agent.since, now))}</td>
                <td className="actions">
                  {agent.state === 'on_call' && agent.callId && (
                    <span className="button-row">
                      {supervisionModes.map((mode) => (
                        <button
                          key={mode}
                          type="button"
                          className="button button--small"
                          disabled={busy}
                          aria-label={t.supervision.actionOn(t.supervision[mode], agent.fullName)}
                          onClick={() => start.mutate({ callId: agent.callId as string, mode })}
                        >
                          {t.supervision[mode]}
                        </button>
                      ))}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** My running supervision: what it is, its state, and stop. Also says how the last one ended. */
function SupervisionBar({ agents }: { agents: readonly FloorAgent[] }) {
  const t = useMessages(supervisorMessages).supervision;
  const session = useMySupervision();
  const stop = useStopSupervision();
  const dismiss = useDismissSupervision();
  const common = useMessages(commonMessages);
  const errorText = useErrorText();
  if (!session) return null;
  const operator = agents.find((a) => a.callId === session.callId)?.fullName ?? '';
  const open = isSupervising(session);
  return (
    <section className={`panel supervision supervision--${session.state}`} aria-labelledby="sup-session" data-testid="supervision">
      <h2 id="sup-session" className="panel-title">
        {t.heading}
      </h2>
      {open && (
        <p>
          <strong>{t.session(t.mode[session.mode], operator, session.endpoint)}</strong>
        </p>
      )}
      <p role="status" data-testid="supervision-state">
        {t.state[session.state]}
      </p>
      {open ? (
        <button type="button" className="button button--danger" onClick={() => stop.mutate(session.sessionId)} disabled={stop.isPending}>
          {t.stop}
        </button>
      ) : (
        <button type="button" className="button button--small" onClick={dismiss}>
          {common.close}
        </button>
      )}
      {stop.isError && (
        <div className="error-note" role="alert">
          {errorText(stop.error)}
        </div>
      )}
      <p className="muted small">{t.audited}</p>
    </section>
  );
}
