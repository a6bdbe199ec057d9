/**
 * `train_test_split` called as a method of a value, for NB107 (missing-random-seed): whose
 * method it is (scikit-learn's module reached through a name bound to it, a Hugging Face
 * dataset, or another library's value that draws nothing by default), read from the notebook's
 * imports, its bindings of a name to a dotted name and its names bound to a dataset.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import { methodCall, qualify } from './syntax';

/**
 * `train_test_split` as the method of a value. scikit-learn's function reached through a name
 * bound to its module (`ms = sklearn.model_selection`) is read as the function (random_state).
 * Of the methods of that name, Hugging Face datasets' `Dataset.train_test_split(test_size,
 * shuffle=True, seed=None, generator=None)` shuffles by default and is seeded by `seed` (or a
 * numpy `generator`); others draw nothing by default: Ray Data's `Dataset.train_test_split(
 * test_size, *, shuffle=False, seed=None)` splits by row order ("seed ... ignored if
 * shuffle=False", https://docs.ray.io/en/latest/data/api/doc/ray.data.Dataset.train_test_split.html),
 * AutoGluon's `TimeSeriesDataFrame.train_test_split(prediction_length, ...)` holds out each
 * series' last steps (https://auto.gluon.ai/stable/api/autogluon.timeseries.TimeSeriesDataFrame.train_test_split.html).
 * So the method is reported only in a notebook that imports `datasets` (for a value bound to a
 * dataset, `datasetNames`, or one of unknown origin there: a DatasetDict's split `ds["train"]`
 * most often); elsewhere its receiver is another library's.
 */
export const METHOD_SEEDS = new Set(['train_test_split']);
export const SEED_KEYWORDS = ['random_state', 'seed', 'generator'];

/** what makes a Hugging Face dataset: `load_dataset(...)`, `Dataset.from_pandas(...)`, ... */
export const MAKES_DATASET =
  /\b(load_dataset|load_from_disk|Dataset\.from_\w+|DatasetDict|IterableDataset\.from_\w+)\s*\(/;
const IMPORTS_DATASETS = /^\s*(from|import)\s+datasets\b/m;
const ASSIGNMENT = /^\s*([\w\s,.()[\]*]+?)\s*=(?!=)\s*(.+)$/;

/**
 * A line that binds a name (`ms`, `C.ms`) to a dotted name, parentheses allowed
 * (`ms = sklearn.model_selection`, `sk = sklearn`, `ms2 = (sklearn.model_selection)`).
 */
const BINDS_DOTTED =
  /^[ \t]*([A-Za-z_][\w.]*)[ \t]*=[ \t]*\(?[ \t]*([A-Za-z_][\w.]*)[ \t]*\)?[ \t]*(?:#.*)?$/gm;

/**
 * Whether a receiver (`ms`, `C.ms`, `sk.model_selection`) is scikit-learn's module or a part of
 * it: its train_test_split is the function, shuffling by default. The notebook's bindings of a
 * name to a dotted name are read once (one regex pass per cell); a receiver resolves through them
 * (the whole receiver, else its first name) and then the import aliases, once per receiver.
 */
export function sklearnReceivers(
  cells: readonly LintCell[],
  aliases: Map<string, string>
): (receiver: string) => boolean {
  const bound = new Map<string, string[]>();
  for (const lc of cells) {
    const source = lc.cell.source;
    if (!source.includes('=')) {
      continue;
    }
    for (const m of source.matchAll(BINDS_DOTTED)) {
      const rhs = bound.get(m[1]);
      if (rhs) {
        rhs.push(m[2]);
      } else {
        bound.set(m[1], [m[2]]);
      }
    }
  }
  const verdicts = new Map<string, boolean>();
  const resolves = (receiver: string, seen: Set<string>): boolean => {
    if ((qualify(receiver, aliases) ?? '').startsWith('sklearn')) {
      return true;
    }
    const dot = receiver.indexOf('.');
    const root = dot < 0 ? receiver : receiver.slice(0, dot);
    const rest = dot < 0 ? '' : receiver.slice(dot);
    // the whole receiver bound (`C.ms = ms`), else its first name (`sk = sklearn`)
    const through: string[] = [];
    for (const rhs of bound.get(receiver) ?? []) {
      through.push(rhs);
    }
    if (receiver !== root) {
      for (const rhs of bound.get(root) ?? []) {
        through.push(rhs + rest);
      }
    }
    return through.some(next => {
      // a binding that refers back to itself (`x = x.y`) resolves no further
      if (seen.has(next)) {
        return false;
      }
      seen.add(next);
      return resolves(next, seen);
    });
  };
  return receiver => {
    let verdict = verdicts.get(receiver);
    if (verdict === undefined) {
      verdict = resolves(receiver, new Set([receiver]));
      verdicts.set(receiver, verdict);
    }
    return verdict;
  };
}

/**
 * An import of `datasets` anywhere: an import alias whose module is `datasets` or one of its
 * submodules (`import os, datasets`, `import numpy as np; import datasets`, `from datasets
 * import load_dataset`), or an import inside a function (`def setup(): from datasets import
 * Dataset`), which the aliases of the notebook's top level do not hold.
 */
export function importsDatasets(
  cells: readonly LintCell[],
  aliases: Map<string, string>
): boolean {
  for (const module of aliases.values()) {
    if (module === 'datasets' || module.startsWith('datasets.')) {
      return true;
    }
  }
  return cells.some(lc => IMPORTS_DATASETS.test(lc.cell.source));
}

/**
 * The names the notebook binds to a Hugging Face dataset, a `DatasetDict` or a split of one
 * (`ds = load_dataset("imdb")["train"]`, `parts = ds.train_test_split(...)`, `train =
 * parts["train"]`, `self.dataset = Dataset.from_spark(df)`), in cell order; none when it does not import `datasets`.
 */
export function datasetNames(
  cells: readonly LintCell[],
  usesDatasets: boolean
): Set<string> {
  const names = new Set<string>();
  if (!usesDatasets) {
    return names;
  }
  const fromKnown = (rhs: string) =>
    [...names].some(name =>
      new RegExp(`(^|[^\\w.])${name.replace(/\./g, '\\.')}\\s*[.[]`).test(rhs)
    );
  for (const lc of cells) {
    for (const line of lc.lines) {
      const m = ASSIGNMENT.exec(line);
      if (m && (MAKES_DATASET.test(m[2]) || fromKnown(m[2]))) {
        for (const name of m[1].split(/[\s,()[\]*]+/)) {
          if (/^[A-Za-z_][\w.]*$/.test(name)) {
            names.add(name);
          }
        }
      }
    }
  }
  return names;
}

/**
 * `load_dataset("imdb")["train"].train_test_split(...)`: a seeded method called on an expression
 * that is no dotted name (a call's result, a subscript), which calleeName does not read. Its
 * object's text (whitespace collapsed) and the method's name, or null.
 */
export function methodOfExpression(
  call: SyntaxNode,
  cell: LintCell
): { object: string; method: string } | null {
  const onValue = methodCall(call, cell);
  return onValue && METHOD_SEEDS.has(onValue.method)
    ? {
        object: cell.textOf(onValue.receiver).replace(/\s+/g, ' '),
        method: onValue.method
      }
    : null;
}
