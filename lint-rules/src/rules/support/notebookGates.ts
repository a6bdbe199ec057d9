/**
 * What a rule computes once per notebook or per cell (`once`, `perCell`), and the gate words that
 * let a rule skip a notebook that cannot hold what it looks for (`notebookMentions`): one pass
 * over a notebook's walked cells answers every gate word asked so far.
 */
import type { LintCell, RuleContext } from '../../engine/types';
import { escapeRegExp } from '../../engine/text';
import { importAliases } from './importAliases';

/**
 * Computed once per cell: `perCell(lc => /models:\//.test(lc.cell.source))`. The engine walks
 * one cell at a time, so the memo holds only the last cell's value; a rule tests its cell's whole
 * source once and skips every node of a cell that cannot hold what it looks for.
 */
export function perCell<T>(
  compute: (cell: LintCell) => T
): (cell: LintCell) => T {
  let last: LintCell | null = null;
  let value: T | undefined;
  return cell => {
    if (cell !== last) {
      value = compute(cell);
      last = cell;
    }
    return value as T;
  };
}

const mentionsCache = new WeakMap<object, Map<string, boolean>>();

/**
 * Every word asked of notebookMentions so far, in the order first asked: the rules' gate words, a
 * couple of dozen. A notebook's first question searches its cells for all of them in one pass
 * (one regex) instead of one substring search of every cell per word: most gate words are absent,
 * and each absent word cost a full read of the notebook's code.
 */
const gateWords: string[] = [];
const gateWordSet = new Set<string>();
/** regexes matching any of a list of words, by the list (joined with NUL): few distinct lists */
const anyWordRegExps = new Map<string, RegExp>();

function anyWordRegExp(words: readonly string[]): RegExp {
  const key = words.join('\u0000');
  let re = anyWordRegExps.get(key);
  if (re === undefined) {
    re = new RegExp(words.map(escapeRegExp).join('|'), 'g');
    anyWordRegExps.set(key, re);
  }
  return re;
}

/** Which of `words` occur in the source of a cell the engine walks (`LintCell.isPython`). */
export function wordsInWalkedCells(
  cells: readonly LintCell[],
  words: readonly string[]
): Set<string> {
  const found = new Set<string>();
  if (words.length === 1) {
    const word = words[0];
    if (cells.some(lc => lc.isPython && lc.cell.source.includes(word))) {
      found.add(word);
    }
    return found;
  }
  const re = anyWordRegExp(words);
  for (const lc of cells) {
    if (!lc.isPython) {
      continue;
    }
    const source = lc.cell.source;
    re.lastIndex = 0;
    for (let m = re.exec(source); m !== null; m = re.exec(source)) {
      // every word that starts here (one may begin another: `MLFLOW_`, `MLFLOW_URI`), then on
      // from the next character, so that no occurrence overlapping this one is skipped
      for (const word of words) {
        if (!found.has(word) && source.startsWith(word, m.index)) {
          found.add(word);
        }
      }
      if (found.size === words.length) {
        return found;
      }
      re.lastIndex = m.index + 1;
    }
  }
  return found;
}

/**
 * Whether `word` (a name, or a piece of one: no `.`) is text of a cell whose tree the engine walks
 * (`LintCell.isPython`) or of an import alias's target. Node hooks run only on those cells, a
 * call's dotted name and a string are text of their cell, and a qualified name (`qualify`) is an
 * alias's target followed by text of the cell: so a node can hold the word only if this says so,
 * and rules that look for certain callees or strings subscribe to no node in the other notebooks
 * (most of them). Markdown, raw and unparsed cells (more than half of a notebook's text) are not
 * read. Only for gating node hooks: findings made from other hooks must not depend on it.
 * Computed once per notebook and word: the first question about a notebook answers every gate
 * word known by then (`gateWords`), in one pass over its cells.
 */
export function notebookMentions(context: RuleContext, word: string): boolean {
  let byWord = mentionsCache.get(context.cells);
  if (!byWord) {
    byWord = new Map();
    mentionsCache.set(context.cells, byWord);
  }
  let found = byWord.get(word);
  if (found === undefined) {
    if (!gateWordSet.has(word)) {
      gateWordSet.add(word);
      gateWords.push(word);
    }
    const answered = byWord;
    const pending = gateWords.filter(w => !answered.has(w));
    const inText = wordsInWalkedCells(context.cells, pending);
    let targets: string[] | undefined;
    for (const w of pending) {
      let yes = inText.has(w);
      if (!yes) {
        targets ??= [...importAliases(context).values()];
        yes = targets.some(target => target.includes(w));
      }
      byWord.set(w, yes);
    }
    found = byWord.get(word) === true;
  }
  return found;
}

/** Whether a call in the notebook can qualify to `mlflow.*` (the MLflow rules' first test). */
export function mentionsMlflow(context: RuleContext): boolean {
  return notebookMentions(context, 'mlflow');
}

/** Lazily computed per notebook: `once(() => importAliases(context))`. */
export function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
