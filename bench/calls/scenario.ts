/**
 * The `calls` scenario (issue 6): concurrent simulated citizen calls through the real application against the fake
 * Asterisk ARI, with simulated operators on socket.io. See README.md for what is measured and how.
 *
 * Processes: this one runs the fake Asterisk (test/fake-ari), the citizens and operator phones (simulation.ts) and the
 * operators' desktops (desktops.ts); the application runs alone in a child process (app-process.ts), so its CPU
 * time, RSS and event loop are its own. The database is PostgreSQL when one can be had (database.ts).
 *
 *   1. Concurrency levels, on one app process: a warm-up of 50 calls, then for each N: N operators available, N calls
 *      in progress at once until `totalCalls` have been made. Talk time grows with N so that every level is offered
 *      about `paceCallsPerSecond` new calls a second (default 8: a busy province's 100 lines bring one every 2 s):
 *      the levels differ in how many calls are in progress, not in how fast they come, and none saturates the
 *      machine — an overhead measured at saturation is queueing, whatever the app does. The leak check (2.) runs
 *      flat out with short talks and gives the sustained throughput.
 *   2. Leak check, on a second app process and database: ten chunks of `leakCalls / 10` calls, each followed by a
 *      drain, a GC and RSS/heap; the first and the last are compared. Its database does not wait for WAL flushes (memory does not depend on it; it makes the run 2–3× shorter);
 *      BENCH_CALLS_LEAK_DURABLE=1 keeps the server's default.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Figure, ScenarioResult } from '../lib/types.js';
import { openBenchServer, readRss, type BenchServer } from './database.js';
import { staff } from './desktops.js';
import type { AppUsage, CallAudit, StepSamples } from './protocol.js';
import { defaultSimulation, type BatchResult, type SimulationOptions } from './simulation.js';
import { externalAsteriskFromEnv, sippOperatorTalkMs, type ExternalAsterisk } from './sipp-driver.js';
import { logLevels, startStack, type Stack } from './stack.js';
import { perCall } from './statements.js';
import { describe as describeSummary, round, summarize } from './stats.js';

export interface CallsScenarioOptions {
  /** Concurrency levels: that many calls in progress at once, with as many operators. */
  concurrency: number[];
  /** Calls per concurrency level (default max(200, 2 × N)). */
  totalCalls?: number;
  /** Calls of the leak check (default 10,000; RSS compared after a tenth of them and after all). 0 = no leak check. */
  leakCalls?: number;
  /** Concurrency of the leak check (default 100). */
  leakConcurrency?: number;
  /** Citizen/operator behaviour (talk time, …); defaults in simulation.ts. */
  simulation?: Partial<SimulationOptions>;
  /**
   * New calls a second offered at each concurrency level (default 8): talk time per level ≈ N / pace (± 20 %).
   * 0 = the simulation's own talk time at every level (flat out).
   */
  paceCallsPerSecond?: number;
  /** The first N calls of a level are spread over this long (default N / pace seconds; flat out min(2 s, N × 10 ms)). */
  rampMs?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

const mib = (bytes: number) => bytes / 1024 / 1024;

interface Phase {
  batch: BatchResult;
  steps: StepSamples;
  audit: CallAudit;
  before: AppUsage;
  after: AppUsage & { settled: boolean };
  peakRssMiB: number;
  dbCpuMs: number | undefined;
  harnessCpuMs: number;
  leftovers: { channels: number; bridges: number; playbacks: number; recordings: number };
  lostOrStuck: number;
}

