import { defineRule, type LintCell } from '../engine/types';

/**
 * Line magics that Databricks runs inside a Python cell, exporting only their own line with
 * "# MAGIC ": `%pip install ...` then `dbutils.library.restartPython()` in one cell is a Python
 * cell with a %pip line, which is what its author wants (prefixing the Python line would make it
 * part of the pip command).
 */
const LINE_MAGICS = new Set(['pip']);

/**
 * The cell that holds the file's line starting at offset `at` (0-based line `fileLine`), and that
 * line's span in the cell's source, or null for a line no cell holds (the header). A marker line
 * is located in its cell so that `# nbcraft: disable=NB605` on it and `disable-cell=NB605` in the
 * cell apply, as the rule's doc says (a finding without a cell is the whole notebook's).
 */
function cellLineAt(
  cells: readonly LintCell[],
  at: number,
  fileLine: number
): { cell: LintCell; from: number; to: number } | null {
  const lc = cells.find(
    c => c.cell.sourceRange.start <= at && at < c.cell.sourceRange.end
  );
  if (!lc) return null;
  const k = lc.lines.findIndex(
    (_, line) =>
      lc.cell.toFilePosition({ line, column: 0 }).line === fileLine + 1
  );
  if (k < 0) return null;
  const from = lc.offsetAt({ line: k, column: 0 });
  return { cell: lc, from, to: from + lc.lines[k].length };
}

/** Databricks source markers that Databricks will not recognise: cells merge or magics turn into Python comments. */
export default defineRule<
  Record<string, never>,
  'separator' | 'magicPrefix' | 'mixedMagic'
>({
  meta: {
    code: 'NB605',
    id: 'databricks-broken-marker',
    category: 'databricks',
    description:
      'A malformed Databricks source marker (# COMMAND ----------, # MAGIC, header line).',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      separator:
        'Malformed cell separator "{{text}}"; Databricks only recognises "# COMMAND ----------" (10 dashes), so the cells merge.',
      magicPrefix:
        'Malformed "{{text}}" prefix; Databricks expects "# MAGIC " (hash, space, MAGIC, space).',
      mixedMagic:
        'Line without "# MAGIC " in a %{{magic}} cell; Databricks runs it as Python. Prefix it with "# MAGIC ".'
    }
  },
  create(context) {
    return {
      notebook() {
        const nb = context.notebook;
        if (nb.format !== 'databricks') {
          return;
        }
        const text = nb.text;
        let offset = 0;
        let inMagicCell: string | null = null;
        let cellStart = true;
        const lines = text.split('\n');
        lines.forEach((rawLine, i) => {
          const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
          const at = offset;
          offset += rawLine.length + 1;
          const span = { from: at, to: at + line.length };
          /** the finding at this line, in the cell that holds it */
          const where = () => {
            const inCell = cellLineAt(context.cells, at, i);
            return inCell
              ? {
                  cell: inCell.cell.cell,
                  from: inCell.from,
                  to: inCell.to,
                  fileSpan: span
                }
              : { fileSpan: span };
          };
          // every marker starts with '#': the regexes run only on comment lines
          const comment = line.charCodeAt(0) === 35;
          // The header is the file's first line (the reader requires it there). A later
          // "# Databricks notebook source" line is not reported: Databricks decides whether a file
          // is a notebook from its first line alone (databricks/cli libs/notebook/detect.go reads
          // the first line and compares it with the header), and within a cell the line is an
          // ordinary comment: it splits no cell and hides no magic (a pasted export's source, as
          // digital-pathology's solacc_companion_init.py pastes its __init__.py under a DBTITLE).
          if (comment && /^#\s*Databricks notebook source\s*$/.test(line)) {
            return;
          }
          if (comment && /^#\s*COMMAND\s*-{3,}\s*$/.test(line)) {
            if (line !== '# COMMAND ----------') {
              context.report({
                messageId: 'separator',
                data: { text: line },
                ...where()
              });
            }
            inMagicCell = null;
            cellStart = true;
            return;
          }
          if (
            comment &&
            (/^#\s*MAGIC\b/.test(line) || line.startsWith('#MAGIC'))
          ) {
            if (!/^# MAGIC( |$)/.test(line)) {
              context.report({
                messageId: 'magicPrefix',
                data: { text: line.slice(0, 9) },
                ...where()
              });
            }
            if (cellStart) {
              inMagicCell = /^#\s*MAGIC\s*%(\w+)/.exec(line)?.[1] ?? null;
            }
            cellStart = false;
            return;
          }
          if (!/\S/.test(line)) {
            return;
          }
          const title = comment && /^#\s*DBTITLE/.test(line);
          if (inMagicCell && !LINE_MAGICS.has(inMagicCell) && !title) {
            context.report({
              messageId: 'mixedMagic',
              data: { magic: inMagicCell },
              ...where()
            });
            inMagicCell = null; // once per cell
          }
          if (!title) {
            cellStart = false;
          }
        });
      }
    };
  }
});
