import { z } from 'zod';
import { defineRule } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import { baseName } from '../notebook/read';

const options = z.object({
  withinCells: z.number().int().min(1).default(3).meta({
    title: 'Within cells',
    description: 'The title must be in one of the first N cells.'
  })
});

/**
 * A heading of any level (`# Title`, `## Title`, `<h2>`, setext): notebooks are often titled
 * with `##` (or under a logo), and a reader sees a title either way.
 */
const TITLE =
  /(^|\n)\s{0,3}#{1,6}[ \t]+\S|<h[1-6][\s>]|(^|\n)[^\n]+\n(=+|-+)[ \t]*(\n|$)/i;
/** Databricks renders `##Title` (no space after the hashes) as a heading too */
const DATABRICKS_TITLE = /(^|\n)\s{0,3}#{1,6}[^#\s]/;
/**
 * The first word of a notebook's name (after any number: `00_setup`) that says it is a helper
 * other notebooks `%run` (`Includes`, `setup`, `configure_notebook`, `Common_Python`,
 * `utils`...): a module or a tool, not a document. Only the first word: `SparkConfigDump` is a
 * document about configuration, `configure_notebook` configures.
 */
const HELPER_WORD =
  /^(includes?|setup|helpers?|utils?|utilit(y|ies)|common|conf|config\w*|functions?|init(iali[sz]e)?|shared|libs?)$/i;

/**
 * `RUNME` itself (any case, any extension), Databricks solution accelerators' notebook that
 * creates their clusters and workflow; not a name that merely starts with the word
 * (`runme_churn_analysis` is a document).
 */
const RUNME = /^runme(\.\w+)*$/i;

/** `_private.ipynb`, `RUNME.py`, or a name whose first word is a helper word */
export function isHelperNotebookName(fileName: string): boolean {
  if (fileName.startsWith('_') || RUNME.test(fileName)) {
    return true;
  }
  const first = fileName
    .replace(/\.(ipynb|py)$/i, '')
    .split(/[_\-\s.]+|(?<=[a-z])(?=[A-Z])/)
    .find(w => w !== '' && !/^\d+$/.test(w));
  return first !== undefined && HELPER_WORD.test(first);
}

/** A notebook without a title heading reads as scratch work, and renders without a name. */
export default defineRule<z.output<typeof options>, 'noTitle'>({
  meta: {
    code: 'NB305',
    id: 'missing-title',
    category: 'structure',
    description:
      "None of the first cells is Markdown with a heading (the notebook's title).",
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      noTitle:
        'No Markdown title ("# Title") in the first {{within}} cells; start the notebook with a heading that says what it does.'
    },
    options
  },
  create(context) {
    return {
      notebook() {
        const cells = context.notebook.cells;
        if (
          cells.length === 0 ||
          isHelperNotebookName(baseName(context.notebook.path))
        ) {
          return;
        }
        const within = context.options.withinCells;
        // asked only when a Markdown cell has no heading Jupyter renders
        const databricks = () =>
          notebookRuntime(context.notebook) === 'databricks';
        const hasTitle = cells.slice(0, within).some(c => {
          if (c.kind !== 'markdown') {
            return false;
          }
          // `%md-sandbox` leaves `-sandbox` on the first line of an exported cell
          const text = c.source.replace(/^(%md)?(-sandbox)?[ \t]*/, '');
          return (
            TITLE.test(text) || (databricks() && DATABRICKS_TITLE.test(text))
          );
        });
        if (!hasTitle) {
          context.report({
            messageId: 'noTitle',
            data: { within },
            cell: cells[0]
          });
        }
      }
    };
  }
});
