import { describe, expect, it } from 'vitest';
import { DatabaseBusyError } from '../../src/db/availability.js';
import { WriteQueue } from '../../src/db/write-queue.js';

/** An error as the postgres driver throws it, wrapped by drizzle as a query error with the driver's as its cause. */
const lostConnection = () => Object.assign(new Error('Failed query: update …'), { cause: Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }) });

/** Issue 12 item 4: write-behind survives an outage — pure, no database. */
describe('the write-behind queue through a database outage', () => {
  it('given writes that fail while the database is unreachable, when it returns, then each is written once, in order per key', async () => {
    const queue = new WriteQueue({ maxRetryDelayMs: 5 });
    const written: string[] = [];
    let down = 3;
    const write = (name: string) => async () => {
      if (down > 0) {
        down -= 1;
        throw lostConnection();
      }
      written.push(name);
      return name;
    };
    const results = Promise.all([queue.run('call-1', write('arrived')), queue.run('call-1', write('ivr')), queue.run('call-1', write('ended'))]);
    await expect(results).resolves.toEqual(['arrived', 'ivr', 'ended']);
    expect(written).toEqual(['arrived', 'ivr', 'ended']);
  });

  it('given the embedded database busy (its queue full), then the write is retried too', async () => {
    const queue = new WriteQueue({ maxRetryDelayMs: 5 });
    let busy = 2;
    const result = await queue.run('op-1', async () => {
      if (busy-- > 0) throw new DatabaseBusyError('queue full');
      return 'saved';
    });
    expect(result).toBe('saved');
  });

  it('given a write refused for its data (a constraint), then it rejects at once and the next write of the key still runs', async () => {
    const queue = new WriteQueue({ maxRetryDelayMs: 5 });
    let attempts = 0;
    const refused = queue.run('call-2', async () => {
      attempts += 1;
      throw Object.assign(new Error('violates check constraint'), { code: '23514' });
    });
    await expect(refused).rejects.toThrow('violates');
    expect(attempts).toBe(1);
    await expect(queue.run('call-2', async () => 'next')).resolves.toBe('next');
  });
});
