import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import {
  callArgs,
  calleeName,
  enclosingFunction,
  importAliases,
  isWithItem,
  mentionsMlflow,
  NEW_SCOPE,
  once,
  qualify,
  unparsedCellsMention
} from './support/syntax';
import {
  interruptionsOf,
  reachedOnEveryPath,
  type FlowInterruption
} from './support/flowPaths';

const HANDS_OVER = /^(ReturnStatement|YieldStatement|YieldExpression)$/;
/** a collection whose direct elements a return hands over with it (`return run, 1`) */
const COLLECTION =
  /^(TupleExpression|ArrayExpression|DictionaryExpression|ParenthesizedExpression)$/;

/**
 * the value a return or yield gives is `target` itself or a direct element of a tuple, list or
 * dict it builds: `return run.info.run_id`, `return run is not None`, `return print(run)` hand
 * over no run
 */
function isOrHolds(value: SyntaxNode, target: string, cell: LintCell): boolean {
  if (value.name === 'VariableName' || value.name === 'MemberExpression') {
    return cell.textOf(value) === target;
  }
  return (
    COLLECTION.test(value.name) &&
    someChild(value, child => isOrHolds(child, target, cell))
  );
}

/** a return or yield of `fn` itself (not of a function inside it) gives `target` */
function returnsOrYields(
  fn: SyntaxNode,
  target: string,
  cell: LintCell
): boolean {
  const visit = (node: SyntaxNode): boolean =>
    (HANDS_OVER.test(node.name)
      ? someChild(node, value => isOrHolds(value, target, cell))
      : false) ||
    (!NEW_SCOPE.test(node.name) && someChild(node, visit));
  return someChild(fn, visit);
}

/** how many assignments in `fn` itself bind `target` (`run = start_run(); run = 3` is two) */
function assignmentsTo(fn: SyntaxNode, target: string, cell: LintCell): number {
  let count = 0;
  const visit = (node: SyntaxNode): boolean => {
    if (
      node.name === 'AssignStatement' &&
      node.firstChild &&
      cell.textOf(node.firstChild) === target
    ) {
      count++;
    }
    return !NEW_SCOPE.test(node.name) && someChild(node, visit);
  };
  someChild(fn, visit);
  return count;
}

function someChild(
  node: SyntaxNode,
  test: (child: SyntaxNode) => boolean
): boolean {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (test(c)) return true;
  }
  return false;
}

/**
 * The run this call starts is handed to the caller of the function it is in: the call is what
 * the function returns or yields (`return mlflow.start_run(run_id=...)` in a get-or-start helper),
 * or it is stored in a name or attribute (`self.run = ...`, a global) that the function returns
 * as is (not `run.info.run_id`) and binds once. Ending it is then the caller's business. A lambda
 * hands nothing over: its call starts the run (`start = lambda: mlflow.start_run()`).
 * Returns the function that hands the run over.
 */
function handedOver(call: SyntaxNode, cell: LintCell): SyntaxNode | null {
  const fn = enclosingFunction(call);
  if (fn?.name !== 'FunctionDefinition') {
    return null;
  }
  let node = call;
  while (node.parent?.name === 'ParenthesizedExpression') {
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) {
    return null;
  }
  if (HANDS_OVER.test(parent.name)) {
    return fn;
  }
  // `run = mlflow.start_run(...)` with one target, which a return or yield of the function gives
  const target = parent.firstChild;
  return parent.name === 'AssignStatement' &&
    node.prevSibling?.name === 'AssignOp' &&
    target !== null &&
    target.nextSibling?.name === 'AssignOp' &&
    (target.name === 'VariableName' || target.name === 'MemberExpression') &&
    returnsOrYields(fn, cell.textOf(target), cell) &&
    assignmentsTo(fn, cell.textOf(target), cell) === 1
    ? fn
    : null;
}

