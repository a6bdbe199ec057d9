import { defineRule } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  isInLoop,
  mentionsMlflow,
  once,
  qualify
} from './support/syntax';
import { appendKeywordArgument, loopCounter } from './support/edits';

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
