import { describe, expect, it } from 'vitest';
import { callMetrics, groupedMetrics, occupancy, wrapUpByCall, type CallFacts, type StateInterval } from '../../src/reports/metrics.js';

const base = new Date('2026-11-30T02:00:00Z'); // 09:00 in Hà Nội
const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);

let calls = 0;
function call(overrides: Partial<CallFacts>): CallFacts {
  return {
    id: `call-${(calls += 1)}`,
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
      talkSeconds: 90,
      wrapUpSeconds: 0, // no wrap-ups given
      ahtSeconds: 90,
      transferred: 0,
      transferFailed: 0,
      occupancy: null,
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
    expect(callMetrics([], 20)).toMatchObject({ offered: 0, abandonmentRate: null, serviceLevel: null, asaSeconds: null, talkSeconds: null, wrapUpSeconds: null, ahtSeconds: null, occupancy: null });
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

  it('given wrap-ups, when the figures are computed, then AHT is talk + wrap-up and talk and wrap-up are kept apart', () => {
    const rows = [
      call({ id: 'x', operatorAnsweredAt: at(40), endedAt: at(160) }), // talk 120, wrap 30
      call({ id: 'y', operatorAnsweredAt: at(60), endedAt: at(120) }), // talk 60, no wrap-up
      call({ id: 'z', outcome: 'abandoned_queue', endedAt: at(90) }), // not answered: wrap-up ignored
    ];
    const wrapUps = new Map([
      ['x', 30],
      ['z', 500],
    ]);
    expect(callMetrics(rows, 20, wrapUps, 0.5)).toMatchObject({ talkSeconds: 90, wrapUpSeconds: 15, ahtSeconds: 105, occupancy: 0.5 });
  });
});

const interval = (userId: string, state: StateInterval['state'], from: number, to: number | null, callId: string | null = null): StateInterval => ({
  userId,
  state,
  callId,
  startedAt: at(from),
  endedAt: to === null ? null : at(to),
});

describe('wrap-up per call', () => {
  it('given a wrap-up carrying the call, when matched, then it is that call\'s whatever its start', () => {
    const rows = [call({ id: 'c1', operatorUserId: 'a', operatorAnsweredAt: at(40), endedAt: at(100) })];
    expect(wrapUpByCall(rows, [interval('a', 'wrap_up', 400, 445, 'c1')])).toEqual(new Map([['c1', 45]]));
  });

  it('given wrap-ups without a call id, when matched, then the one of the operator starting at the call\'s end (within the tolerance) is taken, the nearest', () => {
    const rows = [
      call({ id: 'c1', operatorUserId: 'a', operatorAnsweredAt: at(40), endedAt: at(100) }),
      call({ id: 'c2', operatorUserId: 'b', operatorAnsweredAt: at(40), endedAt: at(100) }), // b's wrap-up starts too late
      call({ id: 'c3', operatorUserId: 'a', operatorAnsweredAt: at(200), transferredAt: at(260), transferTarget: '113', endedAt: at(600) }), // ends for the operator at the transfer
    ];
    const states = [
      interval('a', 'wrap_up', 102, 122), // 2 s after c1's end
      interval('a', 'wrap_up', 101, 111), // nearer: 1 s after
      interval('b', 'wrap_up', 110, 150), // 10 s after: not c2's
      interval('a', 'wrap_up', 260, 275),
      interval('a', 'paused', 100, 130), // not a wrap-up
    ];
    expect(wrapUpByCall(rows, states)).toEqual(
      new Map([
        ['c1', 10],
        ['c3', 15],
      ]),
    );
  });

  it('given an open wrap-up, one carrying another call, or a call not answered, when matched, then none is counted', () => {
    const rows = [
      call({ id: 'c1', operatorUserId: 'a', operatorAnsweredAt: at(40), endedAt: at(100) }),
      call({ id: 'c2', operatorUserId: 'a', outcome: 'abandoned_queue', endedAt: at(300) }),
    ];
    const states = [interval('a', 'wrap_up', 100, null), interval('a', 'wrap_up', 100, 130, 'other'), interval('a', 'wrap_up', 300, 330)];
    expect(wrapUpByCall(rows, states)).toEqual(new Map());
  });

  it('given one wrap-up after two calls ending together, when matched, then it serves one call only', () => {
    const rows = [
      call({ id: 'c1', operatorUserId: 'a', operatorAnsweredAt: at(40), endedAt: at(100) }),
      call({ id: 'c2', operatorUserId: 'a', operatorAnsweredAt: at(50), endedAt: at(100) }),
    ];
    expect(wrapUpByCall(rows, [interval('a', 'wrap_up', 100, 120)]).size).toBe(1);
  });
});

