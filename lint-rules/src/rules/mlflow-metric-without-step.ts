import { defineRule } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  isInLoop,
  once,
  qualify
} from './support/syntax';

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
    messages: {
      noStep:
        'mlflow.log_metric() in a loop without step=: the history cannot be charted per epoch/iteration; pass step=<loop counter>.'
    }
  },
  create(context) {
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
          context.report({
            messageId: 'noStep',
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      }
    };
  }
});
