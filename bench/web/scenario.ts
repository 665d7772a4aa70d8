/**
 * The `web` scenario (issue 13): the pages in Debian's Chromium (headless, playwright-core, as the browser tests)
 * against the real application on the fake Asterisk, with the `calls` scenario's stack (bench/calls/stack.ts: the
 * app in its own process, simulated citizens, operators' phones and desktops). Measured in the page
 * (bench/web/probe.ts), from the socket.io frame's arrival to the frame painted after the DOM shows it:
 *
 *   1. screen-pop: `popCalls` calls in progress at once, one operator available — the one whose desk is open in
 *      Chromium (their simulated desktop answers; the page only watches) — so every call rings on that desk in
 *      turn, the others waiting in the queue; one sample per pop. Target p99 ≤ 100 ms.
 *   2. wallboard: `wallOperators` operators available, `wallCalls` calls in progress at once (the rest waiting), the
 *      supervisor's wallboard open in Chromium; one sample per `wallboard.delta.v1`, collected once all the calls are
 *      in. Target p99 ≤ 16 ms (one frame).
 *
 * Timings are reported, never asserted.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { buildPagesIfStale } from '../../src/pages/build.js';
import { defaultPagesLocation } from '../../src/pages/plugin.js';
import { launchChromium } from '../../test/browser/harness/chromium.js';
import { openBenchServer } from '../calls/database.js';
import { openDesktop, staff } from '../calls/desktops.js';
import type { OperatorAccount } from '../calls/protocol.js';
import { pacedTalkMs } from '../calls/scenario.js';
import { defaultSimulation, type SimulationOptions } from '../calls/simulation.js';
import { startStack, type Stack } from '../calls/stack.js';
import { latencyNote, round, summarize } from '../lib/stats.js';
import type { Figure, ScenarioResult } from '../lib/types.js';
import { webDefaults, type WebScenarioOptions } from './options.js';
import { installPageProbe, type PageSamples } from './probe.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openDesk(browser: Browser, stack: Stack, account: OperatorAccount, route: string, ready: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: stack.url });
  await context.addCookies([{ name: 'sid', value: account.token, url: stack.url }]);
  // tsx (esbuild, keepNames) wraps the probe's named functions in __name(…): the page needs one too.
  await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  await context.addInitScript(installPageProbe);
  const page = await context.newPage();
  await page.goto(route);
  await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
  return page;
}

const readSamples = (page: Page) => page.evaluate(() => (window as unknown as { __webBench: PageSamples }).__webBench);
const resetSamples = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __webBench: PageSamples }).__webBench;
    s.pop.length = 0;
    s.delta.length = 0;
    s.deltaApplied.length = 0;
    s.popMissed = 0;
    s.deltaNoChange = 0;
    s.frames = 0;
  });

/** Polls the page until `enough` holds or `done` settles (the batch of calls is over). */
async function collect(page: Page, done: Promise<unknown>, enough: (s: PageSamples) => boolean): Promise<PageSamples> {
  let over = false;
  void done.finally(() => {
    over = true;
  });
  for (;;) {
    const samples = await readSamples(page);
    if (enough(samples) || over) return samples;
    await wait(500);
  }
}

