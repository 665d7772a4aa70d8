/**
 * Mono mix-down, resampling and level for IVR prompts, in plain JS (no sox, no ffmpeg).
 *
 * Resampling is band-limited interpolation: each output sample is the input convolved with a Blackman-windowed
 * sinc whose cut-off is 0.9 × the lower Nyquist frequency, so a 44.1 kHz recording taken down to 8 kHz keeps the
 * telephone band (up to 3.6 kHz) and folds nothing back into it. Cost: about 2 × 16 × ratio multiplications per
 * output sample (48 kHz → 8 kHz: ~1.5 M per second of audio).
 */

/** The channels averaged into one. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const length = Math.min(...channels.map((c) => c.length));
  const mono = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i] = (mono[i] as number) + (channel[i] as number) / channels.length;
  return mono;
}

const zeroCrossings = 16;

export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input;
  const ratio = fromRate / toRate;
  const cutoff = 0.9 * Math.min(1, toRate / fromRate); // relative to the input's Nyquist frequency
  const halfWidth = Math.ceil(zeroCrossings / cutoff); // input samples on each side
  const length = Math.floor((input.length * toRate) / fromRate);
  const output = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const centre = i * ratio;
    const first = Math.max(0, Math.ceil(centre - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(centre + halfWidth));
    let sum = 0;
    let weights = 0;
    for (let k = first; k <= last; k++) {
      const x = k - centre;
      const w = kernel(x, cutoff, halfWidth);
      sum += (input[k] as number) * w;
      weights += w;
    }
    output[i] = weights !== 0 ? sum / weights : 0;
  }
  return output;
}

function kernel(x: number, cutoff: number, halfWidth: number): number {
  const t = x / halfWidth;
  if (t <= -1 || t >= 1) return 0;
  const window = 0.42 + 0.5 * Math.cos(Math.PI * t) + 0.08 * Math.cos(2 * Math.PI * t); // Blackman, centred
  const arg = Math.PI * cutoff * x;
  const sinc = x === 0 ? 1 : Math.sin(arg) / arg;
  return cutoff * sinc * window;
}

/**
 * Peak level to -3 dBFS, as scripts/generate-prompts.sh does (`norm -3`), with at most +20 dB of gain so that a
 * near-silent recording is not turned into loud noise. Silence stays silence.
 */
export function normalise(samples: Float32Array, targetDb = -3, maxGainDb = 20): Float32Array {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  if (peak === 0) return samples;
  const gain = Math.min(10 ** (targetDb / 20) / peak, 10 ** (maxGainDb / 20));
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] as number) * gain;
  return out;
}