/**
 * The plain name a start_run call is bound to (`run_ctx = mlflow.start_run(...)`, one target), or
 * null. The `ActiveRun` it holds is a context manager whose `__exit__` calls `end_run`
 * (mlflow/tracking/fluent.py, class ActiveRun), so a later `with run_ctx:` ends that run.
 */
function boundName(call: SyntaxNode, cell: LintCell): string | null {
  let node = call;
  while (node.parent?.name === 'ParenthesizedExpression') {
    node = node.parent;
  }
  const parent = node.parent;
  const target = parent?.firstChild;
  return parent?.name === 'AssignStatement' &&
    node.prevSibling?.name === 'AssignOp' &&
    target?.name === 'VariableName' &&
    target.nextSibling?.name === 'AssignOp'
    ? cell.textOf(target)
    : null;
}

/**
 * pyspark's distributors run the function handed to `.run(fn, *args)` in processes of their own
 * (TorchDistributor and DeepspeedTorchDistributor through `torch.distributed.run`, HorovodRunner
 * through Horovod's launcher): a run the function starts or resumes (`start_run(run_id=...)`)
 * there is ended when that process exits, by the `atexit.register(_safe_end_run)` of
 * mlflow/tracking/fluent.py, and never sits in the notebook's kernel.
 */
const DISTRIBUTOR =
  /(^|\.)(TorchDistributor|DeepspeedTorchDistributor|HorovodRunner)$/;

/** `fn` when `call` is `<distributor>.run(fn, ...)` with a distributor built in place or bound to a name */
function distributedFunction(
  call: SyntaxNode,
  cell: LintCell,
  distributors: Set<string>
): string | null {
  const callee = call.firstChild;
  if (
    callee?.name !== 'MemberExpression' ||
    !/\.\s*run$/.test(cell.textOf(callee))
  ) {
    return null;
  }
  const object = callee.firstChild;
  const built =
    object?.name === 'CallExpression'
      ? calleeName(object, cell)
      : object?.name === 'VariableName' && distributors.has(cell.textOf(object))
        ? 'TorchDistributor'
        : null;
  if (!built || !DISTRIBUTOR.test(built)) {
    return null;
  }
  const first = callArgs(call, cell).positional.at(0);
  return first?.name === 'VariableName' ? cell.textOf(first) : null;
}

/** the name a module-level (not a method's) `def` binds, for its callers to be checked */
function helperName(fn: SyntaxNode, cell: LintCell): string | undefined {
  for (let p = fn.parent; p; p = p.parent) {
    if (p.name === 'ClassDefinition') return undefined;
  }
  const name = fn.getChild('VariableName');
  return name ? cell.textOf(name) : undefined;
}

