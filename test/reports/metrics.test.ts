import { describe, expect, it } from 'vitest';
import { callMetrics, groupedMetrics, type CallFacts } from '../../src/reports/metrics.js';

const base = new Date('2026-11-30T02:00:00Z'); // 09:00 in Hà Nội
const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);

function call(overrides: Partial<CallFacts>): CallFacts {
  return {
    arrivedAt: base,
    enqueuedAt: at(30),
    operatorAnsweredAt: null,
    transferredAt: null,
    transferTarget: null,
    endedAt: at(300),
    outcome: 'completed',
    operatorUserId: null,
    fieldId: null,
    ...overrides,
  };
}

describe('call metrics', () => {
  it('given answered, abandoned and IVR-only calls, when the figures are computed, then IVR hang-ups are not offered and short abandons are out of the service level', () => {
    const rows = [
      call({ operatorAnsweredAt: at(40), endedAt: at(160), operatorUserId: 'a' }), // waited 10 s, talked 120 s
      call({ operatorAnsweredAt: at(60), endedAt: at(120), operatorUserId: 'a' }), // waited 30 s, talked 60 s
      call({ outcome: 'abandoned_queue', endedAt: at(35) }), // gave up after 5 s: short abandon
      call({ outcome: 'abandoned_queue', endedAt: at(90) }), // gave up after 60 s
      call({ enqueuedAt: null, outcome: 'abandoned_ivr', endedAt: at(20) }), // IVR hang-up
      call({ enqueuedAt: null, outcome: 'over_capacity', endedAt: at(10) }),
    ];
    expect(callMetrics(rows, 20)).toEqual({
      offered: 4,
      answered: 2,
      abandoned: 2,
      abandonedAfterThreshold: 1,
      answeredWithinThreshold: 1,
      abandonmentRate: 0.5,
      serviceLevel: 0.3333, // 1 / (2 answered + 1 abandoned after 20 s)
      asaSeconds: 20,
      ahtSeconds: 90,
      transferred: 0,
      transferFailed: 0,
    });
  });

  it('given transferred and failed transfers, when the figures are computed, then talk time stops at the hand-over and both are counted', () => {
    const rows = [
      call({ operatorAnsweredAt: at(40), transferTarget: '113', transferredAt: at(100), endedAt: at(400), outcome: 'transferred' }),
      call({ operatorAnsweredAt: at(40), transferTarget: '113', endedAt: at(140) }),
    ];
    expect(callMetrics(rows, 20)).toMatchObject({ answered: 2, transferred: 1, transferFailed: 1, ahtSeconds: 80 });
  });

  it('given no calls, when the figures are computed, then ratios and averages are null', () => {
    expect(callMetrics([], 20)).toMatchObject({ offered: 0, abandonmentRate: null, serviceLevel: null, asaSeconds: null, ahtSeconds: null });
  });

  it('given calls around midnight in Hà Nội, when grouped by day, then days follow the business time zone and null keys come last', () => {
    const late = call({ arrivedAt: new Date('2026-11-29T16:59:59Z') }); // 23:59:59 on the 29th
    const early = call({ arrivedAt: new Date('2026-11-29T17:00:00Z') }); // 00:00 on the 30th
    const byDay = groupedMetrics([early, late], 'day', { timeZone: 'Asia/Ho_Chi_Minh', thresholdSeconds: 20 });
    expect(byDay.groups.map((g) => [g.key, g.offered])).toEqual([
      ['2026-11-29', 1],
      ['2026-11-30', 1],
    ]);
    const byOperator = groupedMetrics([call({ operatorUserId: 'b', operatorAnsweredAt: at(35) }), call({})], 'operator', { timeZone: 'Asia/Ho_Chi_Minh', thresholdSeconds: 20 });
    expect(byOperator.groups.map((g) => g.key)).toEqual(['b', null]);
    expect(byOperator.total.offered).toBe(2);
  });
});
