import { describe, expect, it } from 'vitest';
import { endpointOfChannel, ManifestError, parseManifest } from '../../src/fallback/manifest.js';
import { readWavHeader } from '../../src/fallback/wav.js';
import { wavBytes } from './support.js';

const start = 'start v=1 uniqueid=1764900000.42 linkedid=1764900000.42 caller=0912345678 number=1022 at=2026-12-05T09:00:00.125+0700\n';

describe('the fallback manifest (asterisk-config [stasis-fallback]) — issue 11 item 11', () => {
  it('given a whole manifest, when it is read, then every event is taken with its time in UTC', () => {
    const m = parseManifest(
      start +
        'record file=1764900000.42.wav at=2026-12-05T09:00:14.300+0700\n' +
        'answered by=PJSIP/op101-0000002a at=2026-12-05T09:00:19.870+0700\n' +
        'dialled status=ANSWER at=2026-12-05T09:01:20.990+0700\n' +
        'end status=ANSWER cause=16 at=2026-12-05T09:01:21.002+0700\n',
    );
    expect(m).toEqual({
      uniqueId: '1764900000.42',
      linkedId: '1764900000.42',
      callerNumber: '0912345678',
      dialledNumber: '1022',
      startedAt: new Date('2026-12-05T02:00:00.125Z'),
      recording: { file: '1764900000.42.wav', startedAt: new Date('2026-12-05T02:00:14.300Z') },
      answered: { channel: 'PJSIP/op101-0000002a', at: new Date('2026-12-05T02:00:19.870Z') },
      dialled: { status: 'ANSWER', at: new Date('2026-12-05T02:01:20.990Z') },
      end: { dialStatus: 'ANSWER', cause: 16, at: new Date('2026-12-05T02:01:21.002Z') },
      lastEventAt: new Date('2026-12-05T02:01:21.002Z'),
    });
  });

  it('given a line still being written (no newline yet), when the manifest is read, then that line does not count', () => {
    expect(parseManifest(`${start}end status=CANCEL cau`).end).toBeNull();
    expect(() => parseManifest('start v=1 uniqueid=17649')).toThrow(ManifestError);
  });

  it('given a caller who hung up while the phones rang, when the manifest is read, then no one answered, Dial did not return, the cause is kept', () => {
    const m = parseManifest(`${start}record file=1764900000.42.wav at=2026-12-05T09:00:14.300+0700\nend status=CANCEL cause=16 at=2026-12-05T09:00:20.000+0700\n`);
    expect(m).toMatchObject({ answered: null, dialled: null, end: { dialStatus: 'CANCEL', cause: 16 } });
  });

  it('given values a dialplan could not have written (path in the file name, another version, a bad time), when read, then the manifest is refused', () => {
    expect(() => parseManifest(`${start}record file=../../etc/passwd at=2026-12-05T09:00:14.300+0700\n`)).toThrow(ManifestError);
    expect(() => parseManifest(`${start}record file=other.wav at=2026-12-05T09:00:14.300+0700\n`)).toThrow(ManifestError);
    expect(() => parseManifest(start.replace('v=1', 'v=2'))).toThrow(ManifestError);
    expect(() => parseManifest(start.replace('2026-12-05T09:00:00.125+0700', 'yesterday'))).toThrow(ManifestError);
    expect(() => parseManifest(start.replace('caller=0912345678', 'caller=09;rm'))).toThrow(ManifestError);
  });

  it('given Unix seconds as the time (another dialplan), when read, then they are taken too', () => {
    expect(parseManifest(start.replace('2026-12-05T09:00:00.125+0700', '1764900000.125')).startedAt).toEqual(new Date(1_764_900_000_125));
  });

  it('given channel names of the phone that answered, when mapped to the app\'s endpoints, then PJSIP/op101-0000002a is PJSIP/op101', () => {
    expect(endpointOfChannel('PJSIP/op101-0000002a')).toBe('PJSIP/op101');
    expect(endpointOfChannel('PJSIP/emerg01-000001f3')).toBe('PJSIP/emerg01');
    expect(endpointOfChannel('Local/0912345678@trunk-00000001;2')).toBe('Local/0912345678@trunk');
    expect(endpointOfChannel('garbage')).toBeNull();
  });
});

describe('the fallback recording\'s WAV header (format_wav)', () => {
  it('given a file Asterisk closed, when its header is read, then it is complete with the audio length', () => {
    const bytes = wavBytes(2_500, { closed: true });
    expect(readWavHeader(bytes.subarray(0, 44), bytes.length)).toEqual({ complete: true, durationMs: 2_500 });
  });

  it('given a file MixMonitor is still writing (sizes 0 in the header), when read, then it is not complete and its length comes from the file', () => {
    const bytes = wavBytes(1_000, { closed: false });
    expect(readWavHeader(bytes.subarray(0, 44), bytes.length)).toEqual({ complete: false, durationMs: 1_000 });
  });

  it('given something that is not a WAV file, when read, then there is no header', () => {
    expect(readWavHeader(Buffer.from('not a wav file at all, not even close to forty-four'), 52)).toBeNull();
  });
});
