import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
/** Real Asterisk recordings next to the repository (CI has them too)… */
export const SHARED_CAPTURES = resolve(repoRoot, '../shared/ari/captures');
/** …and copies of the ones the tests replay. */
export const FIXTURE_CAPTURES = resolve(here, '../fixtures');

export type CaptureEvent = Record<string, unknown> & { type: string; timestamp: string };

export interface CaptureAction {
  at: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  body?: unknown;
  status: number;
  ms: number;
  response?: unknown;
}

export interface Capture {
  events: CaptureEvent[];
  actions: CaptureAction[];
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** `FAKE_ARI_USE_FIXTURES=1` forces the copies (to check them). */
function captureFile(scenario: string, suffix: string): string {
  const shared = join(SHARED_CAPTURES, `${scenario}${suffix}`);
  const useShared = existsSync(shared) && process.env.FAKE_ARI_USE_FIXTURES !== '1';
  return useShared ? shared : join(FIXTURE_CAPTURES, `${scenario}${suffix}`);
}

export function loadCapture(scenario: string): Capture {
  const actionsFile = captureFile(scenario, '.actions.jsonl');
  return {
    events: readJsonl<CaptureEvent>(captureFile(scenario, '.jsonl')),
    actions: existsSync(actionsFile) ? readJsonl<CaptureAction>(actionsFile) : [],
  };
}

/** Events that carry no call-flow meaning (finding 8) and vary run to run. */
export const NOISE = new Set(['ChannelVarset', 'ChannelDialplan', 'DeviceStateChanged', 'ChannelConnectedLine', 'ChannelCallerId']);

/** Drop noise and collapse identical consecutive events (Asterisk sometimes sends them twice). */
export function meaningful<T extends { type: string }>(events: T[]): T[] {
  const result: T[] = [];
  let previous = '';
  for (const event of events) {
    if (NOISE.has(event.type)) continue;
    const text = JSON.stringify(event);
    if (text === previous) continue;
    previous = text;
    result.push(event);
  }
  return result;
}

function field(event: Record<string, unknown>, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The comparable part of an event: its type plus the field that tells its meaning. */
export function signature(event: Record<string, unknown> & { type: string }): string {
  switch (event.type) {
    case 'Dial':
      return `Dial:${String(event.dialstatus)}`;
    case 'ChannelStateChange':
      return `ChannelStateChange:${String(field(event, 'channel.state'))}`;
    case 'ChannelHangupRequest':
      return `ChannelHangupRequest:${String(event.cause ?? '-')}${event.soft ? ':soft' : ''}`;
    case 'ChannelDestroyed':
      return `ChannelDestroyed:${String(event.cause)}`;
    case 'PlaybackStarted':
    case 'PlaybackContinuing':
    case 'PlaybackFinished':
      return `${event.type}:${String(field(event, 'playback.state'))}`;
    case 'RecordingStarted':
    case 'RecordingFinished':
      return `${event.type}:${String(field(event, 'recording.state'))}`;
    case 'ChannelDtmfReceived':
      return `ChannelDtmfReceived:${String(event.digit)}`;
    case 'StasisStart':
      return `StasisStart:${String((event.args as string[] | undefined)?.[0] ?? '')}`;
    default:
      return event.type;
  }
}

/** Types whose relative order Asterisk does not keep stable when adjacent (seen across captures). */
const COMMUTING = [new Set(['ChannelStateChange', 'Dial']), new Set(['StasisEnd', 'RecordingFinished'])];

/** Sort each run of adjacent commuting events by type (stable), so both sides compare equal. */
export function canonical(signatures: string[]): string[] {
  const result = [...signatures];
  const typeOf = (s: string): string => s.split(':')[0] ?? s;
  for (const group of COMMUTING) {
    let start = 0;
    while (start < result.length) {
      if (!group.has(typeOf(result[start] ?? ''))) {
        start++;
        continue;
      }
      let end = start;
      while (end < result.length && group.has(typeOf(result[end] ?? ''))) end++;
      const run = result.slice(start, end).sort((a, b) => typeOf(a).localeCompare(typeOf(b)));
      result.splice(start, run.length, ...run);
      start = end;
    }
  }
  return result;
}
