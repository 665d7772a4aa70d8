/**
 * The PCM WAV files Asterisk's recorder writes (format `wav`: RIFF, a `fmt ` chunk, a `data` chunk). Pure: reads
 * and joins buffers. A call recorded in segments (issue 11 item 2: the recorder ends a recording after 4 s without
 * audio, and the app starts the next one at once) is kept as one file: the segments' audio one after the other.
 */

interface WavParts {
  /** The `fmt ` chunk's body. */
  format: Buffer;
  byteRate: number;
  /** The audio bytes (the data chunk, clipped to the buffer). */
  data: Buffer;
}

function readWav(bytes: Buffer): WavParts | undefined {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let format: Buffer | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) format = bytes.subarray(body, body + size);
    if (id === 'data') {
      if (!format) return undefined;
      const byteRate = format.readUInt32LE(8);
      return byteRate > 0 ? { format, byteRate, data: bytes.subarray(body, Math.min(bytes.length, body + size)) } : undefined;
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

/** Length of a PCM WAV file's audio in milliseconds (rounded), from its own data size; undefined if not a WAV. */
export function wavDurationMs(bytes: Buffer): number | undefined {
  const wav = readWav(bytes);
  return wav ? Math.round((wav.data.length / wav.byteRate) * 1000) : undefined;
}

/**
 * One WAV file with the audio of `first` then `next` (segments of one call, same format). When either is not a WAV
 * of the same format, undefined: the caller keeps what it has rather than write a file no player can read.
 */
export function joinWav(first: Buffer, next: Buffer): Buffer | undefined {
  const a = readWav(first);
  const b = readWav(next);
  if (!a || !b || !a.format.equals(b.format)) return undefined;
  const dataSize = a.data.length + b.data.length;
  const header = Buffer.alloc(12 + 8 + a.format.length + 8);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(header.length - 8 + dataSize, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(a.format.length, 16);
  a.format.copy(header, 20);
  const dataAt = 20 + a.format.length;
  header.write('data', dataAt, 'ascii');
  header.writeUInt32LE(dataSize, dataAt + 4);
  return Buffer.concat([header, a.data, b.data]);
}