async function runPhase(s: Stack, concurrency: number, calls: number, rampMs: number, measureSteps: boolean): Promise<Phase> {
  await staff(s.url, s.desktops, concurrency);
  await s.app.send({ cmd: 'steps', enabled: measureSteps });
  const since = new Date(Date.now() - 1_000);
  const before = await s.app.send<AppUsage>({ cmd: 'usage' });
  const dbBefore = s.db.serverCpuMs();
  const harnessBefore = process.cpuUsage();
  s.app.sampleRss();
  const batch = await s.driver.run(concurrency, calls, rampMs);
  const after = await s.app.send<AppUsage & { settled: boolean }>({ cmd: 'settle', timeoutMs: 30_000 });
  const peakRssMiB = s.app.stopSampling();
  const dbAfter = s.db.serverCpuMs();
  const harness = process.cpuUsage(harnessBefore);
  await s.app.send({ cmd: 'steps', enabled: false });
  const steps = await s.app.send<StepSamples>({ cmd: 'takeSteps' });
  const audit = await s.app.send<CallAudit>({ cmd: 'audit', since: since.toISOString() });
  const leftovers = await s.leftovers();
  if (s.driver.popEpochs) {
    // Real Asterisk: the app's Dial RINGING (its process) against the pop on the desktop (this process), wall clock.
    for (const [callId, ringingAt] of Object.entries(steps.ringingAt)) {
      const popAt = s.driver.popEpochs.get(callId);
      if (popAt !== undefined) batch.ringToPop.push(popAt - ringingAt);
    }
    s.driver.popEpochs.clear();
    batch.choiceToOriginate = steps.choiceToOriginate;
  }
  const completedInDb = audit.outcomes.completed ?? 0;
  // Lost or stuck: not talked to an operator and ended (simulation), or not so in the database, or anything left behind.
  const lostOrStuck = Math.max(batch.placed - batch.completed, batch.placed - Math.min(completedInDb, audit.withOperator), audit.open, leftovers.channels, after.calls);
  return {
    batch,
    steps,
    audit,
    before,
    after,
    peakRssMiB,
    dbCpuMs: dbBefore !== undefined && dbAfter !== undefined ? dbAfter - dbBefore : undefined,
    harnessCpuMs: (harness.user + harness.system) / 1000,
    leftovers,
    lostOrStuck,
  };
}

function cpuMs(p: Phase): number {
  return (p.after.cpu.user + p.after.cpu.system - p.before.cpu.user - p.before.cpu.system) / 1000;
}

function phaseNote(p: Phase): string {
  const per = (a: number, b: number) => round((a - b) / p.batch.placed, 1);
  const parts = [
    `${p.batch.placed} calls in ${round(p.batch.seconds, 1)} s (${round(p.batch.placed / p.batch.seconds, 1)} calls/s)`,
    `app CPU ${round((cpuMs(p) / 1000 / p.batch.seconds) * 100, 0)} % of a core, event-loop delay p99 ${p.after.loopDelayMs.p99} ms (max ${p.after.loopDelayMs.max})`,
    `per call ${per(p.after.ari.requests, p.before.ari.requests)} ARI requests, ${per(p.after.ari.events, p.before.ari.events)} ARI events${p.after.dbTransactions !== null && p.before.dbTransactions !== null ? `, ≈${per(p.after.dbTransactions, p.before.dbTransactions)} DB transactions` : ''}`,
    p.dbCpuMs !== undefined ? `PostgreSQL ${round(p.dbCpuMs / p.batch.placed, 1)} CPU ms/call` : '',
    statementsNote(p),
    `harness ${round(p.harnessCpuMs / p.batch.placed, 1)} CPU ms/call`,
  ];
  return parts.filter(Boolean).join('; ');
}

/** The app's own statements per call, from the driver (reads included; the monitoring's own queries are not). */
function statementsNote(p: Phase): string {
  if (!p.before.dbStatements || !p.after.dbStatements) return '';
  const c = perCall(p.before.dbStatements, p.after.dbStatements, p.batch.placed);
  return `app's database work per call (driver count): ${c.transactions} transactions, ${c.statements} statements (${c.byKind.map(([kind, n]) => `${kind} ${n}`).join(', ')})`;
}

