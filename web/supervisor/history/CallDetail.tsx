import { useMessages } from '../../shared/i18n/i18n.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading } from '../../shared/ui/states.js';
import { supervisorMessages } from '../messages.js';
import { useCall } from './api.js';

/**
 * One call: its times, who took it, its way through the IVR, how it ended, and its recordings played in the page
 * (`<audio>` on GET /api/recordings/{id}/file: byte ranges for seeking, every request audited like a download, R22).
 */
export function CallDetailPanel({ id, operatorNames, fieldNames, onClose }: { id: string; operatorNames: Map<string, string>; fieldNames: Map<string, string>; onClose: () => void }) {
  const t = useMessages(supervisorMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const call = useCall(id);
  if (call.isPending) return <Loading label={common.loading} />;
  if (call.isError) return <ErrorNote error={call.error} onRetry={() => void call.refetch()} />;
  const c = call.data;
  const when = (value: string | null) => (value ? format.dateTime(value) : null);
  const rows: Array<[string, string | null]> = [
    [t.call.arrived, when(c.arrivedAt)],
    [t.history.field, c.fieldId ? (fieldNames.get(c.fieldId) ?? null) : null],
    [t.call.enqueued, when(c.enqueuedAt)],
    [t.history.operator, c.operatorUserId ? (operatorNames.get(c.operatorUserId) ?? null) : null],
    [t.call.answered, when(c.operatorAnsweredAt)],
    [t.call.transferTarget, c.transferTarget ? format.phone(c.transferTarget) : null],
    [t.call.transferred, when(c.transferredAt)],
    [t.call.ended, when(c.endedAt)],
    [t.call.hangup, c.hangupSide ? t.call.hangupSide[c.hangupSide] : null],
    [t.history.outcome, t.outcome[c.outcome ?? 'live']],
  ];
  return (
    <section className="panel call-detail" aria-labelledby="call-detail-title" data-testid="call-detail">
      <div className="panel-head">
        <h2 id="call-detail-title" className="panel-title">
          {t.call.heading(format.phone(c.callerNumber))}
        </h2>
        <button type="button" className="button button--small button--quiet" onClick={onClose}>
          {t.call.close}
        </button>
      </div>
      <dl>
        {rows
          .filter((row): row is [string, string] => row[1] !== null)
          .map(([label, value]) => (
            <div key={label} className="contents">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <h3>{t.call.ivrPath}</h3>
      {c.ivrPath.length === 0 ? (
        <p className="muted">{t.call.noIvr}</p>
      ) : (
        <ol className="ivr-path" data-testid="ivr-path">
          {c.ivrPath.map((step, index) => (
            <li key={index}>
              {t.call.ivrStep(step.node, step.digit)}
              {step.at && <span className="muted"> · {format.time(step.at)}</span>}
            </li>
          ))}
        </ol>
      )}
      <h3>{t.call.recordings}</h3>
      {c.recordings.length === 0 && <p className="muted">{t.call.noRecordings}</p>}
      {c.recordings.map((recording, index) => {
        const label = t.call.recording(index + 1, format.duration(recording.durationSeconds ?? 0));
        return (
          <div key={recording.id} className="recording" data-testid="recording">
            <span>
              {label} · {t.call.recordingStatus[recording.status]}
            </span>
            {recording.fileUrl && (
              <>
                {/* Nothing is fetched (nor audited) until the supervisor presses play. */}
                <audio controls preload="none" src={recording.fileUrl} aria-label={label} />
                <a href={recording.fileUrl} download>
                  {t.call.download}
                </a>
              </>
            )}
          </div>
        );
      })}
      <p className="muted small">{t.call.audited}</p>
    </section>
  );
}
