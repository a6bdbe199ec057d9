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

/**
 * A model's training call: an estimator's `fit`, a booster's `train` (`xgb.train`, `lgb.train`).
 * `fit_transform` is a preprocessor's (`DictVectorizer`, `StandardScaler`): it trains no model
 * autolog would record.
 */
function isTraining(callee: string): boolean {
  return /\.(fit|train)$/.test(callee) && !callee.startsWith('mlflow.');
}

/**
 * autolog only patches training calls made after it: a fit above it is not recorded. Reported only
 * where no model is trained after the autolog call (then it records nothing the notebook does).
 */
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
    /** the first training call that ran before any autolog call (autolog stays on once called) */
    let firstFit: { node: SyntaxNode; cell: LintCell } | null = null;
    let autologSeen = false;
    /** the first autolog after such a fit, reported at the end unless a training call follows it */
    let late: { node: SyntaxNode; cell: LintCell; callee: string } | null =
      null;
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
              late = { node, cell, callee };
            }
            autologSeen = true;
          } else if (isTraining(callee)) {
            if (!autologSeen) {
              firstFit ??= { node, cell };
            } else {
              // autolog placed before a training call is there for it: the fits above were left
              // untracked on purpose (a baseline, a lesson's "without MLflow" first step)
              late = null;
            }
          }
        }
      },
      notebookExit() {
        if (late && firstFit) {
          context.report({
            messageId: 'afterFit',
            data: {
              callee: late.callee,
              fitCell: firstFit.cell.cell.index + 1
            },
            cell: late.cell.cell,
            node: late.node.firstChild ?? late.node
          });
        }
      }
    };
  }
});