function lostNote(p: Phase): string {
  const outcomes = Object.entries(p.audit.outcomes).map(([k, n]) => `${k} ${n}`).join(', ');
  const problems = [
    p.batch.stuck ? `${p.batch.stuck} stuck (timed out: ${p.batch.stuckCalls.join(' | ')})` : '',
    p.batch.notConnected ? `${p.batch.notConnected} never reached an operator` : '',
    p.audit.open ? `${p.audit.open} call rows still open` : '',
    p.leftovers.channels || p.leftovers.bridges ? `left in Asterisk: ${p.leftovers.channels} channels, ${p.leftovers.bridges} bridges` : '',
    p.after.calls ? `${p.after.calls} calls still in the app` : '',
    p.batch.legsFailed ? `${p.batch.legsFailed} operator legs failed` : '',
    p.batch.popsMissing ? `${p.batch.popsMissing} pops missing` : '',
  ].filter(Boolean);
  return `DB: ${p.audit.placed} rows (${outcomes}), ${p.audit.withOperator} with an operator, ${p.audit.draftTickets} draft tickets, ${p.audit.recordingsDone} recordings stored${p.audit.recordingsNotDone ? `, ${p.audit.recordingsNotDone} not` : ''}${problems.length ? `; ${problems.join('; ')}` : ''}`;
}

function phases(batch: BatchResult): string {
  return Object.entries(batch.phases)
    .map(([name, values]) => {
      const s = summarize(values);
      return `${name} ${round(s.p50, 1)}/${round(s.p99, 1)}`;
    })
    .join(', ');
}

/** What the "choice → originate" and "ringing → pop" figures measured: the fake's clock, or the app's (real Asterisk). */
function timingNotes(p: Phase, external: ExternalAsterisk | undefined): { choice: string; pop: string } {
  const choice = summarize(p.batch.choiceToOriginate);
  if (external) {
    return {
      choice: `real Asterisk: measured in the app only, its DTMF event received → its originate of the operator's leg sent: ${describeSummary(choice)}; SIPp's key press (${external.greetingMs} ms after the answer) and Asterisk's own handling of the originate are not in it, nor the real "please wait" prompt's length; no phase breakdown (SIPp reports no milestones)`,
      pop: `real Asterisk: Dial RINGING received by the app (its clock) → screen_pop.v1 received by the desktop (this process's clock), both epoch ms on one machine`,
    };
  }
  return {
    choice: `DTMF sent by the fake → originate received by it: ${describeSummary(choice)}; app side (DTMF received → originate sent): ${describeSummary(summarize(p.steps.choiceToOriginate))}; includes the 20 ms "please wait" prompt; phases p50/p99 ms: ${phases(p.batch)}`,
    pop: `the fake sends Dial RINGING → screen_pop.v1 received by the operator's socket.io client, one clock`,
  };
}

