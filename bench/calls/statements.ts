/**
 * Counts the app's database statements and transactions by what they touch (the calls benchmark, issue 11 item 10:
 * "~26 database transactions per call"). Fed by the PostgreSQL driver's statement hook (`openDatabase({ onStatement })`,
 * postgres-js `debug`): a statement outside BEGIN … COMMIT on its connection is a transaction of its own.
 */
export interface StatementCounts {
  statements: number;
  transactions: number;
  /** e.g. "update calls", "select sip_endpoints", "with agent_states", "begin". */
  byKind: Record<string, number>;
}

export class StatementCounter {
  #counts: StatementCounts = { statements: 0, transactions: 0, byKind: {} };
  readonly #inTransaction = new Set<number>();

  record(statement: string, connection: number): void {
    const text = statement.trimStart().toLowerCase();
    const verb = /^[a-z]+/.exec(text)?.[0] ?? '?';
    const c = this.#counts;
    c.statements += 1;
    if (verb === 'begin') {
      this.#inTransaction.add(connection);
      c.transactions += 1;
    } else if (verb === 'commit' || verb === 'rollback') {
      this.#inTransaction.delete(connection);
    } else if (!this.#inTransaction.has(connection)) {
      c.transactions += 1;
    }
    const table = tableOf(verb, text);
    const columns = process.env.BENCH_CALLS_STATEMENT_COLUMNS && verb === 'update' ? ` (${[...text.matchAll(/"([a-z_]+)" = \$/g)].map((m) => m[1]).join(',')})` : '';
    const kind = `${verb}${table}${columns}`;
    c.byKind[kind] = (c.byKind[kind] ?? 0) + 1;
  }

  snapshot(): StatementCounts {
    return { statements: this.#counts.statements, transactions: this.#counts.transactions, byKind: { ...this.#counts.byKind } };
  }
}

function tableOf(verb: string, text: string): string {
  const pattern =
    verb === 'insert' ? /^insert\s+into\s+"?([a-z_]+)/ : verb === 'update' ? /^update\s+"?([a-z_]+)/ : verb === 'delete' ? /^delete\s+from\s+"?([a-z_]+)/ : verb === 'with' ? /\b(?:insert\s+into|update)\s+"?([a-z_]+)/ : /\bfrom\s+"?([a-z_]+)/;
  const table = pattern.exec(text)?.[1];
  return table ? ` ${table}` : '';
}

/** Per call, the difference of two snapshots: "transactions 25.1; update calls 6.0, …" (most frequent first). */
export function perCall(before: StatementCounts, after: StatementCounts, calls: number): { statements: number; transactions: number; byKind: Array<[string, number]> } {
  const round = (n: number) => Math.round((n / calls) * 10) / 10;
  const byKind = Object.entries(after.byKind)
    .map(([kind, n]) => [kind, round(n - (before.byKind[kind] ?? 0))] as [string, number])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return { statements: round(after.statements - before.statements), transactions: round(after.transactions - before.transactions), byKind };
}
