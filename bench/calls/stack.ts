/**
 * One complete set-up of the `calls` scenario: a fresh database, the fake Asterisk, the application in its own child
 * process (app-process.ts, `--import tsx --expose-gc`), the operators (users with phones PJSIP/opNNN, `manual`
 * endpoints in the fake), their desktops and a supervisor's on socket.io, and the simulation that drives the calls.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queuePrompts } from '../../src/acd/waiting.js';
import { defaultIvrPrompts } from '../../src/ivr/default-menu.js';
import { callPrompts } from '../../src/telephony/prompts.js';
import { startFakeAri, type FakeAri } from '../../test/fake-ari/server.js';
import { readRss, type BenchDatabase, type BenchServer } from './database.js';
import { closeDesktops, openDesktop, openDesktops, type Desktop } from './desktops.js';
import type { Command, OperatorAccount, Ready, Reply, StartupFailed } from './protocol.js';
import { Simulation, type BatchResult, type SimulationOptions } from './simulation.js';
import { asteriskLeftovers, SippDriver, type ExternalAsterisk } from './sipp-driver.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The app in its child process, spoken to over IPC. */
export class AppProcess {
  #next = 1;
  readonly #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  peakRssMiB = 0;
  #sampler: NodeJS.Timeout | undefined;
  exited: string | undefined;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: Reply | Ready | StartupFailed) => {
      if (!('id' in message)) return;
      const waiter = this.#waiting.get(message.id);
      this.#waiting.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.error));
    });
    child.on('exit', (code, signal) => {
      this.exited = `app process exited (${code ?? signal})`;
      for (const w of this.#waiting.values()) w.reject(new Error(this.exited));
      this.#waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  send<T>(command: Command): Promise<T> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...command, id });
    });
  }

  /** Samples VmRSS every 100 ms from /proc (nothing runs in the app for it). */
  sampleRss(): void {
    this.peakRssMiB = 0;
    clearInterval(this.#sampler);
    const sample = () => {
      const rss = readRss(this.pid);
      if (rss && rss.rssMiB > this.peakRssMiB) this.peakRssMiB = rss.rssMiB;
    };
    sample();
    this.#sampler = setInterval(sample, 100);
  }

  stopSampling(): number {
    clearInterval(this.#sampler);
    const rss = readRss(this.pid);
    if (rss && rss.rssMiB > this.peakRssMiB) this.peakRssMiB = rss.rssMiB;
    return this.peakRssMiB;
  }
}

/** Places batches of calls: the simulation around the fake Asterisk, or SIPp against a real one. */
export interface CallDriver {
  run(concurrency: number, total: number, rampMs: number): Promise<BatchResult>;
  pop(desktop: Desktop, pop: { callId: string }, at: number): void;
  close(): void;
  /** SIPp only: callId → when the pop reached the desktop (epoch ms), to pair with the app's Dial RINGING. */
  popEpochs?: Map<string, number>;
}

export interface Stack {
  app: AppProcess;
  db: BenchDatabase;
  driver: CallDriver;
  desktops: Desktop[];
  /** Channels, bridges, playbacks and live recordings left in Asterisk. */
  leftovers(): Promise<{ channels: number; bridges: number; playbacks: number; recordings: number }>;
  /** The app's HTTP address (REST and socket.io). */
  url: string;
  logFile: string;
  close(): Promise<void>;
}

export interface StackOptions {
  server: BenchServer;
  operators: number;
  simulation: SimulationOptions;
  /** false: this stack's database does not wait for WAL flushes (see README: leak check). */
  synchronousCommit: boolean;
  /** A real Asterisk and SIPp instead of the fake and the simulation. */
  external?: ExternalAsterisk | undefined;
  log: (line: string) => void;
}

function writePrompts(dir: string): void {
  // Every prompt the default menu, call control and the queue play exists (no fallback warnings); their length is
  // the fake's media time (20 ms), not the file.
  const names = [...Object.values(defaultIvrPrompts), ...Object.values(callPrompts), ...Object.values(queuePrompts)];
  for (const name of names) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, `${name}.wav`), 'RIFF');
  }
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        o.log(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  try {
    const work = mkdtempSync(path.join(tmpdir(), 'bench-calls-'));
    cleanups.push(() => {
      if (process.env.BENCH_CALLS_KEEP) o.log(`work directory kept: ${work}`);
      else rmSync(work, { recursive: true, force: true });
    });
    writePrompts(path.join(work, 'prompts'));
    mkdirSync(path.join(work, 'recordings'));
    const db = await o.server.createDatabase({ synchronousCommit: o.synchronousCommit });
    cleanups.push(() => db.drop());
    const external = o.external;
    const fake = external ? undefined : await startFakeAri({ timing: { defaultMediaMs: 20, dialTimeoutScale: 1 } });
    if (fake) cleanups.push(() => fake.close());
    const ari = external ? { url: external.ariUrl, username: external.username, password: external.password, app: external.app } : { url: fake?.url ?? '', username: fake?.username ?? '', password: fake?.password ?? '', app: 'callcentre' };
    const { app, ready, logFile } = await startApp(ari, db, work, o.operators * 2 + 100, o.log);
    cleanups.push(async () => {
      if (process.env.BENCH_CALLS_TRACE && fake) {
        writeFileSync(path.join(work, 'ari-requests.json'), JSON.stringify(fake.requests(), null, 1));
        writeFileSync(path.join(work, 'ari-events.json'), JSON.stringify(fake.events(), null, 1));
      }
      if (!app.exited) await app.send({ cmd: 'close' }).catch(() => undefined);
    });
    const accounts = await app.send<OperatorAccount[]>({ cmd: 'operators', count: o.operators });
    for (const a of accounts) fake?.setEndpoint(a.endpoint, { kind: 'manual' });
    const driver: CallDriver = fake ? new Simulation(fake, o.simulation) : new SippDriver(external as ExternalAsterisk);
    cleanups.push(() => driver.close());
    const desktops = await openDesktops(ready.url, accounts, (d, pop, at) => driver.pop(d, pop, at));
    const supervisor = await openDesktop(ready.url, await app.send<OperatorAccount>({ cmd: 'supervisor' }));
    cleanups.push(() => closeDesktops([...desktops, supervisor]));
    o.log(`${desktops.length} operator desktops and a supervisor connected`);
    const leftovers = async () => {
      if (external) return asteriskLeftovers(external);
      const state = (fake as FakeAri).state();
      return { channels: state.channels.length, bridges: state.bridges.length, playbacks: state.playbacks.length, recordings: state.liveRecordings.length };
    };
    return { app, db, driver, desktops, leftovers, url: ready.url, logFile, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startApp(
  ari: { url: string; username: string; password: string; app: string },
  db: BenchDatabase,
  work: string,
  capacity: number,
  log: (l: string) => void,
): Promise<{ app: AppProcess; ready: Ready; logFile: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATA_DIR', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'NODE_OPTIONS']) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_CALLS_LOG_LEVEL ?? 'warn',
    ARI_URL: ari.url,
    ARI_USERNAME: ari.username,
    ARI_PASSWORD: ari.password,
    ARI_APP: ari.app,
    PROMPTS_DIR: path.join(work, 'prompts'),
    RECORDINGS_DIR: path.join(work, 'recordings'),
    WRAPUP_SECONDS: '0',
    ORIGINATE_TIMEOUT_SECONDS: '30',
    QUEUE_ANNOUNCE_SECONDS: '60',
    QUEUE_MAX_WAIT_SECONDS: '600',
    BENCH_CAPACITY: String(capacity),
    ...(db.url ? { DATABASE_URL: db.url } : {}),
  });
  const logFile = path.join(work, 'app.log');
  const out = createWriteStream(logFile);
  // BENCH_CALLS_CPU_PROF=<dir>: a V8 CPU profile of the app process, written when it exits.
  const profile = process.env.BENCH_CALLS_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CALLS_CPU_PROF}`] : [];
  const child = fork(path.join(here, 'app-process.ts'), [], { execArgv: ['--import', 'tsx', '--expose-gc', ...profile], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const app = new AppProcess(child);
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the app did not start within 120 s')), 120_000);
    child.on('message', (message: Ready | StartupFailed | Reply) => {
      if (!('ready' in message)) return;
      clearTimeout(timer);
      if (message.ready) resolve(message);
      else reject(new Error(`the app failed to start: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited during start-up (${code}); see ${logFile}: ${tail(logFile)}`));
    });
  });
  log(`app pid ${app.pid} on ${ready.url}, database ${ready.driver}`);
  return { app, ready, logFile };
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Counts pino lines at warn (40) and above in the app's log, with the most frequent messages. */
export function logLevels(file: string): { warn: number; error: number; top: string[] } {
  const counts = new Map<string, number>();
  let warn = 0;
  let error = 0;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { warn, error, top: [] };
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 50) error += 1;
      else if ((entry.level ?? 0) >= 40) warn += 1;
      else continue;
      const key = `${entry.level}: ${entry.msg ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // not a pino line
    }
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, n]) => `${n}× ${k}`);
  return { warn, error, top };
}
