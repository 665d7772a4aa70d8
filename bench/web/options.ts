/** The `web` scenario's sizes (bench/web/scenario.ts), apart from it so that bench/run.ts loads Chromium only when asked. */
export interface WebScenarioOptions {
  /** Calls in progress while the operator's desk receives pops (default 100). */
  popCalls?: number;
  /** Pops measured (default 200; a warm-up of 10 more comes first). */
  pops?: number;
  /** Calls in progress and operators on the floor while the wallboard applies deltas (default 300 and 100). */
  wallCalls?: number;
  wallOperators?: number;
  /** Deltas measured (default 500). */
  deltas?: number;
  log?: (line: string) => void;
}

/** The sizes: 100 calls for the pop; 300 calls and 100 operators for the wallboard. */
export const webDefaults = { popCalls: 100, pops: 200, wallCalls: 300, wallOperators: 100, deltas: 500 } as const;
/** `--quick`: a check that it all runs (≈ 2 min), not figures to compare. */
export const webQuick = { popCalls: 20, pops: 30, wallCalls: 60, wallOperators: 20, deltas: 100 } as const;
