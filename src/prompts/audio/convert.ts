import { decodeAudio, type AudioKind } from './decode.js';
import { mixToMono, normalise, resample } from './resample.js';
import { AudioFormatError } from './types.js';
import { encodeWavMono16 } from './wav.js';

/** What Asterisk plays from a `.wav` file without transcoding: 8 kHz mono 16-bit PCM (slin). */
export const asteriskSampleRate = 8000;

export interface ConvertedPrompt {
  wav: Buffer;
  durationSeconds: number;
  source: { kind: AudioKind; sampleRate: number; channels: number };
}

/**
 * A recording (WAV, MP3, OGG Vorbis or Opus) → the prompt file Asterisk plays: mono, 8 kHz, 16-bit, peak at
 * -3 dBFS. Throws AudioFormatError for bytes that are not such audio, for silence-only files of no length and for
 * recordings longer than `maxSeconds`.
 */
export async function toAsteriskWav(bytes: Uint8Array, maxSeconds: number): Promise<ConvertedPrompt> {
  const { kind, audio } = await decodeAudio(bytes);
  const frames = audio.channelData[0]?.length ?? 0;
  const seconds = frames / audio.sampleRate;
  if (frames === 0) throw new AudioFormatError('tệp âm thanh rỗng');
  if (seconds > maxSeconds) throw new AudioFormatError(`bản ghi dài ${Math.round(seconds)} giây, quá ${maxSeconds} giây cho phép`);
  const mono = normalise(resample(mixToMono(audio.channelData), audio.sampleRate, asteriskSampleRate));
  return {
    wav: encodeWavMono16(mono, asteriskSampleRate),
    durationSeconds: mono.length / asteriskSampleRate,
    source: { kind, sampleRate: audio.sampleRate, channels: audio.channelData.length },
  };
}
