/**
 * The IVR prompt files under PROMPTS_DIR (R3): which exist, what they are (rate, channels, length), the default
 * Vietnamese set (scripts/prompts.vi.tsv), and writing a converted upload in place atomically. Nothing is cached:
 * every answer reads the disk, and calls check the file at each playback (src/telephony/prompts.ts), so a prompt
 * written here is heard on the next call.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSafePromptName } from '../ivr/validate.js';
import { promptExtensions, promptFileOf } from '../telephony/prompts.js';
import { DomainError } from '../web/errors.js';
import { readWavFormat } from './audio/wav.js';

export const defaultPromptsTsv = fileURLToPath(new URL('../../scripts/prompts.vi.tsv', import.meta.url));
export const generatorScript = fileURLToPath(new URL('../../scripts/generate-prompts.sh', import.meta.url));

/** Names and texts of the default Vietnamese prompts, as the app plays them ("vi/greeting"). */
export function defaultPrompts(tsv = defaultPromptsTsv): Array<{ name: string; text: string }> {
  if (!existsSync(tsv)) return [];
  return readFileSync(tsv, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && line.includes('\t'))
    .map((line) => {
      const [name = '', ...text] = line.split('\t');
      return { name: `vi/${name}`, text: text.join('\t') };
    });
}

export interface PromptInfo {
  name: string;
  present: boolean;
  /** The file's extension (wav, gsm, …), null when missing. */
  format: string | null;
  sampleRate: number | null;
  channels: number | null;
  durationSeconds: number | null;
  sizeBytes: number | null;
  updatedAt: Date | null;
  /** A WAV file Asterisk plays as is: 8 kHz, mono, 16-bit PCM. */
  asteriskReady: boolean;
}

export const promptsDirNotWritable = () =>
  new DomainError(503, 'PROMPTS_DIR_NOT_WRITABLE', 'Không ghi được vào thư mục lời chào (PROMPTS_DIR): máy chủ chỉ cho đọc. Hãy cấp quyền ghi cho thư mục này.');

export class PromptLibrary {
  constructor(readonly dir: string) {}

  file(name: string): string | undefined {
    return isSafePromptName(name) ? promptFileOf(this.dir, name) : undefined;
  }

  async describe(name: string): Promise<PromptInfo> {
    const file = this.file(name);
    const missing: PromptInfo = { name, present: false, format: null, sampleRate: null, channels: null, durationSeconds: null, sizeBytes: null, updatedAt: null, asteriskReady: false };
    if (!file) return missing;
    const stats = await stat(file).catch(() => undefined);
    if (!stats) return missing;
    const format = path.extname(file).slice(1);
    const info: PromptInfo = { ...missing, present: true, format, sizeBytes: stats.size, updatedAt: stats.mtime };
    if (format !== 'wav') return info;
    try {
      const head = await readHead(file, 4096);
      const wav = readWavFormat(head);
      const dataBytes = Math.min(wav.dataBytes, stats.size - wav.dataOffset);
      const bytesPerFrame = (wav.bitsPerSample / 8) * wav.channels;
      return {
        ...info,
        sampleRate: wav.sampleRate,
        channels: wav.channels,
        durationSeconds: bytesPerFrame > 0 ? Math.round((dataBytes / bytesPerFrame / wav.sampleRate) * 100) / 100 : null,
        asteriskReady: wav.format === 1 && wav.bitsPerSample === 16 && wav.channels === 1 && wav.sampleRate === 8000,
      };
    } catch {
      return info; // present but not a readable WAV: Asterisk will not play it either
    }
  }

  /** Prompt names of the files under the directory (at most 4 levels, `limit` files). */
  async presentNames(limit = 2000): Promise<string[]> {
    const names = new Set<string>();
    const walk = async (relative: string, depth: number): Promise<void> => {
      if (depth > 4 || names.size >= limit) return;
      const entries = await readdir(path.join(this.dir, relative), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(child, depth + 1);
        else {
          const ext = path.extname(entry.name).slice(1);
          const name = child.slice(0, child.length - ext.length - 1);
          if ((promptExtensions as readonly string[]).includes(ext) && isSafePromptName(name)) names.add(name);
        }
      }
    };
    await walk('', 0);
    return [...names];
  }

  /** Writes a prompt's WAV in place (temporary file, then rename: a call never plays half a file). */
  async save(name: string, wav: Buffer): Promise<void> {
    const target = path.join(this.dir, `${name}.wav`);
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(temporary, wav);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EEXIST') throw promptsDirNotWritable();
      throw error;
    }
  }
}

async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
