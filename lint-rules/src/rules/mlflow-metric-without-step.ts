import { defineRule } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  isInLoop,
  mentionsMlflow,
  once,
  qualify,
  variableNamesIn
} from './support/syntax';
import { appendKeywordArgument, loopCounter } from './support/edits';
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../engine/types';

/** the names a `for` binds (`for name, value in ...`): the VariableNames before `in` */
function forTargets(loop: SyntaxNode, cell: LintCell): Set<string> {
  const names = new Set<string>();
  for (
    let c = loop.firstChild?.nextSibling ?? null;
    c && c.name !== 'in';
    c = c.nextSibling
  ) {
    variableNamesIn(c, cell, names);
  }
  return names;
}

/**
 * A loop around the call that gives the metric a history: not one whose variable names the key
 * (`for metric, v in scores.items(): log_metric(metric, v)` logs each key once), and none outside
 * a `with mlflow.start_run()` inside the loop (each iteration's run gets the value once).
 */
function intersects(a: Set<string>, b: Set<string>): boolean {
  return [...a].some(name => b.has(name));
}

function loopMakesHistory(
  call: SyntaxNode,
  key: SyntaxNode | undefined,
  cell: LintCell,
  startsRun: (withStatement: SyntaxNode) => boolean
): boolean {
  for (let cur = call.parent; cur; cur = cur.parent) {
    if (
      /^(FunctionDefinition|ClassDefinition|LambdaExpression)$/.test(cur.name)
    ) {
      return false;
    }
    if (cur.name === 'WithStatement' && startsRun(cur)) {
      return false;
    }
    if (cur.name === 'WhileStatement') {
      return true;
    }
    if (
      cur.name === 'ForStatement' &&
      !(key && intersects(variableNamesIn(key, cell), forTargets(cur, cell)))
    ) {
      return true;
    }
  }
  return false;
}

/** In a loop, log_metric without step= records values MLflow cannot put in order. */
export default defineRule<Record<string, never>, 'noStep'>({
  meta: {
    code: 'NB510',
    id: 'mlflow-metric-without-step',
    category: 'mlflow',
    description:
      'mlflow.log_metric() inside a loop has no step=, so the metric history has no x-axis.',
    defaultSeverity: 'warning',
    recommended: true,
    fixable: true,
    fixLabels: ['Pass step={{counter}}'],
    messages: {
      noStep:
        'mlflow.log_metric() in a loop without step=: the history cannot be charted per epoch/iteration; pass step=<loop counter>.'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const aliases = once(() => importAliases(context));
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (callee !== 'mlflow.log_metric' || !isInLoop(node)) {
            return;
          }
          const args = callArgs(node, cell);
          if (
            args.hasSplat ||
            args.keywords.has('step') ||
            args.positional.length >= 3
          ) {
            return;
          }
          const key = args.positional[0] ?? args.keywords.get('key');
          const startsRun = (w: SyntaxNode) => {
            for (
              let c = w.firstChild;
              c && c.name !== 'Body';
              c = c.nextSibling
            ) {
              if (
                c.name === 'CallExpression' &&
                qualify(calleeName(c, cell), aliases()) === 'mlflow.start_run'
              ) {
                return true;
              }
            }
            return false;
          };
          if (!loopMakesHistory(node, key, cell, startsRun)) {
            return;
          }
          // the step is certain only for a plain `for i in range/enumerate(...)` loop
          const counter = loopCounter(node, cell);
          const edit = counter
            ? appendKeywordArgument(node, cell, `step=${counter}`)
            : null;
          context.report({
            messageId: 'noStep',
            cell: cell.cell,
            node: node.firstChild ?? node,
            fix: edit
              ? { description: `Pass step=${counter}`, edits: [edit] }
              : undefined
          });
        }
      }
    };
  }
});
