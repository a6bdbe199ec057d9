/**
 * Python code cells that do not parse: the rules know of them only their text. A rule that
 * reports an absence asks whether such a cell may hold what it looks for; a rule that reports a
 * name nothing reads asks which words such a cell holds (comments left out).
 */
import type { LintCell, RuleContext } from '../../engine/types';
import { TOKEN_CHARACTER } from '../../python/literals';
import { commentSpans } from './prose';

/**
 * Whether a Python code cell that does not parse mentions `pattern`: rules that report an
 * ABSENCE (no set_experiment, no end_run, no seed) stay quiet when an unreadable cell may hold it.
 */
export function unparsedCellsMention(
  context: RuleContext,
  pattern: RegExp
): boolean {
  return context.cells.some(
    lc => isUnparsedPythonCell(lc) && pattern.test(lc.cell.source)
  );
}

/** a run of Python's name characters: a name, a keyword, a number's digits */
const WORD_RUN = new RegExp(`${TOKEN_CHARACTER.source}+`, 'gu');
const unparsedWordsCache = new WeakMap<readonly LintCell[], Set<string>>();

/**
 * The words (runs of Python's name characters) of the Python code cells that do not parse, their
 * comments left out (`# re-run this cell` reads no `re`), strings kept (`eval("np.pi")` may read
 * `np`): what such a cell may read, for a rule that reports a name nothing reads. Collected once
 * per notebook, so that asking about each import costs a Set lookup, not a scan of those cells.
 */
export function unparsedCellsWords(context: RuleContext): Set<string> {
  let words = unparsedWordsCache.get(context.cells);
  if (words === undefined) {
    words = new Set();
    for (const lc of context.cells) {
      if (!isUnparsedPythonCell(lc)) {
        continue;
      }
      const source = lc.cell.source;
      const end = { from: source.length, to: source.length };
      // exec from each piece's start, no slices: a word cannot run into a comment's `#`
      WORD_RUN.lastIndex = 0;
      for (const comment of [...commentSpans(lc), end]) {
        for (let m = WORD_RUN.exec(source); m; m = WORD_RUN.exec(source)) {
          if (m.index >= comment.from) {
            break;
          }
          words.add(m[0]);
        }
        WORD_RUN.lastIndex = comment.to;
      }
    }
    unparsedWordsCache.set(context.cells, words);
  }
  return words;
}

/** A Python code cell that does not parse: the rules know of it only its text. */
export function isUnparsedPythonCell(lc: LintCell): boolean {
  return (
    lc.cell.kind === 'code' && lc.cell.language === 'python' && !lc.isPython
  );
}
