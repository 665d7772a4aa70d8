import type { Figure, ScenarioResult } from './types.js';
import { round } from './stats.js';

export type Verdict = 'pass' | 'miss' | '';

export function verdict(figure: Figure): Verdict {
  const { target } = figure;
  if (!target || !Number.isFinite(figure.value)) return '';
  switch (target.op) {
    case '<=':
      return figure.value <= target.value ? 'pass' : 'miss';
    case '>=':
      return figure.value >= target.value ? 'pass' : 'miss';
    case '==':
      return figure.value === target.value ? 'pass' : 'miss';
  }
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(round(value));
}

export function formatTarget(figure: Figure): string {
  return figure.target ? `${figure.target.op} ${figure.target.value}` : '';
}

export const tableHeader = ['scenario', 'figure', 'value', 'unit', 'target', 'pass/miss'] as const;

export function tableRows(results: readonly ScenarioResult[]): string[][] {
  return results.flatMap((r) => r.figures.map((f) => [r.scenario, f.name, formatValue(f.value), f.unit, formatTarget(f), verdict(f)]));
}

/** A plain-text table (monospace, columns padded; the value column right-aligned). */
export function textTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A GitHub markdown table of the same rows, with each figure's note. */
export function markdownTable(results: readonly ScenarioResult[]): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| figure | value | unit | target | pass/miss | note |', '|---|---:|---|---|---|---|'];
  for (const r of results) {
    for (const f of r.figures) {
      lines.push(`| ${escape(f.name)} | ${formatValue(f.value)} | ${f.unit} | ${escape(formatTarget(f))} | ${verdict(f)} | ${escape(f.note ?? '')} |`);
    }
  }
  return lines.join('\n');
}
