/**
 * Audio bytes → samples, whatever a phone or a PC recorded: WAV (read in JS), MP3 (mpg123 compiled to WebAssembly,
 * `mpg123-decoder`), Ogg Vorbis (`@wasm-audio-decoders/ogg-vorbis`) and Ogg Opus (`ogg-opus-decoder`: voice notes).
 * The decoders ship their WebAssembly inside the npm packages: nothing to install on the machine. The type is told
 * by the bytes, never by the file name or the declared content type.
 */
import { AudioFormatError, type DecodedAudio } from './types.js';
import { decodeWav, isWav } from './wav.js';

export type AudioKind = 'wav' | 'mp3' | 'ogg-vorbis' | 'ogg-opus';

function contains(bytes: Uint8Array, text: string, within: number): boolean {
  const needle = Buffer.from(text, 'latin1');
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, within)).includes(needle);
}

/** What the bytes are, or undefined when they are none of the kinds we read. */
export function detectAudio(bytes: Uint8Array): AudioKind | undefined {
  if (isWav(bytes)) return 'wav';
  if (bytes.length >= 4 && bytes[0] === 0x4f && bytes[1] === 0x67 && bytes[2] === 0x67 && bytes[3] === 0x53) {
    if (contains(bytes, 'OpusHead', 512)) return 'ogg-opus';
    if (contains(bytes, '\x01vorbis', 512)) return 'ogg-vorbis';
    return undefined;
  }
  if (bytes.length >= 3 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) return 'mp3'; // ID3 tag
  // An MPEG audio frame header: 11 sync bits, a valid version and layer, a valid bitrate and sample rate.
  if (bytes.length >= 4 && bytes[0] === 0xff && ((bytes[1] as number) & 0xe0) === 0xe0) {
    const version = ((bytes[1] as number) >> 3) & 3;
    const layer = ((bytes[1] as number) >> 1) & 3;
    const bitrate = (bytes[2] as number) >> 4;
    const rate = ((bytes[2] as number) >> 2) & 3;
    if (version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3) return 'mp3';
  }
  return undefined;
}

interface WasmDecoder {
  ready: Promise<void>;
  free(): void;
}

async function withDecoder<D extends WasmDecoder, R>(decoder: D, use: (d: D) => Promise<R> | R): Promise<R> {
  await decoder.ready;
  try {
    return await use(decoder);
  } finally {
    decoder.free();
  }
}

function checked(result: { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number }, kind: string): DecodedAudio {
  if (result.samplesDecoded === 0 || result.channelData.length === 0 || !result.sampleRate) {
    throw new AudioFormatError(`không đọc được âm thanh trong tệp ${kind}`);
  }
  return { channelData: result.channelData.map((c) => c.subarray(0, result.samplesDecoded)), sampleRate: result.sampleRate };
}

export async function decodeAudio(bytes: Uint8Array): Promise<{ kind: AudioKind; audio: DecodedAudio }> {
  const kind = detectAudio(bytes);
  switch (kind) {
    case 'wav':
      return { kind, audio: decodeWav(bytes) };
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      return { kind, audio: await withDecoder(new MPEGDecoder(), (d) => checked(d.decode(bytes), 'MP3')) };
    }
    case 'ogg-vorbis': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      return { kind, audio: await withDecoder(new OggVorbisDecoder(), async (d) => checked(await d.decodeFile(bytes), 'OGG')) };
    }
    case 'ogg-opus': {
      const { OggOpusDecoder } = await import('ogg-opus-decoder');
      return { kind, audio: await withDecoder(new OggOpusDecoder(), async (d) => checked(await d.decodeFile(bytes), 'OGG')) };
    }
    default:
      throw new AudioFormatError('không nhận ra định dạng âm thanh (chỉ nhận WAV, MP3, OGG)');
  }
}
