/**
 * The trace the dialplan fallback leaves of a call (asterisk-config/extensions.conf, `[stasis-fallback]` and
 * `[fallback-trace]`): one file `<uniqueid>.call` per call in the fallback directory, one line per event, appended
 * by Asterisk's FILE() as the call goes (no extra module, nothing that needs the app to be up):
 *
 *   start v=1 uniqueid=1764900000.42 linkedid=1764900000.42 caller=0912345678 number=1022 at=2026-12-05T09:00:00.125+0700
 *   record file=1764900000.42.wav at=2026-12-05T09:00:14.300+0700
 *   answered by=PJSIP/op101-0000002a at=2026-12-05T09:00:19.870+0700
 *   dialled status=ANSWER at=2026-12-05T09:01:20.990+0700
 *   end status=ANSWER cause=16 at=2026-12-05T09:01:21.002+0700
 *
 * (`answered` is written on the operator's leg by Dial's U() subroutine; `dialled` when Dial returns to the dialplan,
 * i.e. the operator hung up or nobody answered — a caller who hangs up leaves Dial without it; `end` by the caller's
 * hangup handler.)
 *
 * Values never hold spaces (the dialplan FILTER()s them); `at` is Asterisk's local time with milliseconds and its UTC
 * offset (STRFTIME's %z: right whatever time zone the container runs in), or Unix seconds. A line
 * counts only once its newline is written: a line being written is not read. Pure: no I/O here.
 */

export interface FallbackManifest {
  /** Asterisk's uniqueid of the caller's channel (= the ARI channel id): the call's identity across instances. */
  uniqueId: string;
  linkedId: string | null;
  callerNumber: string;
  dialledNumber: string;
  /** When the fallback took the call (the app's Stasis() attempt fails at once, so ≈ the arrival). */
  startedAt: Date;
  /** The MixMonitor file (a name in the fallback directory) and when it started; null = the caller left before. */
  recording: { file: string; startedAt: Date } | null;
  /** The phone that answered (a channel name, e.g. PJSIP/op101-0000002a) and when; null = nobody answered. */
  answered: { channel: string; at: Date } | null;
  /** Dial returned to the dialplan (the called side hung up, or nobody answered); null = it did not (caller hung up). */
  dialled: { at: Date; status: string | null } | null;
  /** The caller's hangup (the hangup handler's line); null = not over yet, or Asterisk stopped before writing it. */
  end: { at: Date; dialStatus: string | null; cause: number | null } | null;
  /** The newest event's time: for a call whose end never came. */
  lastEventAt: Date;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const idPattern = /^[-._0-9A-Za-z]{1,150}$/;
const numberPattern = /^\+?[0-9]{0,32}$/;
const channelPattern = /^[-/._0-9A-Za-z]{1,200}$/;

function parseLine(line: string): { event: string; values: Map<string, string> } {
  const [event = '', ...pairs] = line.trim().split(/ +/);
  const values = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ManifestError(`malformed field in a "${event}" line`);
    values.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return { event, values };
}

const localTime = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]{1,6})?([+-][0-9]{2})([0-9]{2})$/;

function instant(values: Map<string, string>, event: string): Date {
  const text = values.get('at') ?? '';
  const local = localTime.exec(text);
  const at = local
    ? new Date(`${local[1]}${(local[2] ?? '').slice(0, 4)}${local[3]}:${local[4]}`)
    : /^[0-9]{9,11}(\.[0-9]{1,6})?$/.test(text)
      ? new Date(Math.round(Number(text) * 1000))
      : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw new ManifestError(`"${event}" has no valid time`);
  return at;
}

function required(values: Map<string, string>, key: string, pattern: RegExp, event: string): string {
  const value = values.get(key) ?? '';
  if (!pattern.test(value)) throw new ManifestError(`"${event}" has no valid ${key}`);
  return value;
}

/** Reads a manifest's complete lines. Throws ManifestError when it is not one (no start line, bad values). */
export function parseManifest(text: string): FallbackManifest {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = complete.split('\n').filter((l) => l.trim() !== '');
  const first = lines[0];
  if (!first) throw new ManifestError('no complete line yet');
  const start = parseLine(first);
  if (start.event !== 'start' || start.values.get('v') !== '1') throw new ManifestError('the first line is not a version 1 start');
  const uniqueId = required(start.values, 'uniqueid', idPattern, 'start');
  const linked = start.values.get('linkedid') ?? '';
  const manifest: FallbackManifest = {
    uniqueId,
    linkedId: idPattern.test(linked) ? linked : null,
    callerNumber: required(start.values, 'caller', numberPattern, 'start'),
    dialledNumber: required(start.values, 'number', numberPattern, 'start'),
    startedAt: instant(start.values, 'start'),
    recording: null,
    answered: null,
    dialled: null,
    end: null,
    lastEventAt: instant(start.values, 'start'),
  };
  for (const line of lines.slice(1)) {
    const { event, values } = parseLine(line);
    const at = instant(values, event);
    if (at > manifest.lastEventAt) manifest.lastEventAt = at;
    if (event === 'record') {
      const file = values.get('file') ?? '';
      // Only the call's own file, in the same directory: a name from the file is never a path.
      if (file !== `${uniqueId}.wav`) throw new ManifestError('"record" names another file than the call\'s');
      manifest.recording ??= { file, startedAt: at };
    } else if (event === 'answered') {
      manifest.answered ??= { channel: required(values, 'by', channelPattern, event), at };
    } else if (event === 'dialled') {
      const status = values.get('status') ?? '';
      manifest.dialled ??= { at, status: /^[A-Z]{1,20}$/.test(status) ? status : null };
    } else if (event === 'end') {
      const cause = values.get('cause') ?? '';
      const status = values.get('status') ?? '';
      manifest.end = { at, dialStatus: /^[A-Z]{1,20}$/.test(status) ? status : null, cause: /^[0-9]{1,3}$/.test(cause) ? Number(cause) : null };
    }
    // Unknown events (a later dialplan) are skipped.
  }
  return manifest;
}

/** The operator's phone as the app names it (sip_endpoints.endpoint) from a channel name: PJSIP/op101-0000002a → PJSIP/op101. */
export function endpointOfChannel(channel: string): string | null {
  const match = /^([A-Za-z]+\/[^/]+?)-[0-9a-f]{8,}(;[0-9]+)?$/.exec(channel);
  return match?.[1] ?? null;
}
