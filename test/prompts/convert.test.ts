import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toAsteriskWav } from '../../src/prompts/audio/convert.js';
import { detectAudio } from '../../src/prompts/audio/decode.js';
import { resample } from '../../src/prompts/audio/resample.js';
import { AudioFormatError } from '../../src/prompts/audio/types.js';
import { decodeWav, readWavFormat } from '../../src/prompts/audio/wav.js';
import { strengthAt, tone, wavBytes } from './audio.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** The converted prompt: 8 kHz mono 16-bit, and its samples. */
function asteriskAudio(wav: Buffer) {
  const format = readWavFormat(wav);
  expect(format).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
  return decodeWav(wav).channelData[0] as Float32Array;
}

describe('IVR prompt conversion to what Asterisk plays (R3)', () => {
  it.each([
    ['16-bit PCM 44.1 kHz stereo', 44_100, 2, 1, 16],
    ['8-bit PCM 11.025 kHz', 11_025, 1, 1, 8],
    ['24-bit PCM 48 kHz', 48_000, 1, 1, 24],
    ['32-bit PCM 16 kHz', 16_000, 1, 1, 32],
    ['32-bit float 48 kHz stereo', 48_000, 2, 3, 32],
    ['A-law 8 kHz', 8_000, 1, 6, 8],
    ['µ-law 8 kHz', 8_000, 1, 7, 8],
  ] as const)('given a WAV in %s, when converted, then it is 8 kHz mono 16-bit with the 440 Hz tone kept and peak at -3 dBFS', async (_case, rate, channels, format, bits) => {
    const bytes = wavBytes(Array.from({ length: channels }, () => tone(440, 1, rate)), rate, format, bits);
    const converted = await toAsteriskWav(bytes, 300);
    const samples = asteriskAudio(converted.wav);
    expect(converted.source).toEqual({ kind: 'wav', sampleRate: rate, channels });
    expect(converted.durationSeconds).toBeCloseTo(1, 2);
    expect(strengthAt(samples, 440, 8000)).toBeGreaterThan(0.6);
    const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeCloseTo(10 ** (-3 / 20), 1);
  });

  it.each([
    ['an MP3 (44.1 kHz stereo)', 'tone-44k-stereo.mp3', 'mp3', 44_100, 2],
    ['an OGG Vorbis (22.05 kHz)', 'tone-22k.ogg', 'ogg-vorbis', 22_050, 1],
    ['an OGG Opus voice note (48 kHz)', 'tone-48k.opus.ogg', 'ogg-opus', 48_000, 1],
  ] as const)('given %s, when converted with the decoders shipped in npm packages, then the tone is kept at 8 kHz mono', async (_case, file, kind, rate, channels) => {
    const converted = await toAsteriskWav(fixture(file), 300);
    const samples = asteriskAudio(converted.wav);
    expect(converted.source).toEqual({ kind, sampleRate: rate, channels });
    expect(converted.durationSeconds).toBeGreaterThan(0.9);
    expect(converted.durationSeconds).toBeLessThan(1.2);
    expect(strengthAt(samples.subarray(800, 6400), 440, 8000)).toBeGreaterThan(0.5);
  });

  it('given a 44.1 kHz recording with a 6 kHz whistle, when resampled to 8 kHz, then the whistle is filtered out instead of folding back to 2 kHz', () => {
    const mixed = tone(440, 1, 44_100, 0.4).map((s, i) => s + 0.4 * Math.sin((2 * Math.PI * 6000 * i) / 44_100));
    const out = resample(mixed, 44_100, 8000);
    expect(strengthAt(out, 440, 8000)).toBeGreaterThan(0.35);
    expect(strengthAt(out, 2000, 8000)).toBeLessThan(0.01);
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj'), 'không nhận ra định dạng'],
    ['random bytes', Buffer.alloc(2000, 7), 'không nhận ra định dạng'],
    ['an OGG with no audio stream we know', Buffer.concat([Buffer.from('OggS'), Buffer.alloc(200)]), 'không nhận ra định dạng'],
    ['a WAV with a header only', wavBytes([new Float32Array(0)], 8000, 1, 16), 'rỗng'],
    ['a 12-bit WAV', Buffer.from(wavBytes([tone(440, 0.1, 8000)], 8000, 1, 16).map((b, i) => (i === 34 ? 12 : b))), 'không hỗ trợ'],
    ['a truncated RIFF', Buffer.from('RIFF\x00\x00\x00\x00WAVE'), 'không có dữ liệu'],
  ])('given %s, when converted, then it is refused as not audio we can read', async (_case, bytes, message) => {
    await expect(toAsteriskWav(bytes, 300)).rejects.toThrow(AudioFormatError);
    await expect(toAsteriskWav(bytes, 300)).rejects.toThrow(message);
  });

  it('given an MP3 with its bytes corrupted after the header, when converted, then it is refused, not crashed on', async () => {
    const mp3 = fixture('tone-44k-stereo.mp3');
    const broken = Buffer.concat([mp3.subarray(0, 4), Buffer.alloc(4000, 0)]);
    expect(detectAudio(broken)).toBe('mp3');
    await expect(toAsteriskWav(broken, 300)).rejects.toThrow(AudioFormatError);
  });

  it('given a recording longer than allowed, when converted, then it is refused with its length', async () => {
    await expect(toAsteriskWav(wavBytes([tone(440, 3, 8000)], 8000, 1, 16), 2)).rejects.toThrow('dài 3 giây, quá 2 giây');
  });
});
