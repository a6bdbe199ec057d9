import { defineRule } from '../engine/types';

/**
 * Modules whose star import is the library's own intended usage, each with the `__all__` (or
 * generated set-up) that makes it so, and where that is written. Everything else (`os`,
 * `pylab`, `pyspark.sql.functions`, whose `sum`, `max`, `round` and `filter` replace Python's
 * built-ins, a project's own helpers) is reported.
 */
const DOCUMENTED_STAR_IMPORTS: readonly { module: RegExp; source: string }[] = [
  {
    // `from pycaret.classification import *`, then `setup`, `compare_models`, ...
    module:
      /^pycaret\.(?:classification|regression|clustering|anomaly|nlp|arules|time_series)$/,
    source:
      "PyCaret's docs (Functional API per task module); each task module defines __all__"
  },
  {
    // `from fastai.vision.all import *`
    module: /^(?:fastai(?:\.\w+)*\.all|fastai\.basics)$/,
    source:
      "fastai's docs (every tutorial starts with `from fastai.<app>.all import *`); its modules define __all__"
  },
  {
    // Kaggle Learn's generated exercise set-up cell: `binder.bind(globals())` then
    // `from learntools.<course>.exN import *`, which brings the checker objects q1, q2, ...
    module: /^learntools\.\w+\.ex\w*$/,
    source:
      'Kaggle/learntools: every exercise module (learntools/<course>/ex*.py) ends with ' +
      '`__all__ = list(qvars)`, the checker objects bind_exercises() makes'
  }
];

/** Whether the star import of `module` is its library's documented usage (DOCUMENTED_STAR_IMPORTS). */
function isDocumentedStarImport(module: string): boolean {
  return DOCUMENTED_STAR_IMPORTS.some(entry => entry.module.test(module));
}

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
          if (isDocumentedStarImport(module)) {
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
