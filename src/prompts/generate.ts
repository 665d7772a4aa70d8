/**
 * Regenerating the default Vietnamese prompts with the system's espeak-ng and sox, through
 * scripts/generate-prompts.sh (the same script docker-compose's "prompts" service runs). These tools are optional:
 * when one is missing the admin gets 503 PROMPT_TOOLS_MISSING naming it, and uploading recordings still works
 * (the upload path decodes and resamples in JS).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DomainError, conflict } from '../web/errors.js';
import { defaultPrompts, generatorScript } from './library.js';

export const requiredTools = ['bash', 'espeak-ng', 'sox', 'soxi'] as const;

/** The tools of `requiredTools` that are not on the PATH. */
export function missingTools(searchPath = process.env.PATH ?? ''): string[] {
  const dirs = searchPath.split(path.delimiter).filter(Boolean);
  return requiredTools.filter(
    (tool) =>
      !dirs.some((dir) => {
        try {
          accessSync(path.join(dir, tool), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

export interface GenerationReport {
  created: number;
  updated: number;
  unchanged: number;
  kept: number;
  names: string[];
}

let running: Promise<unknown> | undefined;

/**
 * Generates `names` (default prompts, "vi/…"; all when empty) into `<promptsDir>/vi`. Without `overwrite` only the
 * missing files are created (recordings uploaded under a default name are kept); with it, the named files are
 * rebuilt. One generation at a time per process (409 PROMPT_GENERATION_RUNNING).
 */
export async function generateDefaultPrompts(promptsDir: string, options: { names: readonly string[]; overwrite: boolean; timeoutMs?: number }): Promise<GenerationReport> {
  const missing = missingTools();
  if (missing.length > 0) {
    throw new DomainError(
      503,
      'PROMPT_TOOLS_MISSING',
      `Máy chủ thiếu công cụ tạo giọng đọc: ${missing.join(', ')}. Cài bằng "apt-get install espeak-ng sox", hoặc tải lên bản ghi âm thay thế.`,
    );
  }
  if (running) throw conflict('PROMPT_GENERATION_RUNNING', 'Đang tạo lời chào mặc định, vui lòng đợi lần này xong');
  const defaults = defaultPrompts();
  const wanted = options.names.length > 0 ? defaults.filter((p) => options.names.includes(p.name)) : defaults;
  const work = await mkdtemp(path.join(tmpdir(), 'prompts-'));
  const job = (async () => {
    const tsv = path.join(work, 'prompts.tsv');
    await writeFile(tsv, wanted.map((p) => `${p.name.slice('vi/'.length)}\t${p.text}`).join('\n') + '\n');
    const args = [generatorScript, ...(options.overwrite ? [] : ['--missing-only']), path.join(promptsDir, 'vi'), '-'];
    const output = await run('bash', args, { ...process.env, PROMPTS_TSV: tsv }, options.timeoutMs ?? 300_000);
    const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(output)?.[1] ?? 0);
    return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), kept: count('kept'), names: wanted.map((p) => p.name) };
  })();
  running = job;
  try {
    return await job;
  } finally {
    running = undefined;
    await rm(work, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const reason = stderr.split('\n').find((line) => line.startsWith('error:')) ?? `mã thoát ${code ?? 'bị dừng'}`;
      reject(new DomainError(503, 'PROMPT_GENERATION_FAILED', `Tạo lời chào mặc định không thành công: ${reason.slice(0, 300)}`));
    });
  });
}
