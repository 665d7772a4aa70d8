import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote } from '../../shared/ui/states.js';
import { supervisorMessages } from '../messages.js';
import { useToday } from './feed.js';

export const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);

/** Today's offered / answered / abandoned, service level, ASA and AHT (the report's own figures, src/reports). */
export function TodayFigures({ size = 'normal' }: { size?: 'normal' | 'big' }) {
  const t = useMessages(supervisorMessages).today;
  const format = useFormat();
  const today = useToday();
  if (today.isError) return <ErrorNote error={today.error} onRetry={() => void today.refetch()} />;
  const total = today.data?.total;
  const seconds = (value: number | null | undefined) => (value === null || value === undefined ? '—' : format.duration(value));
  const figures: Array<[string, string, string]> = [
    ['offered', t.offered, String(total?.offered ?? '—')],
    ['answered', t.answered, String(total?.answered ?? '—')],
    ['abandoned', t.abandoned, String(total?.abandoned ?? '—')],
    ['service-level', t.serviceLevel(today.data?.serviceLevelSeconds ?? 20), percent(total?.serviceLevel ?? null)],
    ['asa', t.asa, seconds(total?.asaSeconds)],
    ['aht', t.aht, seconds(total?.ahtSeconds)],
  ];
  return (
    <section className={`panel figures figures--${size}`} aria-labelledby={`today-${size}`} data-testid="today">
      <h2 id={`today-${size}`} className="panel-title">
        {t.heading}
      </h2>
      <dl className="figure-list">
        {figures.map(([id, label, value]) => (
          <div key={id} className={`figure figure--${id}`} data-testid={`today-${id}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
