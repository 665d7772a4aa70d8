/**
 * Where a run's figures go: bench/results/<timestamp>.json and bench/results/latest.json (git-ignored), and the
 * committed summary bench/RESULTS.md, which keeps the latest full-size figures of each scenario with their date
 * and machine (the data of every section is kept in a comment at the end of the file, so a run of one scenario
 * replaces that scenario's section only).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine, type Machine } from './machine.js';
import { markdownTable } from './table.js';
import type { ScenarioResult } from './types.js';

export const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const resultsDir = path.join(benchDir, 'results');
export const resultsMarkdown = path.join(benchDir, 'RESULTS.md');
export const readme = path.join(benchDir, 'README.md');

export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  argv: string[];
  machine: Machine;
  results: ScenarioResult[];
  errors: Array<{ scenario: string; message: string }>;
}

/** Writes the run's JSON; returns its path. */
export function writeRunJson(run: RunRecord): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${run.startedAt.replace(/[:.]/g, '-')}.json`);
  const text = `${JSON.stringify(run, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(path.join(resultsDir, 'latest.json'), text);
  return file;
}

interface Section {
  date: string;
  machine: Machine;
  argv: string[];
  result: ScenarioResult;
}

const dataMarker = '<!-- bench-data';
const order: ReadonlyArray<ScenarioResult['scenario']> = ['calls', 'tickets', 'kb', 'kb-import', 'switch', 'web'];

/**
 * The scenarios' latest runs kept in bench/RESULTS.md's data comments. Every block and every line in it is read (a
 * merge of two branches that each ran a scenario leaves several), the newest run of each scenario wins; a line that
 * does not parse is skipped.
 */
function readSections(): Map<string, Section> {
  const sections = new Map<string, Section>();
  if (!existsSync(resultsMarkdown)) return sections;
  const text = readFileSync(resultsMarkdown, 'utf8');
  for (let start = text.indexOf(dataMarker); start >= 0; start = text.indexOf(dataMarker, start + dataMarker.length)) {
    const end = text.indexOf('-->', start);
    if (end < 0) break;
    // One JSON object per line (a union merge may have put several in one block).
    for (const line of text.slice(start + dataMarker.length, end).split('\n')) {
      let data: Record<string, Section>;
      try {
        data = JSON.parse(line) as Record<string, Section>;
      } catch {
        continue;
      }
      for (const [scenario, section] of Object.entries(data)) {
        const known = sections.get(scenario);
        if (!known || known.date < section.date) sections.set(scenario, section);
      }
    }
  }
  return sections;
}

const describeParams = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) =>
      v !== null && typeof v === 'object'
        ? `${k}: ${Object.entries(v as Record<string, unknown>)
            .map(([kk, vv]) => `${kk} ${typeof vv === 'number' ? vv.toLocaleString('en') : String(vv)}`)
            .join(', ')}`
        : `${k}=${String(v)}`,
    )
    .join('; ');

/** Replaces the sections of `results` in bench/RESULTS.md, keeping the others. */
export function updateResultsMarkdown(run: RunRecord, results: readonly ScenarioResult[]): void {
  const sections = readSections();
  for (const result of results) sections.set(result.scenario, { date: run.finishedAt, machine: run.machine, argv: run.argv, result });
  const lines = [
    '# Benchmark results (issue 6)',
    '',
    'Written by `npm run bench` (see [README.md](README.md) for what each figure measures). Each scenario keeps its',
    'latest full-size run; smaller runs (`--tickets=10000`, …) go to `bench/results/` only, unless `--record`.',
    '',
  ];
  for (const scenario of order) {
    const s = sections.get(scenario);
    if (!s) continue;
    lines.push(
      `## ${scenario}`,
      '',
      `- **date**: ${s.date.slice(0, 10)} (${s.date})`,
      `- **machine**: ${machineLine(s.machine)}`,
      `- **command**: \`npm run bench -- ${s.argv.join(' ')}\``.replace(/ -- `$/, '`'),
      `- **parameters**: ${describeParams(s.result.params)}`,
      `- **duration**: ${s.result.seconds} s`,
      '',
      markdownTable([s.result]),
      '',
    );
  }
  const data: Record<string, Section> = Object.fromEntries([...sections.entries()]);
  // '>' escaped so that no "-->" inside the data can end the comment early.
  lines.push(`${dataMarker}`, JSON.stringify(data).replace(/>/g, '\\u003e'), '-->', '');
  writeFileSync(resultsMarkdown, lines.join('\n'));
  updateReadmeLatest(sections);
}

const latestStart = '<!-- latest-results -->';
const latestEnd = '<!-- /latest-results -->';

/** Refreshes the "Latest figures" lines of bench/README.md (between its markers): each scenario's date and machine. */
function updateReadmeLatest(sections: Map<string, Section>): void {
  if (!existsSync(readme)) return;
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(latestStart);
  const end = text.indexOf(latestEnd);
  if (start < 0 || end < start) return;
  const lines = order
    .map((scenario) => sections.get(scenario))
    .filter((s): s is Section => s !== undefined)
    .map((s) => `- [${s.result.scenario}](RESULTS.md#${s.result.scenario}): ${s.date.slice(0, 10)}, ${machineLine(s.machine)}`);
  const block = `${latestStart}\n${lines.length > 0 ? lines.join('\n') : '- (no full-size run recorded yet)'}\n`;
  writeFileSync(readme, text.slice(0, start) + block + text.slice(end));
}
