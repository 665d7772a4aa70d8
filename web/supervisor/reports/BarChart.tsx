/**
 * A bar chart in plain SVG (no chart library: two simple charts do not need one, and the desk's chunk stays small):
 * one bar per series side by side in each group, a value axis from 0 to the largest value, the value above each bar.
 * It is an image with a name; the figures themselves are in the table beside it.
 */
export interface ChartSeries {
  name: string;
  /** CSS class giving the bar its colour (supervisor.css: bar--answered, bar--abandoned, bar--service). */
  className: string;
}

interface BarChartProps {
  title: string;
  summary: string;
  series: readonly ChartSeries[];
  groups: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>;
  /** The top of the axis; the largest value when not given. */
  max?: number;
  format: (value: number) => string;
  testId?: string;
}

const width = 640;
const height = 240;
const margin = { top: 22, right: 8, bottom: 28, left: 8 };

export function BarChart({ title, summary, series, groups, max, format, testId }: BarChartProps) {
  const top = Math.max(max ?? 0, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)), 1);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const slot = plotWidth / Math.max(groups.length, 1);
  const barWidth = Math.min(36, (slot * 0.8) / series.length);
  // Labels of every group when they fit, else one in n.
  const labelEvery = Math.max(1, Math.ceil(groups.length / 12));
  // About 7 units a character at 12 px: a label no wider than its slot.
  const maxChars = Math.max(4, Math.floor((slot * labelEvery) / 7));
  return (
    <figure className="panel chart-figure" data-testid={testId}>
      <figcaption className="panel-title">{title}</figcaption>
      {series.length > 1 && (
        <div className="legend" aria-hidden="true">
          {series.map((s) => (
            <span key={s.name}>
              <span className={`legend-swatch legend-swatch--${s.className.replace('bar--', '')}`} />
              {s.name}
            </span>
          ))}
        </div>
      )}
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. ${summary}`}>
        <line className="axis" x1={margin.left} x2={width - margin.right} y1={height - margin.bottom} y2={height - margin.bottom} />
        {groups.map((group, g) => {
          const x0 = margin.left + g * slot + (slot - barWidth * series.length) / 2;
          return (
            <g key={`${group.label}-${g}`}>
              {group.values.map((value, s) => {
                if (value === null) return null;
                const h = (value / top) * plotHeight;
                const x = x0 + s * barWidth;
                const y = height - margin.bottom - h;
                return (
                  <g key={s}>
                    <rect className={series[s]?.className} x={x + 1} y={y} width={Math.max(barWidth - 2, 1)} height={h} />
                    {barWidth >= 14 && (
                      <text x={x + barWidth / 2} y={y - 4} textAnchor="middle">
                        {format(value)}
                      </text>
                    )}
                  </g>
                );
              })}
              {g % labelEvery === 0 && (
                <text x={margin.left + g * slot + slot / 2} y={height - 8} textAnchor="middle">
                  {group.label.length > maxChars ? `${group.label.slice(0, maxChars - 1)}…` : group.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