function levelFigures(n: number, p: Phase, external: ExternalAsterisk | undefined): Figure[] {
  const steps = summarize(Object.values(p.steps.byTrigger).flat());
  const byTrigger = Object.entries(p.steps.byTrigger)
    .map(([type, values]) => [type, summarize(values)] as const)
    .sort((a, b) => b[1].p99 - a[1].p99)
    .map(([type, s]) => `${type} p50 ${round(s.p50)} p99 ${round(s.p99)} (n=${s.n})`)
    .join(', ');
  const choice = summarize(p.batch.choiceToOriginate);
  const pop = summarize(p.batch.ringToPop);
  const notes = timingNotes(p, external);
  return [
    { name: `ARI step overhead p50 (N=${n})`, value: round(steps.p50, 3), unit: 'ms', note: `event received → next ARI request for the same call, measured in the app process; n=${steps.n}` },
    { name: `ARI step overhead p95 (N=${n})`, value: round(steps.p95, 3), unit: 'ms' },
    {
      name: `ARI step overhead p99 (N=${n})`,
      value: round(steps.p99, 3),
      unit: 'ms',
      ...(n === 100 ? { target: { op: '<=' as const, value: 5 } } : {}),
      note: `max ${round(steps.max)} ms; by trigger: ${byTrigger}; any input (event or response) → next request: ${describeSummary(summarize(p.steps.anyInput))}`,
    },
    {
      name: `queue choice → operator phone originated p99 (N=${n})`,
      value: round(choice.p99),
      unit: 'ms',
      note: notes.choice,
    },
    {
      name: `operator leg ringing → screen-pop p99 (N=${n})`,
      value: round(pop.p99),
      unit: 'ms',
      target: { op: '<=', value: 50 },
      note: `${notes.pop}: ${describeSummary(pop)} (negative: the pop arrived before the phone rang)${p.batch.popsMissing ? `; ${p.batch.popsMissing} pops missing` : ''}`,
    },
    { name: `CPU per call (N=${n})`, value: round(cpuMs(p) / p.batch.placed, 1), unit: 'ms/call', note: phaseNote(p) },
    { name: `RSS at peak (N=${n})`, value: round(p.peakRssMiB, 1), unit: 'MiB', note: `heap used after the level ${round(mib(p.after.memory.heapUsed), 1)} MiB` },
    { name: `calls lost or stuck (N=${n})`, value: p.lostOrStuck, unit: 'calls', target: { op: '==', value: 0 }, note: lostNote(p) },
  ];
}

const defaultPace = 8;

/** The pace of the levels: asked for, else none when a talk time was given, else the default. */
const paceOf = (opts: CallsScenarioOptions) => opts.paceCallsPerSecond ?? (opts.simulation?.talkMs ? 0 : defaultPace);

/** With SIPp the talk and the pace are SIPp's: what the run's parameters and progress lines say then. */
function sippTalkAndPace(external: ExternalAsterisk): { talk: string; pace: string } {
  return {
    talk: `SIPp: the citizen listens ${external.greetingMs} ms (-d) and presses 1; the operator's phone (operator-uas.xml) rings 500 ms, answers and hangs up ${sippOperatorTalkMs} ms later; the simulation's and the pace's talk times are not used`,
    pace: `SIPp: at most ${external.rate} new calls/s (-r), at most N at once (-l)`,
  };
}

/** Talk time (ms, ± 20 %) that keeps N calls in progress when `pace` new calls come each second (≈ 0.5 s of IVR and queue). */
export function pacedTalkMs(n: number, pace: number): [number, number] {
  const mean = Math.max(200, (n / pace - 0.5) * 1000);
  return [Math.round(mean * 0.8), Math.round(mean * 1.2)];
}

async function concurrencyLevels(server: BenchServer, opts: CallsScenarioOptions, simulation: SimulationOptions, log: (l: string) => void, figures: Figure[], params: Record<string, unknown>): Promise<void> {
  const levels = opts.concurrency;
  if (levels.length === 0) return;
  const external = externalAsteriskFromEnv();
  const stack = await startStack({ server, operators: Math.max(...levels, 10), simulation, synchronousCommit: true, external, log });
  try {
    // Warm-up: JIT, connection pools, caches (not reported).
    await runPhase(stack, Math.min(10, Math.max(...levels)), external ? 10 : 50, 200, false);
    const flatOut = simulation.talkMs;
    const pace = paceOf(opts);
    for (const n of levels) {
      const total = opts.totalCalls ?? Math.max(200, 2 * n);
      // The simulation reads its options at every call: the talk time of this level.
      simulation.talkMs = pace > 0 ? pacedTalkMs(n, pace) : flatOut;
      log(`N=${n}: ${total} calls, ${n} operators, ${external ? `${sippTalkAndPace(external).talk}; ${sippTalkAndPace(external).pace}` : `talk ${simulation.talkMs.join('–')} ms`}…`);
      // Paced, the first N calls come at the pace too (a burst of N calls at once is the flat-out case).
      const ramp = opts.rampMs ?? (pace > 0 ? Math.round((n / pace) * 1000) : Math.min(2_000, n * 10));
      const p = await runPhase(stack, n, total, ramp, true);
      figures.push(...levelFigures(n, p, external));
      const steps = summarize(Object.values(p.steps.byTrigger).flat());
      log(`N=${n}: step p99 ${round(steps.p99)} ms, pop p99 ${round(summarize(p.batch.ringToPop).p99)} ms, ${round(cpuMs(p) / p.batch.placed, 1)} CPU ms/call, lost ${p.lostOrStuck}; ${phaseNote(p)}`);
    }
    simulation.talkMs = flatOut;
    const levelsInLog = logLevels(stack.logFile);
    params.appLog = `${levelsInLog.warn} warn, ${levelsInLog.error} error lines${levelsInLog.top.length ? `: ${levelsInLog.top.join(' | ')}` : ''}`;
  } finally {
    await stack.close();
  }
}

