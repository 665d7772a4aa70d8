/**
 * npm run bench [-- <scenario>… --option=value…] — runs the issue-6 benchmark scenarios, prints one table and writes
 * bench/results/<timestamp>.json (+ latest.json) and, for full-size runs, bench/RESULTS.md. See bench/README.md.
 */
import { describeMachine, loadAverage } from './lib/machine.js';
import { NoDatabaseError, prepareDatabase, serverUrl, type BenchDatabase } from './lib/database.js';
import { updateResultsMarkdown, writeRunJson, type RunRecord } from './lib/results.js';
import { tableHeader, tableRows, textTable, verdict } from './lib/table.js';
import { progress } from './lib/timing.js';
import type { ScenarioResult } from './lib/types.js';
import { runKbScenario } from './kb/scenario.js';
import { runTicketsScenario } from './tickets/scenario.js';
import { runKbImportScenario } from './kb-import/scenario.js';
import { runSwitchScenario } from './switch/scenario.js';
import { webDefaults, webQuick, type WebScenarioOptions } from './web/options.js';

const scenarios = ['calls', 'tickets', 'kb', 'kb-import', 'switch', 'web'] as const;
type Scenario = (typeof scenarios)[number];

const usage = `npm run bench [-- [calls] [tickets] [kb] [kb-import] [switch] [web] [options]]     (no scenario named: all six)

  --tickets=N          tickets to generate (default 1000000)
  --kb=N               knowledge-base entries (default 10000)
  --import-rows=N      rows of the kb-import spreadsheet (default 10000; runs on PGlite, and on PostgreSQL when there)
  --calls=15,100,300   concurrent calls per calls-scenario step (forwarded to bench/calls)
  --live=N             live calls when the leader is killed in the switch scenario (default 100)
  --calls-total=N      calls per step (forwarded), --leak-calls=N calls of the leak check (forwarded)
  --pace=N             new calls a second offered at each calls step (default 8; 0 = flat out, short talks)
  --pop-calls=N        web: calls in progress while the operator's desk takes pops (default 100)
  --wall-calls=N       web: calls in progress on the wallboard (default 300); --wall-operators=N (default 100)
  --pops=N, --deltas=N web: pops (default 200) and wallboard deltas (default 500) measured
  --quick              web: small sizes (20 calls, 30 pops; 60 calls, 20 operators, 100 deltas), a check that it runs
  --samples=N          timed runs per latency figure, after a warm-up (default 200)
  --creates=N          tickets created for the throughput figure (default 2000)
  --concurrency=N      creations at a time (default 8)
  --budget=S           at most S seconds sampling one figure (default 120; at least 20 samples)
  --db=NAME            database created on the server (default bench_1022)
  --keep-db            reuse NAME if it exists and holds the same number of tickets (skips generation)
  --record             update bench/RESULTS.md even for a run at non-default sizes
  --no-record          never update bench/RESULTS.md

PostgreSQL: BENCH_DATABASE_URL (a role that may CREATE DATABASE), else postgres://postgres:postgres@127.0.0.1:5432/postgres
(start it with bench/start-postgres.sh, as CI does).`;

