/**
 * What the importer needs of a WAV file Asterisk's MixMonitor wrote (format_wav: a 44-byte header whose two sizes
 * are 0 while it records and are filled in when the file is closed). Pure: reads a header buffer.
 */

export interface WavHeader {
  /** The header's sizes match the file's length: Asterisk closed it. */
  complete: boolean;
  /** Length of the audio, from the data bytes on disk and the byte rate (also for an incomplete file). */
  durationMs: number;
}

/** Reads the first 44 bytes of a WAV file of `fileSize` bytes; null when it is not a PCM WAV header. */
export function readWavHeader(header: Buffer, fileSize: number): WavHeader | null {
  if (header.length < 44 || header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 16) !== 'WAVEfmt ') return null;
  if (header.toString('latin1', 36, 40) !== 'data') return null;
  const byteRate = header.readUInt32LE(28);
  if (byteRate === 0) return null;
  const riffSize = header.readUInt32LE(4);
  const dataSize = header.readUInt32LE(40);
  const onDisk = Math.max(0, fileSize - 44);
  // Closed: RIFF size = file - 8 and data size = the bytes after the header (format_wav may pad one byte after it).
  const complete = (riffSize === fileSize - 8 && dataSize === onDisk) || (riffSize === fileSize - 9 && dataSize === onDisk - 1);
  return { complete, durationMs: Math.round(((complete ? dataSize : onDisk) / byteRate) * 1000) };
}
