/** Test audio made in code: tones as WAV in the encodings phones and PCs save. */
export function tone(frequency: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return samples;
}

/** A WAV file: format 1 (PCM 8/16/24/32), 3 (float 32), 6 (A-law), 7 (µ-law); channels interleaved from `channels`. */
export function wavBytes(channels: Float32Array[], sampleRate: number, format: 1 | 3 | 6 | 7, bits: number): Buffer {
  const frames = channels[0]?.length ?? 0;
  const bytesPerSample = bits / 8;
  const data = Buffer.alloc(frames * channels.length * bytesPerSample);
  let o = 0;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const s = channel[i] as number;
      if (format === 3) data.writeFloatLE(s, o);
      else if (format === 6 || format === 7) data.writeUInt8(format === 6 ? linearToAlaw(s) : linearToMulaw(s), o);
      else if (bits === 8) data.writeUInt8(Math.round(s * 127 + 128), o);
      else if (bits === 16) data.writeInt16LE(Math.round(s * 32767), o);
      else if (bits === 24) data.writeIntLE(Math.round(s * 8388607), o, 3);
      else data.writeInt32LE(Math.round(s * 2147483647), o);
      o += bytesPerSample;
    }
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format, 20);
  header.writeUInt16LE(channels.length, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels.length * bytesPerSample, 28);
  header.writeUInt16LE(channels.length * bytesPerSample, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

// G.711 encoders (the reference algorithm), to check our decoders against.
function linearToMulaw(s: number): number {
  let pcm = Math.round(s * 32767) >> 2;
  const sign = pcm < 0 ? 0x80 : 0;
  if (pcm < 0) pcm = -pcm;
  pcm = Math.min(pcm, 8158) + 33;
  let exponent = 7;
  for (let mask = 0x1000; (pcm & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (pcm >> (exponent + 1)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function linearToAlaw(s: number): number {
  let pcm = Math.round(s * 32767) >> 3;
  const sign = pcm >= 0 ? 0x80 : 0;
  if (pcm < 0) pcm = -pcm - 1;
  const segEnds = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
  const seg = segEnds.findIndex((end) => pcm <= end);
  const value = seg === -1 ? 0x7f : seg < 2 ? (seg << 4) | ((pcm >> 1) & 0x0f) : (seg << 4) | ((pcm >> seg) & 0x0f);
  return (value | sign) ^ 0x55;
}

/** The strength of one frequency in a signal (Goertzel), relative to a full-scale sine of the same length. */
export function strengthAt(samples: Float32Array, frequency: number, sampleRate: number): number {
  const k = (2 * Math.PI * frequency) / sampleRate;
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s = x + 2 * Math.cos(k) * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const power = s1 * s1 + s2 * s2 - 2 * Math.cos(k) * s1 * s2;
  return Math.sqrt(power) / (samples.length / 2);
}
