import type { SyntaxNode } from '@lezer/common';
import { z } from 'zod';
import { defineRule, type LintCell } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  methodCall,
  once,
  qualify
} from './support/syntax';
import { appendKeywordArgument } from './support/edits';
import { LINE_BREAK } from '../python/literals';

/** callee (last dotted segment) -> the keywords that carry its seed */
const SEEDED: Record<string, string[]> = {
  train_test_split: ['random_state'],
  ShuffleSplit: ['random_state'],
  StratifiedShuffleSplit: ['random_state'],
  GroupShuffleSplit: ['random_state'],
  RandomForestClassifier: ['random_state'],
  RandomForestRegressor: ['random_state'],
  ExtraTreesClassifier: ['random_state'],
  ExtraTreesRegressor: ['random_state'],
  GradientBoostingClassifier: ['random_state'],
  GradientBoostingRegressor: ['random_state'],
  HistGradientBoostingClassifier: ['random_state'],
  HistGradientBoostingRegressor: ['random_state'],
  DecisionTreeClassifier: ['random_state'],
  DecisionTreeRegressor: ['random_state'],
  BaggingClassifier: ['random_state'],
  AdaBoostClassifier: ['random_state'],
  IsolationForest: ['random_state'],
  MLPClassifier: ['random_state'],
  MLPRegressor: ['random_state'],
  SGDClassifier: ['random_state'],
  SGDRegressor: ['random_state'],
  KMeans: ['random_state'],
  MiniBatchKMeans: ['random_state'],
  RandomizedSearchCV: ['random_state'],
  TSNE: ['random_state'],
  make_classification: ['random_state'],
  make_regression: ['random_state'],
  make_blobs: ['random_state'],
  XGBClassifier: ['random_state', 'seed'],
  XGBRegressor: ['random_state', 'seed'],
  XGBRanker: ['random_state', 'seed'],
  LGBMClassifier: ['random_state', 'seed'],
  LGBMRegressor: ['random_state', 'seed'],
  LGBMRanker: ['random_state', 'seed'],
  CatBoostClassifier: ['random_seed', 'random_state'],
  CatBoostRegressor: ['random_seed', 'random_state'],
  randomSplit: ['seed']
};
/**
 * Boosting estimators that seed themselves with a fixed default when the call passes no seed, by
 * library: with their default parameters they sample nothing, so the same data gives the same
 * model. `subsamplingSeeded`: the documented default seeds also drive row and column subsampling,
 * so the call repeats run to run whatever it samples; otherwise it becomes run-dependent with
 * subsampling below 1 (reported as before: no default seed for it is established here).
 */
const SEEDED_BY_DEFAULT: readonly {
  estimator: RegExp;
  subsamplingSeeded: boolean;
  source: string;
}[] = [
  {
    estimator: /^XGB(Classifier|Regressor|Ranker)$/,
    subsamplingSeeded: false,
    source: 'https://xgboost.readthedocs.io/en/stable/parameter.html (seed)'
  },
  {
    // random_state: "If None, default seeds in C++ code are used": seed=None and bagging_seed=3,
    // feature_fraction_seed=2, data_random_seed=1, drop_seed=4, extra_seed=6, objective_seed=5
    estimator: /^LGBM(Classifier|Regressor|Ranker)$/,
    subsamplingSeeded: true,
    source:
      'https://lightgbm.readthedocs.io/en/latest/pythonapi/lightgbm.LGBMClassifier.html (random_state), https://lightgbm.readthedocs.io/en/latest/Parameters.html (bagging_seed, feature_fraction_seed, ...)'
  },
  {
    estimator: /^CatBoost(Classifier|Regressor)$/,
    subsamplingSeeded: false,
    source:
      'https://catboost.ai/docs/en/references/training-parameters/common (random_seed)'
  }
];
const SUBSAMPLING =
  /^(subsample|colsample_by(tree|level|node)|bagging_fraction|feature_fraction|rsm)$/;
/** splitters that only need a seed when they shuffle */
const SHUFFLE_ONLY = new Set([
  'KFold',
  'StratifiedKFold',
  'GroupKFold',
  'RepeatedKFold'
]);

/**
 * Spark ML's estimators of the same names (`pyspark.ml.regression.DecisionTreeRegressor`) take
 * `seed=`, not `random_state=`; a single decision tree there uses every feature and every row
 * (no bootstrap), so it has no randomness to seed.
 */
