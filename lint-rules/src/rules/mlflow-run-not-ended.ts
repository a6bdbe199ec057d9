import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import {
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

const HANDS_OVER =
  /^(ReturnStatement|YieldStatement|YieldExpression|LambdaExpression)$/;

/** a return or yield of `fn` itself (not of a function inside it) names `target` */
function returnsOrYields(
  fn: SyntaxNode,
  target: string,
  cell: LintCell
): boolean {
  const names = (node: SyntaxNode): boolean =>
    ((node.name === 'VariableName' || node.name === 'MemberExpression') &&
      cell.textOf(node) === target) ||
    someChild(node, names);
  const visit = (node: SyntaxNode): boolean =>
    (HANDS_OVER.test(node.name) && node.name !== 'LambdaExpression'
      ? names(node)
      : false) ||
    (!NEW_SCOPE.test(node.name) && someChild(node, visit));
  return someChild(fn, visit);
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
 * or it is stored in a name or attribute (`self.run = ...`, a global) that the function returns.
 * Ending it is then the caller's business.
 */
function handedOver(call: SyntaxNode, cell: LintCell): boolean {
  const fn = enclosingFunction(call);
  if (!fn) {
    return false;
  }
  let node = call;
  while (node.parent?.name === 'ParenthesizedExpression') {
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) {
    return false;
  }
  if (HANDS_OVER.test(parent.name)) {
    return true;
  }
  // `run = mlflow.start_run(...)` with one target, which a return or yield of the function names
  const target = parent.firstChild;
  return (
    parent.name === 'AssignStatement' &&
    node.prevSibling?.name === 'AssignOp' &&
    target !== null &&
    target.nextSibling?.name === 'AssignOp' &&
    (target.name === 'VariableName' || target.name === 'MemberExpression') &&
    returnsOrYields(fn, cell.textOf(target), cell)
  );
}

/** `mlflow.start_run()` outside `with` and never ended: the run stays RUNNING, later runs nest in it. */
export default defineRule<Record<string, never>, 'notEnded'>({
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
        'mlflow.start_run() outside "with" and no mlflow.end_run() in the notebook: the run stays RUNNING and re-running the cell fails or nests runs. Use "with mlflow.start_run():".'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const aliases = once(() => importAliases(context));
    const open: { node: SyntaxNode; cell: LintCell }[] = [];
    let ended = false;
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (
            callee === 'mlflow.start_run' &&
            !isWithItem(node) &&
            !handedOver(node, cell)
          ) {
            open.push({ node, cell });
          } else if (
            callee === 'mlflow.end_run' ||
            (callee?.endsWith('.end_run') ?? false)
          ) {
            ended = true;
          }
        }
      },
      notebookExit() {
        if (ended || unparsedCellsMention(context, /end_run\s*\(/)) {
          return;
        }
        for (const { node, cell } of open) {
          context.report({
            messageId: 'notEnded',
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      }
    };
  }
});
