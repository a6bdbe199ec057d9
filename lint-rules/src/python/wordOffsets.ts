import { firstIndexWhere } from '../notebook/lines';

/**
 * Where a few words occur in one cell's text, found once and then asked by range: the scope pass
 * asks it for every argument list, which would otherwise each cost a slice and its searches.
 */
export class WordOffsets {
  /** per word, its start offsets in the text, ascending */
  private readonly offsets: number[][];

  constructor(
    text: string,
    private readonly words: readonly string[]
  ) {
    this.offsets = words.map(word => {
      const at: number[] = [];
      for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1))
        at.push(i);
      return at;
    });
  }

  /** True when one of the words lies wholly within from..to: `text.slice(from, to).includes(word)`. */
  within(from: number, to: number): boolean {
    for (let w = 0; w < this.words.length; w++) {
      const at = this.offsets[w];
      // the first start at or after `from` ends first: if any occurrence fits, it does
      const i = firstIndexWhere(at.length, k => at[k] >= from);
      if (i < at.length && at[i] + this.words[w].length <= to) return true;
    }
    return false;
  }
}