const SPARK_UNRANDOM = /^DecisionTree(Classifier|Regressor)$/;

/**
 * scikit-learn's ensembles that seed the estimator they are given (`BaseEnsemble._make_estimator`
 * sets every `random_state` of each copy from the ensemble's own): `BaggingClassifier(tree,
 * random_state=1)` needs no seed on `tree`; the ensemble's own call is checked as any other.
 */
const ENSEMBLES_THAT_SEED = '(Bagging|AdaBoost)(Classifier|Regressor)';
const SEEDS_ITS_ESTIMATOR = new RegExp(`^${ENSEMBLES_THAT_SEED}$`);
const SEEDS_ITS_ESTIMATOR_TEXT = new RegExp(
  String.raw`\b${ENSEMBLES_THAT_SEED}\s*\(`
);
const ESTIMATOR_KEYWORDS = new Set(['estimator', 'base_estimator']);

/** the estimator a seeding ensemble's call is given (first positional or its keyword) */
function ensembleEstimator(
  call: SyntaxNode,
  cell: LintCell
): SyntaxNode | undefined {
  const callee = calleeName(call, cell);
  if (
    !callee ||
    !SEEDS_ITS_ESTIMATOR.test(callee.slice(callee.lastIndexOf('.') + 1))
  ) {
    return undefined;
  }
  const args = callArgs(call, cell);
  return (
    args.positional[0] ??
    [...args.keywords].find(([k]) => ESTIMATOR_KEYWORDS.has(k))?.[1]
  );
}

/**
 * Whether the estimator built by `call` goes to an ensemble that seeds it: as its argument, or
 * through the one name it is assigned to (`tree = DecisionTreeClassifier()` then
 * `BaggingClassifier(tree)` in this cell or a later one).
 */
function seededByEnsemble(
  call: SyntaxNode,
  cell: LintCell,
  cells: readonly LintCell[]
): boolean {
  const list = call.parent;
  if (list?.name === 'ArgList' && list.parent?.name === 'CallExpression') {
    const given = ensembleEstimator(list.parent, cell);
    return given?.from === call.from && given.to === call.to;
  }
  const assign = call.parent;
  const target = assign?.firstChild;
  if (
    assign?.name !== 'AssignStatement' ||
    target?.name !== 'VariableName' ||
    target.nextSibling?.name !== 'AssignOp' ||
    target.nextSibling.nextSibling?.from !== call.from
  ) {
    return false;
  }
  const name = cell.textOf(target);
  return cells.slice(cell.cell.index).some(later => {
    const tree = later.isPython ? later.analysis?.parsed.tree : null;
    if (!tree || !SEEDS_ITS_ESTIMATOR_TEXT.test(later.text)) {
      return false;
    }
    let found = false;
    tree.iterate({
      from: later === cell ? call.to : 0,
      enter(n) {
        if (found) {
          return false;
        }
        if (n.name === 'CallExpression') {
          const given = ensembleEstimator(n.node, later);
          found =
            given?.name === 'VariableName' && later.textOf(given) === name;
        }
        return undefined;
      }
    });
    return found;
  });
}

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
const METHOD_SEEDS = new Set(['train_test_split']);
const SEED_KEYWORDS = ['random_state', 'seed', 'generator'];

