/**
 * The pass loop shared by every outbox and inbox worker (SMS, the channels' outbound messages, the channels'
 * inbox): one pass at a time, a pass asked for while one runs makes one more afterwards, a full batch makes
 * another, and a fire-and-forget kick logs its failure instead of losing it.
 */
export interface PassSteps<Row, Outcome extends string> {
  /** Claims the due rows (with a lease, committed) — at most batchSize. */
  claim(): Promise<Row[]>;
  /** Handles one claimed row; never throws for a row's own failure (it records it), only for outages. */
  handle(row: Row): Promise<Outcome>;
  batchSize: number;
  /** Logs a pass that failed (a kick has no one else to tell). */
  onError(error: unknown): void;
}

export class PassLoop<Row, Outcome extends string> {
  private running: Promise<Partial<Record<Outcome, number>>> | null = null;
  private again = false;

  constructor(private readonly steps: PassSteps<Row, Outcome>) {}

  /** One pass; concurrent calls share the running pass and ask for one more after it. */
  runOnce(): Promise<Partial<Record<Outcome, number>>> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no pass is running (used on shutdown); a failed pass was already logged. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Fire-and-forget pass (after a commit): errors are logged. */
  kick(): void {
    this.runOnce().catch((error: unknown) => this.steps.onError(error));
  }

  private async drain(): Promise<Partial<Record<Outcome, number>>> {
    const total: Partial<Record<Outcome, number>> = {};
    do {
      this.again = false;
      const rows = await this.steps.claim();
      for (const row of rows) {
        const outcome = await this.steps.handle(row);
        total[outcome] = (total[outcome] ?? 0) + 1;
      }
      if (rows.length === this.steps.batchSize) this.again = true;
    } while (this.again);
    return total;
  }
}