/** `mlflow.start_run()` outside `with` and never ended: the run stays RUNNING, later runs nest in it. */
export default defineRule<Record<string, never>, 'notEnded' | 'helperNotEnded'>(
  {
    meta: {
      code: 'NB501',
      id: 'mlflow-run-not-ended',
      category: 'mlflow',
      description:
        'mlflow.start_run() is called outside a `with` block and the notebook never calls mlflow.end_run().',
      defaultSeverity: 'warning',
      recommended: true,
      messages: {
        notEnded:
          'mlflow.start_run() outside "with" and no mlflow.end_run() in the notebook: the run stays RUNNING and re-running the cell fails or nests runs. Use "with mlflow.start_run():".',
        helperNotEnded:
          '{{helper}}() starts an MLflow run and hands it over; it is called outside "with" and the notebook never calls mlflow.end_run(): the run stays RUNNING. Use "with {{helper}}():".'
      }
    },
    create(context) {
      // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
      if (!mentionsMlflow(context)) {
        return {};
      }
      const aliases = once(() => importAliases(context));
      const open: {
        node: SyntaxNode;
        cell: LintCell;
        bound: string | null;
        fn: SyntaxNode | null;
      }[] = [];
      // names entered by `with <name>` (per cell and enclosing function), names bound to a
      // distributor, and functions handed to a distributor's `.run`
      // by name: an open run is compared with the `with`s of its own name only (against every
      // `with`, 20,000 bound runs and 20,000 `with z:` cells took 40 s)
      const entered = new Map<
        string,
        { name: string; node: SyntaxNode; cell: number }[]
      >();
      // bindings and jumps, for whether a `with` is reached on every path after its run started
      const interruptions: FlowInterruption[] = [];
      const distributors = new Set<string>();
      const distributed = new Set<string>();
      // functions that hand a run to their caller, and calls of a plain name outside `with`
      const helpers = new Set<string>();
      const calls: { node: SyntaxNode; cell: LintCell; name: string }[] = [];
      let ended = false;
      const interrupts = (node: SyntaxNode, cell: LintCell) => {
        interruptions.push(
          ...interruptionsOf(node, cell.cell.index, n => cell.textOf(n))
        );
      };
      return {
        nodes: {
          CallExpression(node, cell) {
            const name = calleeName(node, cell);
            const callee = qualify(name, aliases());
            if (callee === 'mlflow.start_run') {
              if (isWithItem(node)) return;
              const helper = handedOver(node, cell);
              const named = helper && helperName(helper, cell);
              if (named) helpers.add(named);
              else if (!helper) {
                open.push({
                  node,
                  cell,
                  bound: boundName(node, cell),
                  fn: enclosingFunction(node)
                });
              }
            } else if (
              callee === 'mlflow.end_run' ||
              (callee?.endsWith('.end_run') ?? false)
            ) {
              ended = true;
            } else if (name !== null && DISTRIBUTOR.test(name)) {
              const bound = boundName(node, cell);
              if (bound) distributors.add(bound);
            } else if (
              name !== null &&
              /^[A-Za-z_]\w*$/.test(name) &&
              !isWithItem(node)
            ) {
              // whether it hands a run over is asked at the end, of a helper's calls only
              calls.push({ node, cell, name });
            }
            const fn = distributedFunction(node, cell, distributors);
            if (fn) distributed.add(fn);
          },
          AssignStatement: interrupts,
          UpdateStatement: interrupts,
          ReturnStatement: interrupts,
          RaiseStatement: interrupts,
          BreakStatement: interrupts,
          ContinueStatement: interrupts,
          WithStatement(node, cell) {
            // the items: a plain name not after `as` is the context manager entered
            for (let c = node.firstChild; c; c = c.nextSibling) {
              if (c.name === 'VariableName' && c.prevSibling?.name !== 'as') {
                const name = cell.textOf(c);
                const place = { name, node: c, cell: cell.cell.index };
                const list = entered.get(name);
                if (list) list.push(place);
                else entered.set(name, [place]);
              }
            }
          }
        },
        notebookExit() {
          if (ended || unparsedCellsMention(context, /end_run\s*\(/)) {
            return;
          }
          const directlyCalled = new Set(calls.map(c => c.name));
          for (const { node, cell, bound, fn } of open) {
            // `run_ctx = mlflow.start_run(...)` later entered as `with run_ctx:` in the same
            // function (or at the top level of this or a later cell), reached on every path from
            // the start with `run_ctx` not rebound on the way: its exit ends the run
            const start = { node, cell: cell.cell.index };
            if (
              bound &&
              entered
                .get(bound)
                ?.some(e => reachedOnEveryPath(start, e, bound, interruptions))
            ) {
              continue;
            }
            // a function only handed to a distributor's `.run` runs in worker processes
            const def =
              fn?.name === 'FunctionDefinition'
                ? helperName(fn, cell)
                : undefined;
            if (def && distributed.has(def) && !directlyCalled.has(def)) {
              continue;
            }
            context.report({
              messageId: 'notEnded',
              cell: cell.cell,
              node: node.firstChild ?? node
            });
          }
          for (const { node, cell, name } of calls) {
            if (helpers.has(name) && !handedOver(node, cell)) {
              context.report({
                messageId: 'helperNotEnded',
                cell: cell.cell,
                node: node.firstChild ?? node,
                data: { helper: name }
              });
            }
          }
        }
      };
    }
  }
);
