/**
 * The `calls` scenario against a real Asterisk: SIPp places the citizens' calls (sipp/citizen-uac.xml, through the
 * trunk to 1022) and answers as every operator's phone (sipp/operator-uas.xml, the PJSIP/opNNN contacts of
 * sipp/operators.conf.sh). Set BENCH_CALLS_ARI_URL to use it (README.md, "Against a real Asterisk"). The phone's
 * scenario is checked without an Asterisk by sipp/check-bye.sh (its BYE, against a UAC playing Asterisk's side).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Desktop } from './desktops.js';
import type { BatchResult } from './simulation.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** How long the operator's phone (sipp/operator-uas.xml) talks after answering before it hangs up. */
export const sippOperatorTalkMs = 5_000;

export interface ExternalAsterisk {
  ariUrl: string;
  username: string;
  password: string;
  app: string;
  /** Asterisk's SIP address for the citizens' INVITEs (host:port). */
  sipTarget: string;
  /** The address SIPp binds (and Asterisk sees as the trunk / the operators' contacts). */
  sippIp: string;
  /** How long a citizen listens before pressing 1 (greeting, recording notice, main menu), ms (sipp -d). */
  greetingMs: number;
  /** New calls per second (sipp -r). */
  rate: number;
}

/** From BENCH_CALLS_ARI_URL & co., or undefined (then the fake Asterisk is used). */
export function externalAsteriskFromEnv(env: NodeJS.ProcessEnv = process.env): ExternalAsterisk | undefined {
  const ariUrl = env.BENCH_CALLS_ARI_URL;
  if (!ariUrl) return undefined;
  return {
    ariUrl,
    username: env.BENCH_CALLS_ARI_USERNAME ?? 'callcentre',
    password: env.BENCH_CALLS_ARI_PASSWORD ?? '',
    app: env.BENCH_CALLS_ARI_APP ?? 'callcentre',
    sipTarget: env.BENCH_CALLS_SIP_TARGET ?? `${new URL(ariUrl).hostname}:5060`,
    sippIp: env.BENCH_CALLS_SIPP_IP ?? '127.0.0.1',
    greetingMs: Number(env.BENCH_CALLS_GREETING_MS ?? 15_000),
    rate: Number(env.BENCH_CALLS_SIPP_RATE ?? 10),
  };
}

/** Counts a real Asterisk's channels and bridges (what must be gone at the end of a batch). */
export async function asteriskLeftovers(a: ExternalAsterisk): Promise<{ channels: number; bridges: number; playbacks: number; recordings: number }> {
  const get = async (route: string) => {
    const response = await fetch(`${a.ariUrl.replace(/\/+$/, '')}/ari${route}`, {
      headers: { authorization: `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}` },
    });
    return response.ok ? ((await response.json()) as unknown[]) : [];
  };
  const [channels, bridges] = await Promise.all([get('/channels'), get('/bridges')]);
  return { channels: channels.length, bridges: bridges.length, playbacks: 0, recordings: 0 };
}

/** Drives batches of calls with SIPp; the screen-pops are timed against the app's Dial RINGING (epoch ms). */
export class SippDriver {
  readonly #uas: ChildProcess;
  /** callId → when the operator's desktop got the pop (epoch ms). */
  readonly popEpochs = new Map<string, number>();

  constructor(private readonly a: ExternalAsterisk) {
    this.#uas = spawn('sipp', ['-sf', path.join(here, 'sipp', 'operator-uas.xml'), '-i', a.sippIp, '-p', '5070', '-nostdin'], { stdio: 'ignore' });
  }

  pop(_desktop: Desktop, pop: { callId: string }, at: number): void {
    this.popEpochs.set(pop.callId, performance.timeOrigin + at);
  }

  async run(concurrency: number, total: number): Promise<BatchResult> {
    const started = performance.now();
    const args = [
      this.a.sipTarget,
      ...['-sf', path.join(here, 'sipp', 'citizen-uac.xml'), '-s', '1022', '-i', this.a.sippIp, '-p', '5080'],
      ...['-l', String(concurrency), '-m', String(total), '-r', String(this.a.rate), '-d', String(this.a.greetingMs), '-nostdin'],
    ];
    const uac = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    uac.stdout.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    });
    const code = await new Promise<number | null>((resolve) => uac.on('exit', resolve));
    const last = (label: string) => Number([...output.matchAll(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, 'g'))].at(-1)?.[1] ?? NaN);
    const successful = last('Successful call');
    const failed = last('Failed call');
    return {
      placed: total,
      // SIPp's view only (a call it could not complete); whether an operator took it comes from the database.
      completed: Number.isFinite(successful) ? successful : code === 0 ? total : 0,
      notConnected: Number.isFinite(failed) ? failed : 0,
      stuck: 0,
      choiceToOriginate: [],
      ringToPop: [],
      popsMissing: 0,
      legsFailed: 0,
      seconds: (performance.now() - started) / 1000,
      phases: {},
      stuckCalls: [],
    };
  }

  close(): void {
    this.#uas.kill('SIGTERM');
  }
}
