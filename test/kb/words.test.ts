import { describe, expect, it } from 'vitest';
import { answerExcerpt } from '../../src/kb/words.js';
import { foldWords } from '../../src/search/fold.js';
import { maxSearchWords, parseSearch } from '../../src/search/typed.js';

/** R19: what the operator types, folded as the database folds the entries. Pure, no I/O. */
describe('knowledge-base search words', () => {
  it('given Vietnamese with diacritics and đ, when folded, then plain lower-case words separated by one space', () => {
    expect(foldWords('Thủ tục cấp Hộ chiếu — ĐƯỜNG Lê Lợi, 2026!')).toBe('thu tuc cap ho chieu duong le loi 2026 ');
    expect(foldWords('(BHYT)/CCCD')).toBe(' bhyt cccd');
  });

  it('given text typed in decomposed Unicode (Unikey "tổ hợp"), then it folds like the composed form', () => {
    const composed = 'Được hưởng trợ cấp';
    expect(foldWords(composed.normalize('NFD'))).toBe(foldWords(composed));
    expect(foldWords(composed)).toBe('duoc huong tro cap');
  });

  it('given a search still being typed, then the last word is a prefix; after a space or punctuation it is whole', () => {
    expect(parseSearch('thu tuc cap ho chi')).toEqual({ words: ['thu', 'tuc', 'cap', 'ho', 'chi'], lastIsPrefix: true });
    expect(parseSearch('hộ chiếu ')).toEqual({ words: ['ho', 'chieu'], lastIsPrefix: false });
    expect(parseSearch('hộ chiếu?')).toEqual({ words: ['ho', 'chieu'], lastIsPrefix: false });
  });

  it('given nothing but separators, LIKE wildcards or other scripts, then there is no word', () => {
    expect(parseSearch('  %_ ?! ').words).toEqual([]);
    expect(parseSearch('中文').words).toEqual([]);
  });

  it(`given more than ${maxSearchWords} words, then the rest is dropped and no word is a prefix`, () => {
    const typed = parseSearch(Array.from({ length: 20 }, (_, i) => `tu${i}`).join(' '));
    expect(typed.words).toHaveLength(maxSearchWords);
    expect(typed.lastIsPrefix).toBe(false);
  });

  it('given a long answer, then the excerpt is one line cut at a word with an ellipsis; a short one is whole', () => {
    const answer = `Công dân nộp hồ sơ tại Bộ phận một cửa.\n\n${'Thời hạn giải quyết là mười lăm ngày làm việc. '.repeat(10)}`;
    const excerpt = answerExcerpt(answer, 80);
    expect(excerpt.length).toBeLessThanOrEqual(81);
    expect(excerpt).toMatch(/^Công dân nộp hồ sơ tại Bộ phận một cửa\. Thời hạn/);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toContain('\n');
    expect(answerExcerpt('  Gọi 115.  ')).toBe('Gọi 115.');
  });
});
