/** What every benchmark scenario returns; bench/run.ts prints these as one table and writes them as JSON. */
export interface Figure {
  /** Short name, e.g. "ARI step overhead p99 (100 calls)". */
  name: string;
  value: number;
  /** "ms", "ms/call", "MiB", "%", "calls", "tickets/s", … */
  unit: string;
  /** The issue-6 target, when there is one, e.g. { op: '<=', value: 5 }. */
  target?: { op: '<=' | '>=' | '=='; value: number };
  /** Free-form detail (sample count, p50/p95 alongside, …). */
  note?: string;
}

export interface ScenarioResult {
  scenario: 'calls' | 'tickets' | 'kb' | 'kb-import' | 'switch' | 'web';
  /** Parameters the scenario ran with (N calls, ticket count, …). */
  params: Record<string, unknown>;
  figures: Figure[];
  /** Wall-clock duration of the scenario in seconds. */
  seconds: number;
}