async function leakCheck(server: BenchServer, opts: CallsScenarioOptions, simulation: SimulationOptions, log: (l: string) => void, figures: Figure[], params: Record<string, unknown>): Promise<void> {
  const leakCalls = opts.leakCalls ?? 10_000;
  if (leakCalls <= 0) return;
  const concurrency = opts.leakConcurrency ?? 100;
  const durable = Boolean(process.env.BENCH_CALLS_LEAK_DURABLE);
  const external = externalAsteriskFromEnv();
  const stack = await startStack({ server, operators: concurrency, simulation, synchronousCommit: durable, external, log });
  try {
    // Ten equal chunks; after each: wait until idle, GC, RSS and heap. The figures compare the first and the last;
    // the series tells a plateau (memory kept from the peak, allocator) from a steady climb (a leak).
    const chunk = Math.max(1, Math.round(leakCalls / 10));
    const ramp = opts.rampMs ?? Math.min(2_000, concurrency * 10);
    const series: Array<{ calls: number; rssMiB: number; heapMiB: number; peakMiB: number }> = [];
    const phases: Phase[] = [];
    let done = 0;
    while (done < leakCalls) {
      const calls = Math.min(chunk, leakCalls - done);
      const p = await runPhase(stack, concurrency, calls, ramp, false);
      phases.push(p);
      done += calls;
      const mem = await stack.app.send<NodeJS.MemoryUsage>({ cmd: 'gc' });
      series.push({ calls: done, rssMiB: readRss(stack.app.pid)?.rssMiB ?? mib(mem.rss), heapMiB: mib(mem.heapUsed), peakMiB: p.peakRssMiB });
      log(`leak check: ${done} calls, RSS after GC ${round(series.at(-1)?.rssMiB ?? NaN, 1)} MiB, heap ${round(mib(mem.heapUsed), 1)} MiB (${round(p.batch.placed / p.batch.seconds, 1)} calls/s)`);
    }
    const first = series[0];
    const last = series.at(-1);
    if (!first || !last) return;
    const growth = ((last.rssMiB - first.rssMiB) / first.rssMiB) * 100;
    const heapGrowth = ((last.heapMiB - first.heapMiB) / first.heapMiB) * 100;
    const usage = await stack.app.send<AppUsage>({ cmd: 'usage' });
    const lost = phases.reduce((n, p) => n + p.lostOrStuck, 0);
    const placed = phases.reduce((n, p) => n + p.batch.placed, 0);
    const seconds = phases.reduce((n, p) => n + p.batch.seconds, 0);
    params.leakDatabase = stack.db.synchronousCommit ? 'synchronous_commit on (server default)' : 'synchronous_commit = off for the leak check database';
    const trend = series.map((x) => `${x.calls}: ${round(x.rssMiB, 0)}/${round(x.heapMiB, 0)}`).join(', ');
    figures.push(
      { name: `RSS after ${first.calls} calls`, value: round(first.rssMiB, 1), unit: 'MiB', note: `after GC; heap used ${round(first.heapMiB, 1)} MiB` },
      { name: `RSS after ${last.calls} calls`, value: round(last.rssMiB, 1), unit: 'MiB', note: `after GC; heap used ${round(last.heapMiB, 1)} MiB; highest RSS while running ${round(Math.max(...series.map((x) => x.peakMiB)), 1)} MiB` },
      {
        name: `RSS growth ${first.calls} → ${last.calls} calls`,
        value: round(growth, 1),
        unit: '%',
        target: { op: '<=', value: 10 },
        note: `heap used ${round(heapGrowth, 1)} %; after GC at each step, calls: RSS/heap MiB: ${trend}; left in the app: ${usage.calls} calls, ${usage.timers} timers, ${usage.channelListeners} channel listeners, ACD ${JSON.stringify(usage.acd)}; ${placed} calls in ${round(seconds, 0)} s (${round(placed / seconds, 1)} calls/s)${server.kind === 'pglite' ? '; PGlite keeps the data in the app process: growth includes the database' : ''}`,
      },
      {
        name: 'sustained throughput (leak check, flat out)',
        value: round(placed / seconds, 1),
        unit: 'calls/s',
        note: `${placed} calls, ${concurrency} at a time, ${external ? sippTalkAndPace(external).talk : `talk ${simulation.talkMs.join('–')} ms`}, in ${round(seconds, 0)} s; each call: IVR, queue, offer, answer, talk, hang-up, recording stored, draft ticket`,
      },
      {
        name: `calls lost or stuck (leak check, ${placed} calls)`,
        value: lost,
        unit: 'calls',
        target: { op: '==', value: 0 },
        note: phases
          .filter((p) => p.lostOrStuck > 0)
          .map(lostNote)
          .join(' | ') || lostNote(phases[0] as Phase),
      },
    );
  } finally {
    await stack.close();
  }
}