export async function runWebScenario(options: WebScenarioOptions = {}): Promise<ScenarioResult> {
  const o = { ...webDefaults, ...options };
  const started = performance.now();
  const log = options.log ?? ((line: string) => process.stderr.write(`[web] ${line}\n`));
  const built = await buildPagesIfStale(defaultPagesLocation, pino({ level: 'warn' }));
  if (built === 'failed' || built === 'no-sources') throw new Error(`the pages could not be built (${built})`);
  const simulation: SimulationOptions = { ...defaultSimulation };
  const params: Record<string, unknown> = {
    popCalls: o.popCalls,
    pops: o.pops,
    wallCalls: o.wallCalls,
    wallOperators: o.wallOperators,
    deltas: o.deltas,
    browser: 'Debian Chromium, headless (playwright-core), 1920×1080',
    loadAverageAtStart: loadavg().map((l) => round(l)),
  };
  const figures: Figure[] = [];
  const server = await openBenchServer(log);
  params.database = server.description;
  let browser: Browser | undefined;
  let stack: Stack | undefined;
  try {
    stack = await startStack({ server, operators: Math.max(o.wallOperators, 1), simulation, synchronousCommit: true, log });
    browser = await launchChromium();
    const operator = stack.desktops[0]?.account;
    if (!operator) throw new Error('no operator account');

    // 1. Screen-pop: one operator available (their desk in Chromium), popCalls calls at once.
    await staff(stack.url, stack.desktops, 1);
    const desk = await openDesk(browser, stack, operator, '/operator', 'agent-state');
    simulation.talkMs = defaultSimulation.talkMs;
    const popTotal = o.pops + 10;
    log(`screen-pop: ${o.popCalls} calls at once, one operator, ${popTotal} calls (talk ${simulation.talkMs.join('–')} ms)…`);
    const popRun = stack.driver.run(o.popCalls, popTotal, Math.min(2_000, o.popCalls * 10));
    // The first 10 pops warm the page up (JIT, first renders).
    await collect(desk, popRun, (s) => s.pop.length + s.popMissed >= 10);
    await resetSamples(desk);
    const pop = await collect(desk, popRun, (s) => s.pop.length + s.popMissed >= o.pops);
    const popBatch = await popRun;
    const popSummary = summarize(pop.pop);
    figures.push({
      name: `socket event → pop painted p99 (${o.popCalls} calls)`,
      value: round(popSummary.p99),
      unit: 'ms',
      target: { op: '<=', value: 100 },
      note: latencyNote(popSummary, `${pop.popMissed} not painted within 3 s; ${popBatch.placed} calls, ${popBatch.completed} completed, one operator`),
    });
    log(`screen-pop: ${figures.at(-1)?.note}`);
    await desk.context().close();

    // 2. Wallboard: wallOperators available, wallCalls at once; paced so that the machine is not saturated.
    // The last call's wrap-up (WRAPUP_SECONDS=0) ends in a moment: staff() expects available or offline.
    const first = stack.desktops[0];
    for (let i = 0; i < 100 && first && first.state !== 'available'; i += 1) await wait(100);
    await staff(stack.url, stack.desktops, o.wallOperators);
    const supervisor = await stack.app.send<OperatorAccount>({ cmd: 'supervisor' });
    // The supervisor's own socket as the stack's (so the app holds one more viewer, as on a real floor).
    const supervisorSocket = await openDesktop(stack.url, supervisor);
    const wall = await openDesk(browser, stack, supervisor, '/supervisor/wallboard', 'wb-state-available');
    const pace = 8;
    simulation.talkMs = pacedTalkMs(o.wallOperators, pace);
    const rampMs = Math.round((o.wallCalls / pace) * 1000);
    // Enough calls that the floor stays full while the deltas are sampled (they come a few a second: the server
    // gathers them), so that no sample is taken while the floor drains.
    const wallTotal = o.wallCalls + Math.max(o.wallCalls, o.deltas * 2);
    log(`wallboard: ${o.wallCalls} calls at once, ${o.wallOperators} operators, talk ${simulation.talkMs.join('–')} ms, ${pace} calls/s for ${round(rampMs / 1000)} s, then samples…`);
    const wallRun = stack.driver.run(o.wallCalls, wallTotal, rampMs);
    await wait(rampMs);
    await resetSamples(wall);
    const sampling = performance.now();
    const wallSamples = await collect(wall, wallRun, (s) => s.delta.length >= o.deltas);
    const samplingSeconds = (performance.now() - sampling) / 1000;
    const state = await wall.evaluate(() => ({
      waiting: document.querySelector('[data-testid="wb-waiting"]')?.textContent ?? '',
      onCall: document.querySelector('[data-testid="wb-state-on_call"]')?.textContent ?? '',
    }));
    supervisorSocket.socket.close();
    await wall.context().close();
    log('wallboard: samples taken; letting the calls finish…');
    const wallBatch = await wallRun;
    const deltaSummary = summarize(wallSamples.delta);
    figures.push({
      name: `wallboard delta applied + painted p99 (${o.wallCalls} calls, ${o.wallOperators} operators)`,
      value: round(deltaSummary.p99),
      unit: 'ms',
      target: { op: '<=', value: 16 },
      note: latencyNote(
        deltaSummary,
        `p95 ${round(deltaSummary.p95)} ms; sampled over ${round(samplingSeconds)} s (${round(wallSamples.delta.length / samplingSeconds)} deltas/s); ${wallSamples.deltaNoChange} deltas changed nothing on screen; ${wallSamples.frames} frames while sampling; wallboard at the end of sampling read "${state.waiting.trim()}", "${state.onCall.trim()}"; ${wallBatch.placed} calls, ${wallBatch.completed} completed`,
      ),
    });
    const applied = summarize(wallSamples.deltaApplied);
    figures.push({
      name: `wallboard delta applied to the DOM p99 (${o.wallCalls} calls, ${o.wallOperators} operators)`,
      value: round(applied.p99),
      unit: 'ms',
      note: latencyNote(applied, 'arrival → React committed, before the frame: the part of the figure above that is the page\'s work'),
    });
    log(`wallboard: ${figures.at(-2)?.note} | applied: ${figures.at(-1)?.note}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await stack?.close();
    await server.close();
    params.loadAverageAtEnd = loadavg().map((l) => round(l));
  }
  return { scenario: 'web', params, figures, seconds: round((performance.now() - started) / 1000) };
}
