/** Pure text helpers of knowledge-base search (R19): what the operator typed, and what a hit shows of its answer. */
import { foldWords } from '../search/fold.js';

/** More words than this are dropped: a search box is not a document. */
export const maxSearchWords = 16;

/** What the operator typed, as folded words. */
export interface TypedSearch {
  words: string[];
  /** The last word may be unfinished (nothing typed after it yet): it matches the words it begins. */
  lastIsPrefix: boolean;
}

/** "Thủ tục cấp hộ chi" → thu, tuc, cap, ho, chi (a prefix); "hộ chiếu " (a space typed after it) → every word whole. */
export function parseSearch(q: string): TypedSearch {
  const folded = foldWords(q);
  const all = folded.split(' ').filter(Boolean);
  const words = all.slice(0, maxSearchWords);
  return { words, lastIsPrefix: words.length > 0 && words.length === all.length && !folded.endsWith(' ') };
}

/** The start of an answer on one line, cut at a word boundary, with an ellipsis when cut. */
export function answerExcerpt(answer: string, maxLength = 200): string {
  const flat = answer.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  const atWord = lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${atWord.replace(/[\s,.;:–-]+$/u, '')}…`;
}
