import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import {
  calleeName,
  importAliases,
  isWithItem,
  mentionsMlflow,
  once,
  qualify,
  unparsedCellsMention
} from './support/syntax';

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
          if (callee === 'mlflow.start_run' && !isWithItem(node)) {
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