export async function runCallsScenario(opts: CallsScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const log = opts.log ?? ((line: string) => process.stderr.write(`[calls] ${line}\n`));
  const simulation: SimulationOptions = { ...defaultSimulation, ...opts.simulation };
  const figures: Figure[] = [];
  const server = await openBenchServer(log);
  log(`database: ${server.description}`);
  const external = externalAsteriskFromEnv();
  const params: Record<string, unknown> = {
    concurrency: opts.concurrency,
    totalCalls: opts.totalCalls ?? 'max(200, 2 × N)',
    leakCalls: opts.leakCalls ?? 10_000,
    leakConcurrency: opts.leakConcurrency ?? 100,
    database: server.description,
    asterisk: external ? `${external.ariUrl} (real Asterisk, SIPp citizens and phones)` : 'fake (test/fake-ari), 20 ms per prompt',
    talkMs: external
      ? sippTalkAndPace(external).talk
      : paceOf(opts) > 0
        ? `levels: ≈ N / ${paceOf(opts)} s each (${opts.concurrency.map((n) => `N=${n}: ${pacedTalkMs(n, paceOf(opts)).join('–')} ms`).join(', ')}); leak check: ${simulation.talkMs.join('–')} ms`
        : simulation.talkMs,
    pace: external ? sippTalkAndPace(external).pace : paceOf(opts) > 0 ? `${paceOf(opts)} new calls/s offered at each level` : 'none (flat out)',
    answerMs: external ? 'SIPp: 500 ms of ringing (operator-uas.xml)' : simulation.answerMs,
    operators: 'N (as many as calls), WRAPUP_SECONDS=0',
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
  };
  try {
    await concurrencyLevels(server, opts, simulation, log, figures, params);
    await leakCheck(server, opts, simulation, log, figures, params);
  } finally {
    params.loadAverageAtEnd = loadavg().map((l) => round(l, 2));
    await server.close();
  }
  return { scenario: 'calls', params, figures, seconds: round((performance.now() - started) / 1000, 1) };
}
