/**
 * The scikit-learn ensembles that seed the estimator they are given: whether an estimator call
 * NB107 (missing-random-seed) would report goes to one (as its argument, or through the name it
 * is assigned to), so that its own seed is not needed.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import { callArgs, calleeName } from './syntax';

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
export function seededByEnsemble(
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
