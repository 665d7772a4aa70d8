import { describe, expect, it } from 'vitest';
import { answerRange } from '../../src/recording/range.js';

describe('HTTP Range for recordings', () => {
  const size = 1000;

  it('given no Range header, then the whole file', () => {
    expect(answerRange(undefined, size)).toEqual({ kind: 'whole' });
  });

  it('given one byte range, then exactly those bytes, clamped to the file', () => {
    expect(answerRange('bytes=0-99', size)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(answerRange('bytes=500-', size)).toEqual({ kind: 'partial', start: 500, end: 999 });
    expect(answerRange('bytes=900-5000', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(answerRange('bytes=-100', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(answerRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(answerRange('Bytes = 10-10', size)).toEqual({ kind: 'partial', start: 10, end: 10 });
    expect(answerRange('bytes=0-99999999999999999999', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('given a range starting past the end, a reversed or malformed range, then unsatisfiable (416)', () => {
    for (const header of ['bytes=1000-', 'bytes=2000-3000', 'bytes=50-10', 'bytes=-0', 'bytes=abc', 'bytes=-', 'bytes=', 'bytes=1-2-3', 'bytes=99999999999999999999-']) {
      expect(answerRange(header, size), header).toEqual({ kind: 'unsatisfiable' });
    }
    expect(answerRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('given another unit or several ranges, then the Range is ignored and the whole file sent', () => {
    expect(answerRange('items=0-5', size)).toEqual({ kind: 'whole' });
    expect(answerRange('bytes=0-10, 20-30', size)).toEqual({ kind: 'whole' });
  });

  it('given If-Range, then the range is honoured only when it names the current ETag', () => {
    expect(answerRange('bytes=0-9', size, '"abc"', '"abc"')).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(answerRange('bytes=0-9', size, '"old"', '"abc"')).toEqual({ kind: 'whole' });
    expect(answerRange('bytes=0-9', size, 'Wed, 21 Oct 2026 07:28:00 GMT', undefined)).toEqual({ kind: 'whole' });
  });
});
