import { defineRule, LintCell } from '../engine/types';
import { perCell } from './support/syntax';

/** `models:/name/latest` loads whatever was registered last, so results change under the notebook. */
export default defineRule<Record<string, never>, 'latest'>({
  meta: {
    code: 'NB506',
    id: 'mlflow-latest-model-uri',
    category: 'mlflow',
    description: 'A model URI points at models:/<name>/latest.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      latest:
        '"{{uri}}" loads whichever version was registered last; pin a version (models:/name/3) or use an alias (models:/name@champion).'
    }
  },
  create(context) {
    const check = (
      node: { from: number; to: number },
      text: string,
      cell: LintCell
    ) => {
      const m = /models:\/[^'"\s/]+\/latest\b/i.exec(text);
      if (m) {
        context.report({
          messageId: 'latest',
          data: { uri: m[0] },
          cell: cell.cell,
          from: node.from + m.index,
          to: node.from + m.index + m[0].length
        });
      }
    };
    // a string can hold the URI only where the cell's source does (few cells, few notebooks), and
    // only in a cell whose tree the engine walks (markdown, the larger part of the text, is not)
    if (
      !context.cells.some(
        lc => lc.isPython && /models:\//i.test(lc.cell.source)
      )
    ) {
      return {};
    }
    const mentionsModels = perCell(lc => /models:\//i.test(lc.cell.source));
    return {
      nodes: {
        String(node, cell) {
          if (mentionsModels(cell)) {
            check(node, cell.textOf(node), cell);
          }
        },
        FormatString(node, cell) {
          if (mentionsModels(cell)) {
            check(node, cell.textOf(node), cell);
          }
        }
      }
    };
  }
});
