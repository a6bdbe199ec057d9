import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  once,
  qualify,
  stringValue,
  unparsedCellsMention
} from './support/syntax';

const TRACKING =
  /^mlflow\.(start_run|log_\w+|autolog|set_tag|set_tags|\w+\.autolog)$/;

/**
 * Runs logged without choosing an experiment land in "Default", mixed with everyone else's
 * (except in Databricks source notebooks, whose runs go to the notebook's own experiment).
 */
export default defineRule<Record<string, never>, 'noExperiment'>({
  meta: {
    code: 'NB502',
    id: 'mlflow-no-experiment',
    category: 'mlflow',
    description:
      'The notebook logs MLflow runs but never chooses an experiment (mlflow.set_experiment).',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      noExperiment:
        'MLflow runs are logged but no cell calls mlflow.set_experiment(); runs land in the default experiment. Call mlflow.set_experiment("<name>") before the first run.'
    }
  },
  create(context) {
    const aliases = once(() => importAliases(context));
    let first: { node: SyntaxNode; cell: LintCell } | null = null;
    let chosen = false;
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (!callee) {
            return;
          }
          if (callee === 'mlflow.set_experiment') {
            chosen = true;
          } else if (
            callee === 'mlflow.start_run' &&
            callArgs(node, cell).keywords.has('experiment_id')
          ) {
            chosen = true;
          } else if (TRACKING.test(callee) && !first) {
            first = { node, cell };
          }
        },
        AssignStatement(node, cell) {
          if (node.firstChild?.name !== 'MemberExpression') {
            return;
          }
          // os.environ["MLFLOW_EXPERIMENT_NAME"] = "..."
          const key = stringValue(node.firstChild.getChild('String'), cell);
          if (
            key === 'MLFLOW_EXPERIMENT_NAME' ||
            key === 'MLFLOW_EXPERIMENT_ID'
          ) {
            chosen = true;
          }
        }
      },
      notebookExit() {
        if (
          // Databricks gives every notebook its own experiment (named by the notebook's path), so
          // runs of a Databricks source notebook never land in "Default"
          context.notebook.format !== 'databricks' &&
          !chosen &&
          first &&
          !unparsedCellsMention(
            context,
            /set_experiment|MLFLOW_EXPERIMENT_(NAME|ID)|experiment_id\s*=/
          )
        ) {
          context.report({
            messageId: 'noExperiment',
            cell: first.cell.cell,
            node: first.node.firstChild ?? first.node
          });
        }
      }
    };
  }
});