/** what makes a Hugging Face dataset: `load_dataset(...)`, `Dataset.from_pandas(...)`, ... */
const MAKES_DATASET =
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
function sklearnReceivers(
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
function importsDatasets(
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
function datasetNames(
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
function methodOfExpression(
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

/**
 * What `np.random.seed(...)` (or `numpy.random.seed(seed=0)`) does to NumPy's global generator,
 * which a scikit-learn call with `random_state=None` draws from: 'seeds' with a value (its result
 * repeats run after run), 'unseeds' with none or None (`np.random.seed()` seeds from the OS and
 * undoes an earlier seed), undefined for any other call. A name is read through its last simple
 * assignment above (`SEED = None`), in this cell or an earlier one.
 */
function numpySeedEffect(
  call: SyntaxNode,
  callee: string,
  cell: LintCell,
  cells: readonly LintCell[],
  aliases: Map<string, string>
): 'seeds' | 'unseeds' | undefined {
  if (qualify(callee, aliases) !== 'numpy.random.seed') {
    return undefined;
  }
  const args = callArgs(call, cell);
  const value = args.positional.at(0) ?? args.keywords.get('seed');
  if (value === undefined) {
    return 'unseeds';
  }
  let text = cell.textOf(value);
  if (value.name === 'VariableName') {
    const above = [
      ...cells.slice(0, cell.cell.index).flatMap(lc => lc.lines),
      ...cell.text.slice(0, call.from).split(LINE_BREAK)
    ];
    const assigned = new RegExp(`^${text}\\s*=(?!=)\\s*(.+?)\\s*(#.*)?$`);
    const last = above.reverse().find(line => assigned.test(line));
    text = last ? (assigned.exec(last)?.[1] ?? text) : text;
  }
  return text === 'None' ? 'unseeds' : 'seeds';
}

/** `if False:` / `if 0:` / `while False:` */
const NEVER = /^(False|0)$/;
/**
 * a `for` over an empty literal (`for s in []:`, `range(0)`): its body runs zero times, as an
 * `if False:` body never runs (a loop's body runs once per item, none for an empty iterable)
 */
const EMPTY_ITERABLE = /^(\[\s*\]|\(\s*\)|\{\s*\}|""|''|range\(\s*0\s*\))$/;

/**
 * Where a seed call runs: 'now' at the notebook's top level (a loop, a class body or a live
 * `if` included), in the body of the function `def name` ({ inFunction: name }), or never
 * (a lambda, a nested function, a dead `if False:` branch).
 */
function whenRun(
  call: SyntaxNode,
  cell: LintCell
): 'now' | 'never' | { inFunction: string } {
  let inFunction: string | undefined;
  for (let n = call.parent; n; n = n.parent) {
    if (n.name === 'LambdaExpression') {
      return 'never';
    }
    if (
      n.name === 'Body' &&
      (n.parent?.name === 'IfStatement' || n.parent?.name === 'WhileStatement')
    ) {
      const test = n.prevSibling;
      if (test && NEVER.test(cell.textOf(test))) {
        return 'never';
      }
    }
    if (n.name === 'Body' && n.parent?.name === 'ForStatement') {
      const iterable = n.prevSibling;
      if (iterable && EMPTY_ITERABLE.test(cell.textOf(iterable))) {
        return 'never';
      }
    }
    if (n.name === 'FunctionDefinition') {
      const name = n.getChild('VariableName');
      if (inFunction !== undefined || !name) {
        return 'never';
      }
      inFunction = cell.textOf(name);
    }
  }
  return inFunction === undefined ? 'now' : { inFunction };
}

/** Whether `node` lies inside a class body (a method's, or the class's own statements). */
function inClassBody(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.name === 'ClassDefinition') {
      return true;
    }
  }
  return false;
}

/** every callee the rule may look at without extraCallees (SEEDED's and SHUFFLE_ONLY's) */
const KNOWN_CALLEES = new Set([...Object.keys(SEEDED), ...SHUFFLE_ONLY]);

const options = z.object({
  extraCallees: z.array(z.string()).default([]).meta({
    title: 'Extra callees',
    description: 'More function/class names that must get random_state.'
  })
});

/** `train_test_split(X, y)` without random_state gives a different split on every run. */
export default defineRule<z.output<typeof options>, 'noSeed'>({
  meta: {
    code: 'NB107',
    id: 'missing-random-seed',
    category: 'reproducibility',
    description:
      'A split, sampler or estimator that uses randomness is called without a random_state/seed.',
    defaultSeverity: 'warning',
    recommended: true,
    fixable: true,
    fixLabels: ['Pass {{keyword}}=0'],
    messages: {
      noSeed:
        '{{callee}}() is called without {{keyword}}, so each run gives different results; pass {{keyword}}=<int>.'
    },
    options
  },
  create(context) {
    const extra = new Set(context.options.extraCallees);
    // the verdict per dotted callee of this notebook: callees repeat (`df.head`, `print`), and
    // looking one up is cheaper than cutting its last name out for every call
    const looked = new Map<string, boolean>();
    const aliases = once(() => importAliases(context));
    const usesDatasets = once(() => importsDatasets(context.cells, aliases()));
    const hfDatasets = once(() => datasetNames(context.cells, usesDatasets()));
    const sklearnReceiver = once(() =>
      sklearnReceivers(context.cells, aliases())
    );
    // functions and classes the notebook defines itself at top level (`def train_test_split(df,
    // frac):`, `class KMeans:`) and imports nowhere: a call of one runs the notebook's own code,
    // not the library's. Only a definition: `RandomForestClassifier = smc.RandomForestClassifier`
    // binds a library's class under the name. Each name's first definition (cell, offset): after
    // `from sklearn.model_selection import *`, a call above the notebook's own `def
    // train_test_split` runs the library's (a def binds its name when it runs)
    const ownDefinitions = once(() => {
      const own = new Map<string, [number, number]>();
      let starImports = false;
      for (const [index, analysis] of context.analysis.perCell) {
        starImports ||= (analysis.scope?.starImports.length ?? 0) > 0;
        const tree = analysis.scope ? analysis.parsed.tree : null;
        for (let c = tree?.topNode.firstChild; c; c = c.nextSibling) {
          if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') {
            const name = c.getChild('VariableName');
            const text = name
              ? analysis.parsed.masked.text.slice(name.from, name.to)
              : '';
            if (text !== '' && !aliases().has(text) && !own.has(text)) {
              own.set(text, [index, c.from]);
            }
          }
        }
      }
      return { own, starImports };
    });
    /** the call runs the notebook's own definition of `callee` (ownDefinitions) */
    const runsOwn = (callee: string, call: SyntaxNode, cell: LintCell) => {
      const { own, starImports } = ownDefinitions();
      const at = own.get(callee);
      return (
        at !== undefined &&
        (!starImports ||
          at[0] < cell.cell.index ||
          (at[0] === cell.cell.index && at[1] < call.from))
      );
    };
    // `np.random.seed(0)` seen so far (the engine walks the cells in order, each in source order)
    let numpySeeded = false;
    // a function whose body seeds (true) or unseeds (false) NumPy's generator, by name
    const seedingFunctions = new Map<string, boolean>();
    // a seed with a value seen so far in some function's body
    let seedInAFunction = false;
    // scikit-learn calls in the body of `def name` that would be reported, held until the end:
    // the body runs when the function is called, not where it is defined, so a seed set between
    // the definition and the call reaches them (callsOf says when each call ran)
    const held = new Map<string, (() => void)[]>();
    // the calls of each held function: at the top level with NumPy seeded, or anywhere else
    const callsOf = new Map<string, { seeded: number; other: number }>();
    return {
      notebookExit() {
        for (const [name, reports] of held) {
          const calls = callsOf.get(name);
          if (!calls || calls.seeded === 0 || calls.other > 0) {
            reports.forEach(report => {
              report();
            });
          }
        }
      },
      nodes: {
        CallExpression(node, cell) {
          const named = calleeName(node, cell);
          if (named !== null && held.has(named)) {
            const when = whenRun(node, cell);
            if (when !== 'never') {
              const calls = callsOf.get(named) ?? { seeded: 0, other: 0 };
              if (when === 'now' && numpySeeded) {
                calls.seeded++;
              } else {
                calls.other++;
              }
              callsOf.set(named, calls);
            }
          }
          const onValue = named ? null : methodOfExpression(node, cell);
          const callee =
            named ?? (onValue && `${onValue.object}.${onValue.method}`);
          if (!callee) {
            return;
          }
          const effect = callee.endsWith('seed')
            ? numpySeedEffect(node, callee, cell, context.cells, aliases())
            : undefined;
          if (effect) {
            const when = whenRun(node, cell);
            if (when === 'now') {
              numpySeeded = effect === 'seeds';
            } else if (when !== 'never') {
              seedingFunctions.set(when.inFunction, effect === 'seeds');
              seedInAFunction ||= effect === 'seeds';
            }
            return;
          }
          // `set_seeds()` at the top level runs the seed in its body
          const bodySeeds = seedingFunctions.get(callee);
          if (bodySeeds !== undefined && whenRun(node, cell) === 'now') {
            numpySeeded = bodySeeds;
            return;
          }
          let known = looked.get(callee);
          if (known === undefined) {
            const name = callee.slice(callee.lastIndexOf('.') + 1);
            known = KNOWN_CALLEES.has(name) || extra.has(name);
            looked.set(callee, known);
          }
          if (!known || runsOwn(callee, node, cell)) {
            return;
          }
          const last = callee.slice(callee.lastIndexOf('.') + 1);
          const args = callArgs(node, cell);
          if (args.hasSplat) {
            return;
          }
          let keywords: string[] | undefined =
            (Object.hasOwn(SEEDED, last) ? SEEDED[last] : undefined) ??
            (extra.has(last) ? ['random_state'] : undefined);
          if ((qualify(callee, aliases()) ?? '').startsWith('pyspark.ml.')) {
            keywords = SPARK_UNRANDOM.test(last) ? undefined : ['seed'];
          }
          const dot = callee.indexOf('.');
          // a callee no import in the notebook names (a Databricks `%run` of a config notebook
          // brought it in): `seed=` seeds it as well, since the library it comes from takes that
          // keyword (Spark ML's `KMeans(k=3, seed=1)`, pyspark.ml.param.shared.HasSeed), where
          // scikit-learn's estimators take no `seed` and raise TypeError on one
          const unimported = !aliases().has(
            dot < 0 ? callee : callee.slice(0, dot)
          );
          if (
            METHOD_SEEDS.has(last) &&
            (onValue || (dot > 0 && !aliases().has(callee.slice(0, dot))))
          ) {
            // a method of a value (not an imported module's function): seeded by either API's
            // keyword; `shuffle=False` draws nothing in both
            const shuffle = args.keywords.get('shuffle');
            // the value comes from `datasets`: a dataset-making call in the expression itself
            // (`load_dataset(...)["train"]`), or a name bound to one
            const fromDatasets = onValue
              ? MAKES_DATASET.test(onValue.object) ||
                hfDatasets().has(/^[\w.]+/.exec(onValue.object)?.[0] ?? '')
              : hfDatasets().has(callee.slice(0, callee.lastIndexOf('.')));
            const receiver = onValue
              ? onValue.object
              : callee.slice(0, callee.lastIndexOf('.'));
            keywords =
              (shuffle && cell.textOf(shuffle) === 'False') ||
              (!usesDatasets() && !sklearnReceiver()(receiver))
                ? undefined
                : fromDatasets
                  ? ['seed', 'random_state', 'generator']
                  : SEED_KEYWORDS;
          }
          if (SHUFFLE_ONLY.has(last)) {
            const shuffle = args.keywords.get('shuffle');
            keywords =
              shuffle && cell.textOf(shuffle) === 'True'
                ? ['random_state']
                : undefined;
          }
          if (
            !keywords ||
            keywords.some(k => args.keywords.has(k)) ||
            (unimported && args.keywords.has('seed'))
          ) {
            return;
          }
          const selfSeeded = SEEDED_BY_DEFAULT.find(b =>
            b.estimator.test(last)
          );
          if (
            selfSeeded &&
            (selfSeeded.subsamplingSeeded ||
              ![...args.keywords].some(
                ([k, v]) =>
                  SUBSAMPLING.test(k) && !/^1(\.0*)?$/.test(cell.textOf(v))
              ))
          ) {
            return;
          }
          // Spark's df.randomSplit(weights, seed) takes the seed positionally too
          if (last === 'randomSplit' && args.positional.length >= 2) {
            return;
          }
          // scikit-learn draws from NumPy's global generator when random_state is None
          // (sklearn.utils.check_random_state: "If seed is None, return the RandomState singleton
          // used by np.random"); a call in a function's body runs when the function is called,
          // which may be after a seed that runs in another function's body (shap's
          // `generator(n, seed=0)`, called through `user_retention_dataset()` before
          // `fit_xgboost(X, y)`), or after one at the top level between the definition and the
          // call (held below)
          const sklearn = (qualify(callee, aliases()) ?? '').startsWith(
            'sklearn.'
          );
          const when = whenRun(node, cell);
          if (sklearn && (numpySeeded || (seedInAFunction && when !== 'now'))) {
            return;
          }
          if (seededByEnsemble(node, cell, context.cells)) {
            return;
          }
          const edit = appendKeywordArgument(node, cell, `${keywords[0]}=0`);
          const report = () => {
            context.report({
              messageId: 'noSeed',
              data: { callee, keyword: keywords[0] },
              cell: cell.cell,
              node: node.firstChild ?? node,
              // a fixed seed changes which split or model the notebook gets: a suggestion
              fix: edit
                ? {
                    description: `Pass ${keywords[0]}=0`,
                    edits: [edit],
                    applicability: 'unsafe'
                  }
                : undefined
            });
          };
          // in the body of `def name`: reported at the end unless every call of the function
          // runs at the top level after NumPy's generator was seeded (and one does); never
          // called, or called from another function's body, it is reported as written. A
          // method's name is no function's: `train()` says nothing of `Model.train`
          if (sklearn && typeof when === 'object' && !inClassBody(node)) {
            const reports = held.get(when.inFunction) ?? [];
            reports.push(report);
            held.set(when.inFunction, reports);
          } else {
            report();
          }
        }
      }
    };
  }
});
