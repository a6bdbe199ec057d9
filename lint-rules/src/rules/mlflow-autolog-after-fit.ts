import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import {
  callArgs,
  calleeName,
  importAliases,
  mentionsMlflow,
  once,
  qualify
} from './support/syntax';

/** autolog only patches training calls made after it: a fit above it is not recorded. */
export default defineRule<Record<string, never>, 'afterFit'>({
  meta: {
    code: 'NB509',
    id: 'mlflow-autolog-after-fit',
    category: 'mlflow',
    description:
      'mlflow autolog is enabled after a model was already trained (.fit) above it.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      afterFit:
        '{{callee}}() comes after the .fit() call in cell {{fitCell}}, which is therefore not logged; enable autolog before training.'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    // Fabric and Databricks switch autologging on for every notebook (Databricks Autologging,
    // Fabric's default autolog): a fit above an explicit autolog() call is logged there already
    const runtime = notebookRuntime(context.notebook);
    if (runtime === 'fabric' || runtime === 'databricks') {
      return {};
    }
    const aliases = once(() => importAliases(context));
    /** the first fit that ran before any autolog call (autolog stays on once called) */
    let firstFit: { node: SyntaxNode; cell: LintCell } | null = null;
    let autologSeen = false;
    return {
      nodes: {
        CallExpression(node, cell) {
          const raw = calleeName(node, cell);
          const callee = qualify(raw, aliases());
          if (!callee) {
            return;
          }
          if (/^mlflow\.(\w+\.)?autolog$/.test(callee)) {
            // `autolog(disable=True)` switches logging off: nothing it could have missed
            const disable = callArgs(node, cell).keywords.get('disable');
            if (disable && cell.textOf(disable) === 'True') {
              return;
            }
            // only the first autolog can come too late: fits after it are logged
            if (firstFit && !autologSeen) {
              context.report({
                messageId: 'afterFit',
                data: { callee, fitCell: firstFit.cell.cell.index + 1 },
                cell: cell.cell,
                node: node.firstChild ?? node
              });
            }
            autologSeen = true;
          } else if (
            !firstFit &&
            !autologSeen &&
            /\.(fit|fit_transform|train)$/.test(callee) &&
            !callee.startsWith('mlflow.')
          ) {
            firstFit = { node, cell };
          }
        }
      }
    };
  }
});
