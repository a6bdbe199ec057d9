import { defineRule, LintCell, NodeHandlers } from '../engine/types';
import { calleeName, notebookMentions, perCell } from './support/syntax';

/** Model registry stages are deprecated since MLflow 2.9; aliases replace them. */
export default defineRule<Record<string, never>, 'stageUri' | 'stageApi'>({
  meta: {
    code: 'NB507',
    id: 'mlflow-stage-model-uri',
    category: 'mlflow',
    description:
      'A model URI or registry call uses deprecated stages (Production/Staging/Archived).',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      stageUri:
        '"{{uri}}" uses a deprecated registry stage; use an alias instead (models:/name@champion).',
      stageApi:
        '{{method}}() uses deprecated registry stages; use set_registered_model_alias() / get_model_version_by_alias().'
    }
  },
  create(context) {
    const check = (node: { from: number; to: number }, cell: LintCell) => {
      const text = cell.textOf(node);
      const m = /models:\/[^'"\s/]+\/(Production|Staging|Archived|None)\b/.exec(
        text
      );
      if (m) {
        context.report({
          messageId: 'stageUri',
          data: { uri: m[0] },
          cell: cell.cell,
          from: node.from + m.index,
          to: node.from + m.index + m[0].length
        });
      }
    };
    // a string can hold the URI only where the cell's source does (few cells)
    const mentionsModels = perCell(lc => lc.cell.source.includes('models:/'));
    const checkString = (
      node: { from: number; to: number },
      cell: LintCell
    ) => {
      if (mentionsModels(cell)) {
        check(node, cell);
      }
    };
    const nodes: NodeHandlers = {};
    if (notebookMentions(context, 'models:/')) {
      nodes.String = checkString;
      nodes.FormatString = checkString;
    }
    // both methods are text of the call's cell
    if (
      notebookMentions(context, 'transition_model_version_stage') ||
      notebookMentions(context, 'get_latest_versions')
    ) {
      nodes.CallExpression = (node, cell) => {
        const callee = calleeName(node, cell);
        const method = callee?.slice(callee.lastIndexOf('.') + 1);
        if (
          method === 'transition_model_version_stage' ||
          (method === 'get_latest_versions' && callee !== method)
        ) {
          context.report({
            messageId: 'stageApi',
            data: { method },
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      };
    }
    return { nodes };
  }
});
