/** Wall-clock timing with process.hrtime.bigint (monotonic, nanoseconds). */

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds elapsed since `startNs`. */
export function msSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** Runs `work` once and returns its result with the elapsed milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = nowNs();
  const result = await work();
  return { result, ms: msSince(start) };
}

/**
 * Runs `work(i)` for i = 0…count-1, one at a time (latency figures: no self-inflicted queueing),
 * after `warmup` untimed runs of the first inputs. Returns the timed latencies in ms.
 */
export async function sampleSequential(count: number, work: (i: number) => Promise<unknown>, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = nowNs();
    await work(i);
    samples.push(msSince(start));
  }
  return samples;
}

/**
 * Runs `work(i)` for i = 0…count-1 with at most `concurrency` in flight.
 * Returns each run's latency (ms) and the total wall time (ms).
 */
export async function runConcurrent(count: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = new Array<number>(count);
  let next = 0;
  const start = nowNs();
  const worker = async () => {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= count) return;
      const t0 = nowNs();
      await work(i);
      latencies[i] = msSince(t0);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  return { latencies, wallMs: msSince(start) };
}

/** Progress on stderr (stdout carries the table). */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
