/** What someone typed in a search box (knowledge base, ticket list), as folded words, and how to look it up. */
import { foldWords } from './fold.js';

/** More words than this are dropped: a search box is not a document. */
export const maxSearchWords = 16;

/**
 * The word index keeps the first 100 characters of a word (words_and_pairs, migration 0011: a tsvector lexeme holds
 * 2,047 bytes at most): a longer word typed is looked up by as much, and the phrase check on the text does the rest.
 */
export const indexedWordLength = 100;

/** What was typed, as folded words. */
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

/**
 * What folded text (a space before and after every word) contains when it holds the words in a row, each whole, the
 * last one perhaps only begun: ' ho chieu ', ' ho chi' — LIKE '% ho chi%' without the wildcards.
 */
export function phraseInFolded({ words, lastIsPrefix }: TypedSearch): string {
  return ` ${words.join(' ')}${lastIsPrefix ? '' : ' '}`;
}

/**
 * tsquery text finding the phrase in `wordsAndPairs` (fold.ts): its pairs of adjacent words, or its one word, the last
 * one perhaps begun: "duong le lo" → 'duong le' & 'le lo':*. Folded words need no quoting. Each word is cut as the
 * index cuts it.
 */
export function pairsQuery(typed: TypedSearch): string {
  const { lastIsPrefix } = typed;
  const words = typed.words.map((word) => word.slice(0, indexedWordLength));
  const lexemes = words.length === 1 ? words : words.slice(1).map((word, i) => `${words[i]} ${word}`);
  return lexemes.map((lexeme, i) => `'${lexeme}'${lastIsPrefix && i === lexemes.length - 1 ? ':*' : ''}`).join(' & ');
}
