/**
 * WAV (RIFF/WAVE) read and write, in JS: PCM 8/16/24/32-bit, IEEE float 32/64, A-law and µ-law, and
 * WAVE_FORMAT_EXTENSIBLE; what phones and PC recorders save. Written: mono 16-bit PCM, what Asterisk plays.
 */
import { AudioFormatError, type DecodedAudio } from './types.js';

const PCM = 1;
const FLOAT = 3;
const ALAW = 6;
const MULAW = 7;
const EXTENSIBLE = 0xfffe;

export interface WavFormat {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataOffset: number;
  dataBytes: number;
}

export function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE';
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** The fmt and data chunks of a WAV file (chunks in any order, odd sizes padded; a data size past the end is clamped). */
export function readWavFormat(bytes: Uint8Array): WavFormat {
  if (!isWav(bytes)) throw new AudioFormatError('không phải tệp WAV');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let fmt: Omit<WavFormat, 'dataOffset' | 'dataBytes'> | undefined;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new AudioFormatError('tệp WAV hỏng (fmt)');
      let format = view.getUint16(body, true);
      if (format === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) format = view.getUint16(body + 24, true);
      fmt = { format, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bitsPerSample: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!fmt) throw new AudioFormatError('tệp WAV hỏng (data trước fmt)');
      return { ...fmt, dataOffset: body, dataBytes: Math.min(size, bytes.length - body) };
    }
    offset = body + size + (size % 2);
  }
  throw new AudioFormatError('tệp WAV không có dữ liệu âm thanh');
}

const alawToLinear = (value: number): number => {
  const a = value ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = exponent === 0 ? t + 8 : ((t + 0x108) << (exponent - 1));
  return (a & 0x80 ? t : -t) / 32768;
};

const mulawToLinear = (value: number): number => {
  const u = ~value & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return (u & 0x80 ? 0x84 - t : t - 0x84) / 32768;
};

/** The samples of a WAV file, each channel as floats in [-1, 1]. */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const f = readWavFormat(bytes);
  if (f.channels < 1 || f.channels > 8 || f.sampleRate < 4000 || f.sampleRate > 192_000) {
    throw new AudioFormatError(`định dạng WAV không hỗ trợ (${f.channels} kênh, ${f.sampleRate} Hz)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + f.dataOffset, f.dataBytes);
  const read = sampleReader(f, view);
  const bytesPerSample = f.bitsPerSample / 8;
  const frames = Math.floor(f.dataBytes / (bytesPerSample * f.channels));
  const channelData = Array.from({ length: f.channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < f.channels; c++) (channelData[c] as Float32Array)[i] = read((i * f.channels + c) * bytesPerSample);
  }
  return { channelData, sampleRate: f.sampleRate };
}

function sampleReader(f: WavFormat, view: DataView): (offset: number) => number {
  const key = `${f.format}/${f.bitsPerSample}`;
  switch (key) {
    case `${PCM}/8`:
      return (o) => (view.getUint8(o) - 128) / 128;
    case `${PCM}/16`:
      return (o) => view.getInt16(o, true) / 32768;
    case `${PCM}/24`:
      return (o) => ((view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608);
    case `${PCM}/32`:
      return (o) => view.getInt32(o, true) / 2147483648;
    case `${FLOAT}/32`:
      return (o) => view.getFloat32(o, true);
    case `${FLOAT}/64`:
      return (o) => view.getFloat64(o, true);
    case `${ALAW}/8`:
      return (o) => alawToLinear(view.getUint8(o));
    case `${MULAW}/8`:
      return (o) => mulawToLinear(view.getUint8(o));
    default:
      throw new AudioFormatError(`kiểu mã hoá WAV không hỗ trợ (format ${f.format}, ${f.bitsPerSample} bit)`);
  }
}

/** A mono 16-bit PCM WAV file of `samples` (floats, clipped to [-1, 1]). */
export function encodeWavMono16(samples: Float32Array, sampleRate: number): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(PCM, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    out.writeInt16LE(Math.round(s < 0 ? s * 32768 : s * 32767), 44 + i * 2);
  }
  return out;
}
