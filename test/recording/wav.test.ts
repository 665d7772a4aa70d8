import { describe, expect, it } from 'vitest';
import { joinWav, wavDurationMs } from '../../src/recording/wav.js';
import { wavBytes } from '../fallback/support.js';

/** Issue 11 items 2 and 9 (R5): a call recorded in segments is one file; its length is the file's own, in ms. */
describe('WAV files of call recordings', () => {
  it('given a WAV of 8.9 s, then its length is 8900 ms (not whole seconds)', () => {
    expect(wavDurationMs(wavBytes(8_900))).toBe(8_900);
    expect(wavDurationMs(Buffer.from('not a wav'))).toBeUndefined();
  });

  it('given two segments of the same format, when joined, then one WAV holds both audios one after the other', () => {
    const first = wavBytes(1_250);
    const second = wavBytes(2_000);
    const joined = joinWav(first, second)!;
    expect(wavDurationMs(joined)).toBe(3_250);
    expect(joined.length).toBe(first.length + second.length - 44);
    expect(joined.subarray(44)).toEqual(Buffer.concat([first.subarray(44), second.subarray(44)]));
    expect(joined.readUInt32LE(4)).toBe(joined.length - 8);
  });

  it('given segments of different formats or not WAV, then they are not joined', () => {
    const other = Buffer.from(wavBytes(500));
    other.writeUInt32LE(16_000, 24); // another sample rate
    expect(joinWav(wavBytes(500), other)).toBeUndefined();
    expect(joinWav(wavBytes(500), Buffer.from('x'))).toBeUndefined();
  });
});
