import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  /** `SHOW server_version` of the benchmark database, when a scenario used one. */
  postgres: string | null;
  /** 1-minute load average at the start and at the end of the run: other work on the machine skews the figures. */
  load: { start: number; end: number };
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    const model = line?.split(':')[1]?.trim();
    if (model) return model;
  } catch {
    // not Linux: fall through to os.cpus()
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}

export function describeMachine(postgres: string | null, loadAtStart: number): Machine {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    load: { start: loadAtStart, end: loadAverage() },
  };
}

export function machineLine(m: Machine): string {
  const load = m.load ? `, load average ${m.load.start} → ${m.load.end}` : '';
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}${m.postgres ? `, PostgreSQL ${m.postgres}` : ''}${load}`;
}
