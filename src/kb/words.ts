/**
 * What a knowledge-base hit shows of its answer (R19); pure. What the operator typed is parsed by src/search/typed.ts.
 *
 * The start of an answer on one line, cut at a word boundary, with an ellipsis when cut.
 */
export function answerExcerpt(answer: string, maxLength = 200): string {
  const flat = answer.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  const atWord = lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${atWord.replace(/[\s,.;:–-]+$/u, '')}…`;
}
