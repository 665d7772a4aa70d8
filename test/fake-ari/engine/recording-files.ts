import { copyFileSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SAMPLE_RATE = 8000;
/** Cap the silence written so a long test call does not fill the disk. */
const MAX_SECONDS = 600;

export function recordingPath(dir: string, name: string, format: string): string {
  return join(dir, `${name}.${format}`);
}

/** 8 kHz 16-bit mono WAV of silence lasting `durationMs`. */
export function silentWav(durationMs: number): Buffer {
  const samples = Math.round((Math.min(durationMs, MAX_SECONDS * 1000) / 1000) * SAMPLE_RATE);
  const dataBytes = samples * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

export function writeRecordingFile(dir: string, name: string, format: string, durationMs: number): void {
  const path = recordingPath(dir, name, format);
  mkdirSync(dirname(path), { recursive: true });
  const bytes = format.startsWith('wav') ? silentWav(durationMs) : Buffer.alloc(Math.round(durationMs * 8));
  writeFileSync(path, bytes);
}

export function readRecordingFile(dir: string, name: string, format: string): Buffer | undefined {
  const path = recordingPath(dir, name, format);
  return existsSync(path) ? readFileSync(path) : undefined;
}

export function deleteRecordingFile(dir: string, name: string, format: string): void {
  const path = recordingPath(dir, name, format);
  if (existsSync(path)) unlinkSync(path);
}

export function copyRecordingFile(dir: string, from: string, to: string, format: string): void {
  const target = recordingPath(dir, to, format);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(recordingPath(dir, from, format), target);
}
