import { z } from 'zod';
import { defineRule } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import type { NotebookCell } from '../notebook/types';
import { inLibraryFolder, isHelperNotebook } from './support/helperNotebook';

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
 * A Markdown heading, the first in a text: ATX (`# Title`), HTML (`<h1>Title</h1>`) or setext
 * (a line underlined with `=` or `-`).
 */
const HEADING =
  /(?:^|\n)[ \t]{0,3}(#{1,6})[ \t]+([^\n]*)|<h([1-6])[^>]*>([\s\S]*?)<\/h[1-6]>|(?:^|\n)([^\n]+)\n(=+|-+)[ \t]*(?=\n|$)/i;

/**
 * section names that head a part of a notebook, never its title ("# Setup", "# Imports", "# Import
 * libraries", "# Environment setup", "# Appendix: ...")
 */
const SECTION_NAME =
  /^((environment |notebook )?set[ -]?up|imports?|(import|importing|load|loading|install|installing) (the )?(required )?(libraries|packages|modules|dependencies)|(required )?(libraries|packages)|installation|prerequisites|requirements|dependencies|introduction|overview|(table of )?contents|getting started|(environment |notebook )?configuration|environment|appendix\b.*)$/i;

/** A Markdown cell's text without the `%md` / `%md-sandbox` an exported Databricks cell opens with. */
function markdownText(cell: NotebookCell): string {
  return cell.source.replace(/^(%md)?(-sandbox)?[ \t]*/, '');
}

/** The first heading of a Markdown text is a level-1 heading that is no section name. */
function opensWithTitle(text: string): boolean {
  const m = HEADING.exec(text);
  if (!m) {
    return false;
  }
  // groups: 1-2 ATX hashes and text, 3-4 HTML level and text, 5-6 setext text and underline
  const [, hashes, atx, htmlLevel, html, setext, underline] = m as (
    string | undefined
  )[];
  const level = hashes
    ? hashes.length
    : htmlLevel
      ? Number(htmlLevel)
      : underline?.startsWith('=')
        ? 1
        : 2;
  const words = (atx ?? html ?? setext ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/^[\s*_`]+|[\s*_`#:.]+$/g, '');
  return level === 1 && words !== '' && !SECTION_NAME.test(words);
}

/**
 * A code cell that only sets up the session before the title: the line magics that configure it
 * (`%load_ext watermark`, `%watermark -v -p torch`, `%matplotlib inline`, `%config ...`,
 * `%autoreload 2`, pycodestyle_magic's `%flake8_on`), comments (`#!pip install x==1`) and blank lines. A version stamp above the title
 * is how some collections open every notebook. Other magics do work (`%run train.py`,
 * `%time model = fit(X)`, `%sql SELECT ...`): a cell of them is no set-up.
 */
function onlySetUpMagics(source: string): boolean {
  return source
    .split('\n')
    .every(line =>
      /^\s*($|#|%(load_ext|watermark|matplotlib|config|flake8_on|pycodestyle_on)\b|%autoreload[ \t]+\d\s*$)/.test(
        line
      )
    );
}

/** how many cells from the top the title may come after set-up cells */
const SET_UP_CELLS = 5;

/**
 * Within the first SET_UP_CELLS cells, the notebook's first heading is a level-1 title (not a
 * section name such as "# Setup"), and only Markdown and set-up code cells (onlySetUpMagics) come
 * before it: the table of contents and a rendered copy show it first.
 */
function titleAfterSetUp(cells: readonly NotebookCell[]): boolean {
  for (const c of cells.slice(0, SET_UP_CELLS)) {
    if (c.kind === 'markdown') {
      const text = markdownText(c);
      if (TITLE.test(text)) {
        return opensWithTitle(text);
      }
    } else if (c.kind === 'code' && !onlySetUpMagics(c.source)) {
      return false;
    }
  }
  return false;
}

/**
 * The most lines a notebook of one code cell may have and still be a workflow step (one query, one
 * call): a longer one is a program that a title would explain.
 */
const ONE_STEP_LINES = 30;

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
        if (cells.length === 0 || isHelperNotebook(context.notebook.path)) {
          return;
        }
        // one code cell and nothing else but empty cells (a workflow step, one DDL statement):
        // no document to title, and its file name says what the one step does; any length in a
        // library's folder (`util/`), where it is a helper that other notebooks `%run`
        const written = cells.filter(c => /\S/.test(c.source));
        if (
          written.length === 1 &&
          written[0].kind === 'code' &&
          (written[0].source.trimEnd().split('\n').length <= ONE_STEP_LINES ||
            inLibraryFolder(context.notebook.path))
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
          const text = markdownText(c);
          return (
            TITLE.test(text) || (databricks() && DATABRICKS_TITLE.test(text))
          );
        });
        if (!hasTitle && !titleAfterSetUp(cells)) {
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