interface Args {
  scenarios: Scenario[];
  tickets: number;
  kb: number;
  importRows: number;
  calls: number[] | undefined;
  live: number;
  callsTotal: number | undefined;
  leakCalls: number | undefined;
  pace: number | undefined;
  samples: number;
  creates: number;
  concurrency: number;
  budget: number;
  db: string;
  keepDb: boolean;
  record: 'auto' | 'always' | 'never';
  /** The web scenario's sizes given on the command line (the rest: its defaults, or --quick's). */
  web: { quick: boolean; popCalls?: number; pops?: number; wallCalls?: number; wallOperators?: number; deltas?: number };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

function positiveInt(name: string, value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) fail(`--${name}: "${value}" is not a whole number ≥ 1`);
  return n;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    scenarios: [],
    tickets: 1_000_000,
    kb: 10_000,
    importRows: 10_000,
    calls: undefined,
    live: 100,
    callsTotal: undefined,
    leakCalls: undefined,
    pace: undefined,
    samples: 200,
    creates: 2_000,
    concurrency: 8,
    budget: 120,
    db: 'bench_1022',
    keepDb: false,
    record: 'auto',
    web: { quick: false },
  };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    if ((scenarios as readonly string[]).includes(arg)) {
      if (!args.scenarios.includes(arg as Scenario)) args.scenarios.push(arg as Scenario);
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) fail(`unknown argument "${arg}"`);
    const [, name = '', value] = match;
    const need = () => value ?? fail(`--${name} needs a value: --${name}=…`);
    switch (name) {
      case 'tickets':
        args.tickets = positiveInt(name, need());
        break;
      case 'kb':
        args.kb = positiveInt(name, need());
        break;
      case 'import-rows':
        args.importRows = positiveInt(name, need());
        break;
      case 'calls':
        args.calls = need()
          .split(',')
          .map((v) => positiveInt(name, v.trim()));
        break;
      case 'live':
        args.live = positiveInt(name, need());
        break;
      case 'calls-total':
        args.callsTotal = positiveInt(name, need());
        break;
      case 'leak-calls':
        args.leakCalls = positiveInt(name, need());
        break;
      case 'pace': {
        const value = need();
        args.pace = value === '0' ? 0 : positiveInt(name, value);
        break;
      }
      case 'samples':
        args.samples = positiveInt(name, need());
        break;
      case 'creates':
        args.creates = positiveInt(name, need());
        break;
      case 'concurrency':
        args.concurrency = positiveInt(name, need());
        break;
      case 'budget':
        args.budget = positiveInt(name, need());
        break;
      case 'db':
        args.db = need();
        break;
      case 'keep-db':
        args.keepDb = true;
        break;
      case 'pop-calls':
        args.web.popCalls = positiveInt(name, need());
        break;
      case 'pops':
        args.web.pops = positiveInt(name, need());
        break;
      case 'wall-calls':
        args.web.wallCalls = positiveInt(name, need());
        break;
      case 'wall-operators':
        args.web.wallOperators = positiveInt(name, need());
        break;
      case 'deltas':
        args.web.deltas = positiveInt(name, need());
        break;
      case 'quick':
        args.web.quick = true;
        break;
      case 'record':
        args.record = 'always';
        break;
      case 'no-record':
        args.record = 'never';
        break;
      default:
        fail(`unknown option --${name}`);
    }
  }
  if (args.scenarios.length === 0) args.scenarios = [...scenarios];
  return args;
}

/** The calls scenario is bench/calls/scenario.ts (written separately); loaded only when asked for. */
async function runCalls(args: Args): Promise<ScenarioResult> {
  const modulePath = './calls/scenario.js';
  let mod: { runCallsScenario?: unknown };
  try {
    mod = (await import(modulePath)) as { runCallsScenario?: unknown };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('calls/scenario')) {
      throw new Error('bench/calls/scenario.ts is not there yet: the calls scenario cannot run');
    }
    throw error;
  }
  if (typeof mod.runCallsScenario !== 'function') throw new Error('bench/calls/scenario.ts does not export runCallsScenario');
  const run = mod.runCallsScenario as (opts: { concurrency: number[]; totalCalls?: number; leakCalls?: number; paceCallsPerSecond?: number }) => Promise<ScenarioResult>;
  return run({
    concurrency: args.calls ?? [15, 100, 300],
    ...(args.callsTotal !== undefined ? { totalCalls: args.callsTotal } : {}),
    ...(args.leakCalls !== undefined ? { leakCalls: args.leakCalls } : {}),
    ...(args.pace !== undefined ? { paceCallsPerSecond: args.pace } : {}),
  });
}

/** The web scenario (bench/web): Chromium on the operator's desk and the wallboard; loaded only when asked for. */
export function webOptions(args: Args): WebScenarioOptions {
  const { quick, ...given } = args.web;
  return { ...(quick ? webQuick : webDefaults), ...given };
}

async function runWeb(args: Args): Promise<ScenarioResult> {
  const { runWebScenario } = await import('./web/scenario.js');
  return runWebScenario(webOptions(args));
}

