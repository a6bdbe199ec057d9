import { defineRule } from '../engine/types';

/**
 * Modules whose own documentation teaches the star import as the way to use them in a notebook, and
 * whose `__all__` is curated for it: PyCaret's functional API per task (`from pycaret.classification
 * import *`, then `setup`, `compare_models`, ...) and fastai's `all` modules (`from
 * fastai.vision.all import *`). Everything else (`os`, `pyspark.sql.functions`, whose `sum`, `max`,
 * `round` and `filter` replace Python's built-ins, a project's own helpers) is reported.
 */
const DOCUMENTED_STAR_IMPORT =
  /^(?:pycaret\.(?:classification|regression|clustering|anomaly|nlp|arules|time_series)|fastai(?:\.\w+)*\.all|fastai\.basics)$/;

/** `from m import *` hides where names come from, from readers and from nbcraft's analysis. */
export default defineRule<Record<string, never>, 'starImport'>({
  meta: {
    code: 'NB204',
    id: 'star-import',
    category: 'code-quality',
    description:
      '`from module import *` makes it impossible to tell where names come from.',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      starImport:
        '"from {{module}} import *" hides which names it defines; import the names you use (or the module).'
    }
  },
  create(context) {
    return {
      nodes: {
        ImportStatement(node, cell) {
          // no `*` in the statement's text, no `*` child (most imports): skip the child search
          const at = cell.cell.source.indexOf('*', node.from);
          if (at < 0 || at >= node.to) {
            return;
          }
          const star = node.getChild('*');
          if (!star) {
            return;
          }
          const text = cell.textOf(node);
          const module = /^from\s+([.\w]+)/.exec(text)?.[1] ?? '?';
          if (DOCUMENTED_STAR_IMPORT.test(module)) {
            return;
          }
          context.report({
            messageId: 'starImport',
            data: { module },
            cell: cell.cell,
            node
          });
        }
      }
    };
  }
});
