/**
 * Runs the `calls` scenario alone and prints its figures (JSON on stdout, a table on stderr).
 *
 *   npx tsx bench/calls/main.ts                       # N = 15, 100, 300 and the 10,000-call leak check
 *   npx tsx bench/calls/main.ts --concurrency 15,100 --total 300 --leak 2000
 *   npx tsx bench/calls/main.ts --leak 0 --talk 1000-3000
 *   npx tsx bench/calls/main.ts --concurrency '' --leak 3000     # the leak check alone
 */
import { parseArgs } from 'node:util';
import { runCallsScenario } from './scenario.js';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '15,100,300' },
    total: { type: 'string' },
    leak: { type: 'string', default: '10000' },
    'leak-concurrency': { type: 'string', default: '100' },
    talk: { type: 'string' },
  },
});

const range = (text: string | undefined): [number, number] | undefined => {
  if (!text) return undefined;
  const [a, b] = text.split('-').map(Number);
  return a !== undefined && Number.isFinite(a) ? [a, b !== undefined && Number.isFinite(b) ? b : a] : undefined;
};
const talkMs = range(values.talk);

const result = await runCallsScenario({
  concurrency: values.concurrency.split(',').map(Number).filter((n) => n > 0),
  ...(values.total ? { totalCalls: Number(values.total) } : {}),
  leakCalls: Number(values.leak),
  leakConcurrency: Number(values['leak-concurrency']),
  ...(talkMs ? { simulation: { talkMs } } : {}),
});

const rows = result.figures.map((f) => {
  const target = f.target ? `${f.target.op} ${f.target.value}` : '';
  const ok = !f.target ? '' : (f.target.op === '<=' ? f.value <= f.target.value : f.target.op === '>=' ? f.value >= f.target.value : f.value === f.target.value) ? 'ok' : 'MISSED';
  return `${f.name.padEnd(52)} ${String(f.value).padStart(10)} ${f.unit.padEnd(8)} ${target.padEnd(8)} ${ok}`;
});
process.stderr.write(`\n${rows.join('\n')}\n\n${result.seconds} s\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