/** Whether a scenario ran at the sizes (only those replace the committed figures). */
function fullSize(scenario: Scenario, args: Args): boolean {
  switch (scenario) {
    case 'tickets':
      return args.tickets === 1_000_000 && args.samples >= 200;
    case 'kb':
      return args.kb === 10_000 && args.samples >= 200;
    case 'kb-import':
      return args.importRows === 10_000;
    case 'calls':
      return args.calls === undefined && args.callsTotal === undefined && args.leakCalls === undefined && args.pace === undefined;
    case 'switch':
      return args.live === 100;
    case 'web': {
      const o = webOptions(args);
      return (Object.keys(webDefaults) as Array<keyof typeof webDefaults>).every((k) => o[k] === webDefaults[k]);
    }
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverage();
  if (loadAtStart > 1) progress(`load average ${loadAtStart} on ${describeMachine(null, loadAtStart).cores} cores: other work will skew the timings`);
  const results: ScenarioResult[] = [];
  const errors: RunRecord['errors'] = [];
  let database: BenchDatabase | undefined;
  let postgresVersion: string | null = null;

  try {
    if (args.scenarios.some((s) => s === 'tickets' || s === 'kb' || s === 'kb-import')) {
      try {
        database = await prepareDatabase({ server: serverUrl(), name: args.db, keep: args.keepDb });
        postgresVersion = database.serverVersion;
      } catch (error) {
        // No server, or the migrations / seed failed: tickets and kb cannot run; calls still may.
        const message = error instanceof NoDatabaseError ? 'no PostgreSQL server' : `database set-up failed: ${error instanceof Error ? error.message : String(error)}`;
        process.stderr.write(`\n${error instanceof NoDatabaseError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`);
        for (const s of args.scenarios.filter((s) => s === 'tickets' || s === 'kb')) errors.push({ scenario: s, message });
      }
    }
    for (const scenario of args.scenarios) {
      if (scenario !== 'calls' && scenario !== 'kb-import' && scenario !== 'switch' && scenario !== 'web' && !database) continue;
      progress(`=== ${scenario} ===`);
      try {
        if (scenario === 'calls') results.push(await runCalls(args));
        // The import runs on PGlite without a server, and on the PostgreSQL bench database as well when there is one.
        else if (scenario === 'kb-import') results.push(await runKbImportScenario({ rows: args.importRows, database }));
        else if (scenario === 'switch') results.push(await runSwitchScenario({ server: serverUrl(), live: args.live }));
        else if (scenario === 'web') results.push(await runWeb(args));
        else if (!database) continue;
        else if (scenario === 'tickets') {
          results.push(
            await runTicketsScenario({ database, tickets: args.tickets, samples: args.samples, creates: args.creates, concurrency: args.concurrency, budgetSeconds: args.budget }),
          );
        } else {
          results.push(await runKbScenario({ database, entries: args.kb, samples: args.samples, budgetSeconds: args.budget }));
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        progress(`${scenario} failed: ${message}`);
        if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
        errors.push({ scenario, message });
      }
    }
  } finally {
    await database?.handle.close();
  }

  const run: RunRecord = { startedAt, finishedAt: new Date().toISOString(), argv, machine: describeMachine(postgresVersion, loadAtStart), results, errors };
  const rows = tableRows(results);
  const firstLine = (m: string) => {
    const line = m.split('\n')[0] ?? '';
    return line.length > 100 ? `${line.slice(0, 99)}…` : line;
  };
  for (const e of errors) rows.push([e.scenario, `FAILED: ${firstLine(e.message)} (stderr has the rest)`, '', '', '', '']);
  process.stdout.write(`\n${textTable(tableHeader, rows)}\n\n`);
  const file = writeRunJson(run);
  process.stdout.write(`JSON: ${file}\n`);
  const recorded = results.filter((r) => (args.record === 'always' ? true : args.record === 'never' ? false : fullSize(r.scenario, args)));
  if (recorded.length > 0) {
    updateResultsMarkdown(run, recorded);
    process.stdout.write(`bench/RESULTS.md updated: ${recorded.map((r) => r.scenario).join(', ')}\n`);
  } else if (results.length > 0) {
    process.stdout.write('bench/RESULTS.md not updated (not the default sizes; --record to force)\n');
  }
  const misses = results.flatMap((r) => r.figures.filter((f) => verdict(f) === 'miss').map((f) => `${r.scenario}: ${f.name}`));
  if (misses.length > 0) process.stdout.write(`targets missed: ${misses.join('; ')}\n`);
  // Timings are reported, never asserted: only a scenario that could not run fails the command.
  if (errors.length > 0) process.exitCode = 1;
}

await main();
