/**
 * Asterisk-like identifiers: channel unique ids `<epoch seconds>.<counter>` and
 * channel names `PJSIP/<resource>-<8 hex digits>`. A restart resets the counters
 * (finding 16: ids restart from `<epoch>.0`).
 */
export class IdAllocator {
  private uniqueCounter = 0;
  private channelNameCounter = 0;
  private snoopCounter = 0;
  private uuidCounter = 0;

  constructor(private readonly now: () => number) {}

  uniqueId(): string {
    return `${Math.floor(this.now() / 1000)}.${this.uniqueCounter++}`;
  }

  channelName(tech: string, resource: string): string {
    return `${tech}/${resource}-${hex8(this.channelNameCounter++)}`;
  }

  snoopName(targetId: string): string {
    return `Snoop/${targetId}-${hex8(this.snoopCounter++)}`;
  }

  /** Deterministic uuid-shaped ids for playbacks and protocol ids. */
  uuid(): string {
    const n = (this.uuidCounter++).toString(16).padStart(12, '0');
    return `fa4e0000-0000-4000-8000-${n}`;
  }

  reset(): void {
    this.uniqueCounter = 0;
    this.channelNameCounter = 0;
    this.snoopCounter = 0;
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