describe('occupancy', () => {
  const start = at(0);
  const end = at(1000);
  const now = at(5000);

  it('given a shift, when computed, then ringing + on call + wrap-up over every state but offline', () => {
    const states = [
      interval('a', 'available', 0, 100),
      interval('a', 'ringing', 100, 110),
      interval('a', 'on_call', 110, 290),
      interval('a', 'wrap_up', 290, 310),
      interval('a', 'paused', 310, 400),
      interval('a', 'offline', 400, 1000), // not logged in
    ];
    expect(occupancy(states, start, end, now)).toBe(0.525); // 210 / 400
  });

  it('given intervals across the range bounds and an open one, when computed, then they are clipped and the open one runs to now', () => {
    const states = [
      interval('a', 'on_call', -500, 100), // 100 s in range
      interval('a', 'available', 100, 900),
      interval('a', 'wrap_up', 900, null), // open: to the range end (now is later)
    ];
    expect(occupancy(states, start, end, now)).toBe(0.2); // 200 / 1000
    expect(occupancy([interval('a', 'on_call', 900, null)], start, end, at(950))).toBe(1); // open to now
  });

  it('given several operators, only offline or nothing in the range, when computed, then time is summed, else null', () => {
    expect(occupancy([interval('a', 'on_call', 0, 100), interval('b', 'available', 0, 300)], start, end, now)).toBe(0.25);
    expect(occupancy([interval('a', 'offline', 0, 1000)], start, end, now)).toBeNull();
    expect(occupancy([interval('a', 'on_call', 1000, 2000), interval('a', 'on_call', -100, 0)], start, end, now)).toBeNull();
    expect(occupancy([], start, end, now)).toBeNull();
  });
});

describe('grouped metrics with the state history', () => {
  const timeZone = 'Asia/Ho_Chi_Minh';
  // The 30th in Hà Nội: 2026-11-29T17:00Z to 2026-11-30T17:00Z; the range covers the 30th and the 1st.
  const range = { start: new Date('2026-11-29T17:00:00Z'), end: new Date('2026-12-01T17:00:00Z') };
  const now = new Date('2026-12-05T00:00:00Z');
  const rows = [
    call({ id: 'c1', operatorUserId: 'a', fieldId: 'f', operatorAnsweredAt: at(40), endedAt: at(160) }), // 30th, talk 120
    call({ id: 'c2', operatorUserId: 'b', operatorAnsweredAt: at(40), endedAt: at(100) }), // 30th, talk 60
  ];
  const states = [
    interval('a', 'available', 0, 40),
    interval('a', 'on_call', 40, 160, 'c1'),
    interval('a', 'wrap_up', 160, 200, 'c1'),
    interval('a', 'offline', 200, null),
    interval('b', 'on_call', 40, 100, 'c2'),
    interval('b', 'available', 100, 300), // b: no wrap-up
    interval('b', 'offline', 300, null),
    // a on the 1st (Hà Nội): 100 s available, 100 s ringing.
    { userId: 'a', state: 'available', callId: null, startedAt: new Date('2026-11-30T18:00:00Z'), endedAt: new Date('2026-11-30T18:01:40Z') },
    { userId: 'a', state: 'ringing', callId: null, startedAt: new Date('2026-11-30T18:01:40Z'), endedAt: new Date('2026-11-30T18:03:20Z') },
  ] satisfies StateInterval[];

  it('given history, when grouped per operator, then AHT includes the wrap-up and occupancy is over the range', () => {
    const byOperator = groupedMetrics(rows, 'operator', { timeZone, thresholdSeconds: 20, states, range, now });
    expect(byOperator.groups).toMatchObject([
      { key: 'a', talkSeconds: 120, wrapUpSeconds: 40, ahtSeconds: 160, occupancy: 0.65 }, // (120 on call + 40 wrap-up + 100 ringing) / 400 logged in
      { key: 'b', talkSeconds: 60, wrapUpSeconds: 0, ahtSeconds: 60, occupancy: 0.2308 }, // 60 / 260
    ]);
    expect(byOperator.total).toMatchObject({ talkSeconds: 90, wrapUpSeconds: 20, ahtSeconds: 110, occupancy: 0.4848 }); // (260 + 60) / (400 + 260)
  });

  it('given history, when grouped per day, then occupancy is per business day; per field it is null', () => {
    const byDay = groupedMetrics([...rows, call({ id: 'c3', arrivedAt: new Date('2026-11-30T18:00:00Z') })], 'day', { timeZone, thresholdSeconds: 20, states, range, now });
    expect(byDay.groups.map((g) => [g.key, g.occupancy])).toEqual([
      ['2026-11-30', 0.4783], // (120 + 40 + 60) / (200 + 260)
      ['2026-12-01', 0.5], // 100 ringing / 200 logged in
    ]);
    const byField = groupedMetrics(rows, 'field', { timeZone, thresholdSeconds: 20, states, range, now });
    expect(byField.groups.map((g) => [g.key, g.occupancy, g.ahtSeconds])).toEqual([
      ['f', null, 160],
      [null, null, 60],
    ]);
    expect(byField.total.occupancy).toBeNull();
  });

  it('given no history or range, when grouped, then wrap-ups are 0 and occupancy null', () => {
    const plain = groupedMetrics(rows, 'operator', { timeZone, thresholdSeconds: 20 });
    expect(plain.total).toMatchObject({ wrapUpSeconds: 0, ahtSeconds: 90, occupancy: null });
  });
});
