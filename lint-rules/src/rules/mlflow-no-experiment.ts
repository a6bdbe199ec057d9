import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import {
  callArgs,
  calleeName,
  importAliases,
  mentionsMlflow,
  notebookMentions,
  once,
  qualify,
  stringValue,
  unparsedCellsMention
} from './support/syntax';

const TRACKING =
  /^mlflow\.(start_run|log_\w+|autolog|set_tag|set_tags|\w+\.autolog)$/;

/** a name that holds or makes an experiment: `experiment_id`, `exp`, `upsert_experiment` */
const EXPERIMENT_NAME = /^(experiment|exp)(_id|_name)?$/i;
const EXPERIMENT_HELPER = /experiment/i;
/** mlflow's own modules (not `mlflow_adsp` or another package that starts the same) */
const MLFLOW_MODULE = /^mlflow(\.|$)/;

/**
 * The notebook leaves the experiment to a helper of its project: it imports, from a module that
 * is not mlflow, a function whose name says experiment (`from mlflow_adsp import
 * upsert_experiment`), or binds an experiment from an imported function's call
 * (`experiment_id, client = init()`, `init` from `wine_quality.environment`). The helper's
 * source is not in the notebook (the lab cannot read it), and such helpers call
 * `mlflow.set_experiment`; a demanding reviewer would not call the runs unplaced.
 */
function helperImported(aliases: Map<string, string>): boolean {
  for (const [bound, target] of aliases) {
    if (
      EXPERIMENT_HELPER.test(bound) &&
      target.includes('.') &&
      !MLFLOW_MODULE.test(target)
    ) {
      return true;
    }
  }
  return false;
}

/** `experiment_id, client = init()`: an experiment bound from an imported helper's call */
function bindsExperimentFromHelper(
  node: SyntaxNode,
  cell: LintCell,
  aliases: Map<string, string>
): boolean {
  let names = false;
  let value: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp') {
      value = c.nextSibling;
      break;
    }
    if (c.name === 'VariableName' && EXPERIMENT_NAME.test(cell.textOf(c))) {
      names = true;
    }
  }
  if (!names || value?.name !== 'CallExpression') {
    return false;
  }
  const callee = value.firstChild;
  if (callee?.name !== 'VariableName') {
    return false;
  }
  const target = aliases.get(cell.textOf(callee));
  return !!target && target.includes('.') && !MLFLOW_MODULE.test(target);
}

/**
 * Runs logged without choosing an experiment land in "Default", mixed with everyone else's
 * (except on Databricks and Microsoft Fabric, whose runs go to the notebook's own experiment).
 */
export default defineRule<Record<string, never>, 'noExperiment'>({
  meta: {
    code: 'NB502',
    id: 'mlflow-no-experiment',
    category: 'mlflow',
    description:
      'The notebook logs MLflow runs but never chooses an experiment (mlflow.set_experiment).',
    defaultSeverity: 'warning',
    // not in `recommended`: where runs land depends on what runs the notebook (a Databricks or
    // Fabric notebook experiment, an Azure ML job's experiment_name, an MLflow project or an
    // nbcraft job), which the file cannot tell; reviewers judged such findings wrong
    recommended: false,
    messages: {
      noExperiment:
        'MLflow runs are logged but no cell calls mlflow.set_experiment(); runs land in the default experiment. Call mlflow.set_experiment("<name>") before the first run.'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const aliases = once(() => importAliases(context));
    let first: { node: SyntaxNode; cell: LintCell } | null = null;
    let chosen = false;
    // the key decodes to MLFLOW_EXPERIMENT_NAME or _ID only if its string's text is that name:
    // where no cell says MLFLOW_, no assignment can choose the experiment
    const namesExperimentVariable = notebookMentions(context, 'MLFLOW_');
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
          if (
            !chosen &&
            cell.textOf(node).includes('xp') &&
            bindsExperimentFromHelper(node, cell, aliases())
          ) {
            chosen = true;
          }
          if (
            !namesExperimentVariable ||
            node.firstChild?.name !== 'MemberExpression'
          ) {
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
        const runtime = notebookRuntime(context.notebook);
        if (
          // Databricks gives every notebook its own experiment (named by the notebook's path), and
          // so does Fabric (an experiment named after the notebook): runs never land in "Default"
          runtime !== 'databricks' &&
          runtime !== 'fabric' &&
          !chosen &&
          first &&
          !helperImported(aliases()) &&
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
