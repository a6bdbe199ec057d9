/**
 * NB107 (missing-random-seed): a call that draws at random without a seed. The rule follows the
 * notebook in order: which callee takes which seed (support/seededCallees.ts), NumPy's global
 * seed and when a call runs (support/numpySeed.ts), `train_test_split` as a method of a value
 * (support/trainTestSplitMethod.ts), estimators an ensemble seeds (support/seedingEnsembles.ts);
 * this file decides and reports, holding a function body's calls until the notebook's end.
 */
import type { SyntaxNode } from '@lezer/common';
import { z } from 'zod';
import { defineRule, type LintCell } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  once,
  qualify
} from './support/syntax';
import { appendKeywordArgument } from './support/edits';
import {
  KNOWN_CALLEES,
  SEEDED,
  SEEDED_BY_DEFAULT,
  SHUFFLE_ONLY,
  SPARK_UNRANDOM,
  SUBSAMPLING
} from './support/seededCallees';
import { seededByEnsemble } from './support/seedingEnsembles';
import { builtToShowError } from './support/errorDemonstration';
import {
  datasetNames,
  importsDatasets,
  MAKES_DATASET,
  METHOD_SEEDS,
  methodOfExpression,
  SEED_KEYWORDS,
  sklearnReceivers
} from './support/trainTestSplitMethod';
import { inClassBody, numpySeedEffect, whenRun } from './support/numpySeed';

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
          if (
            seededByEnsemble(node, cell, context.cells) ||
            builtToShowError(node, cell)
          ) {
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
