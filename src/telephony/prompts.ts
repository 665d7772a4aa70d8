import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';

/** Extensions Asterisk can play a prompt file from, in the order we look for them. */
export const promptExtensions = ['wav', 'sln', 'sln16', 'gsm', 'ulaw', 'alaw', 'g722'] as const;

/**
 * The file Asterisk would play for a prompt name under `promptsDir`, or undefined when there is none. Read from the
 * disk at every call, so a prompt uploaded or regenerated is played by the next call.
 */
export function promptFileOf(promptsDir: string, name: string): string | undefined {
  if (name.includes('..') || path.isAbsolute(name)) return undefined;
  return promptExtensions.map((ext) => path.join(promptsDir, `${name}.${ext}`)).find((file) => existsSync(file));
}

/**
 * Asterisk's built-in sounds used when a prompt file is missing (core sounds, English). Unknown names fall back to a
 * beep, so the caller always hears that the line is alive.
 */
const builtIn: Record<string, string> = {
  greeting: 'hello-world',
  goodbye: 'vm-goodbye',
  'invalid-input': 'option-is-invalid',
  'no-input': 'pls-try-again',
  'over-capacity': 'all-circuits-busy-now',
  'callback-confirmed': 'auth-thankyou',
  'please-wait': 'pls-wait-connect-call',
  'unknown-number': 'ss-noservice',
};
const lastResort = 'beep';

export interface PromptOptions {
  /** The app's copy of the prompts (PROMPTS_DIR): where we check a file exists. */
  promptsDir: string;
  /** Where Asterisk sees the same files; '' = its sounds directory (docker-compose mounts prompts/vi there). */
  asteriskPath: string;
  log: FastifyBaseLogger;
}

/**
 * Turns prompt names ("vi/greeting") into ARI media URIs. A prompt whose file is missing is replaced by a built-in
 * Asterisk sound and logged once per prompt name.
 */
export class Prompts {
  readonly #warned = new Set<string>();

  constructor(private readonly options: PromptOptions) {}

  uri(name: string): string {
    if (this.#exists(name)) {
      const base = this.options.asteriskPath.replace(/\/+$/, '');
      return `sound:${base ? `${base}/` : ''}${name}`;
    }
    const fallback = builtIn[path.posix.basename(name)] ?? lastResort;
    if (!this.#warned.has(name)) {
      this.#warned.add(name);
      this.options.log.warn({ prompt: name, fallback }, 'prompt file missing, playing a built-in Asterisk sound');
    }
    return `sound:${fallback}`;
  }

  uris(names: readonly string[]): string[] {
    return names.map((name) => this.uri(name));
  }

  #exists(name: string): boolean {
    return promptFileOf(this.options.promptsDir, name) !== undefined;
  }
}

/** Prompt names call control plays outside menus (the default files of scripts/prompts.vi.tsv). */
export const callPrompts = {
  unknownNumber: 'vi/unknown-number',
  overCapacity: 'vi/over-capacity',
  callbackConfirmed: 'vi/callback-confirmed',
  goodbye: 'vi/goodbye',
  pleaseWait: 'vi/please-wait',
} as const;
