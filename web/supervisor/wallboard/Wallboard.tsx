import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { secondsSince, useNow } from '../../shared/ui/use-now.js';
import { Deadlines } from '../floor/Deadlines.js';
import { countByState, longestWait, useFieldNames, useFloor } from '../floor/feed.js';
import { TodayFigures } from '../floor/TodayFigures.js';
import { supervisorMessages } from '../messages.js';

/** A wait past this many seconds is shown in warning colour, past twice as much in alarm colour. */
const waitWarnSeconds = 20;
/** Ready first: how many can take the next call, then who is busy, then who is away. */
const wallStates = ['available', 'on_call', 'ringing', 'wrap_up', 'paused'] as const;

/**
 * The floor's big screen (R8): callers waiting and the longest wait, lines in use, operators by state, today's
 * answered / abandoned and service level, in figures readable across the room. The same feed as the live floor.
 */
export function Wallboard() {
  const t = useMessages(supervisorMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const now = useNow();
  const floor = useFloor();
  const fields = useFieldNames();
  if (floor.isError) return <ErrorNote error={floor.error} onRetry={() => void floor.refetch()} />;
  if (!floor.data) return <Loading label={common.loading} />;
  const { waiting, agents, lines } = floor.data;
  const longest = longestWait(waiting, now);
  const counts = countByState(agents);
  const tone = (seconds: number) => (seconds >= 2 * waitWarnSeconds ? 'is-alert' : seconds >= waitWarnSeconds ? 'is-warn' : '');
  return (
    <div className="wallboard" data-testid="wallboard">
      <div className="wallboard-head">
        <h1>{t.wallboard.heading}</h1>
        <span className="wallboard-time">{format.time(new Date(now))}</span>
      </div>
      <dl className="wallboard-big">
        <div className={waiting.length > 0 ? 'is-warn' : ''} data-testid="wb-waiting">
          <dt>{t.wallboard.waiting}</dt>
          <dd>{waiting.length}</dd>
        </div>
        <div className={tone(longest)} data-testid="wb-longest">
          <dt>{t.wallboard.longestWait}</dt>
          <dd>{format.duration(longest)}</dd>
        </div>
        <div className={lines.inUse >= lines.capacity ? 'is-alert' : ''} data-testid="wb-lines">
          <dt>{t.wallboard.lines}</dt>
          <dd>{t.floor.linesOf(lines.inUse, lines.capacity)}</dd>
        </div>
      </dl>
      <div className="wallboard-row">
        <section className="wallboard-panel" aria-labelledby="wb-agents">
          <h2 id="wb-agents">{t.wallboard.agentsByState}</h2>
          <dl className="wallboard-states" data-testid="wb-agents">
            {wallStates.map((state) => (
                <div key={state} className={`ws--${state}`} data-testid={`wb-state-${state}`}>
                  <dt>{t.agentState[state]}</dt>
                  <dd>{counts[state]}</dd>
                </div>
            ))}
          </dl>
        </section>
        <section className="wallboard-panel" aria-labelledby="wb-waiting-list">
          <h2 id="wb-waiting-list">{t.wallboard.waitingList}</h2>
          {waiting.length === 0 ? (
            <p className="muted">{t.floor.noneWaiting}</p>
          ) : (
            <ol className="wallboard-waiting">
              {waiting.slice(0, 6).map((call) => (
                <li key={call.callId}>
                  <span>
                    {format.phone(call.callerNumber)}
                    {call.fieldId && ` · ${(fields.get(call.fieldId) ?? '').split(':')[0]}`}
                  </span>
                  <span>{format.duration(secondsSince(call.enqueuedAt, now))}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <div className="wallboard-row">
        <TodayFigures size="big" />
        <Deadlines size="big" limit={5} />
      </div>
    </div>
  );
}
