import { defineRule, type LintCell } from '../engine/types';

/**
 * Line magics that Databricks runs inside a Python cell, exporting only their own line with
 * "# MAGIC ": `%pip install ...` then `dbutils.library.restartPython()` in one cell is a Python
 * cell with a %pip line, which is what its author wants (prefixing the Python line would make it
 * part of the pip command).
 */
const LINE_MAGICS = new Set(['pip']);

/**
 * What a separator line that is not exactly `# COMMAND ----------` gets wrong, in its order: the
 * spaces after `#`, the spaces before the dashes, the number of dashes, anything after them
 * (`# COMMAND  ----------` has the right dashes and one space too many).
 */
function separatorFault(line: string): string {
  const m = /^#(\s*)COMMAND(\s*)(-+)(\s*)$/.exec(line);
  if (!m) return 'not the separator';
  const spaces = (s: string, where: string) =>
    s === ' '
      ? null
      : s === ''
        ? `no space ${where}`
        : /^ +$/.test(s)
          ? `${s.length} spaces ${where}, not 1`
          : `a tab or other blank ${where}, not a space`;
  const faults = [
    spaces(m[1], 'after "#"'),
    spaces(m[2], 'before the dashes'),
    m[3].length === 10 ? null : `${m[3].length} dashes, not 10`,
    m[4] === '' ? null : 'blanks after the dashes'
  ].filter((f): f is string => f !== null);
  return faults.join(', ');
}

/**
 * Each file line a cell holds (0-based) -> the cell and that line's index in it, for every cell,
 * read once per notebook: a marker line is located in its cell so that `# nbcraft: disable=NB605`
 * on it and `disable-cell=NB605` in the cell apply, as the rule's doc says (a finding without a
 * cell is the whole notebook's). (Looking the cell and line up per finding read every line of
 * the cell again: 30,000 findings in one cell took a minute.)
 */
function cellLines(
  cells: readonly LintCell[]
): Map<number, { cell: LintCell; line: number }> {
  const out = new Map<number, { cell: LintCell; line: number }>();
  for (const lc of cells) {
    for (let line = 0; line < lc.lines.length; line++) {
      const fileLine = lc.cell.toFilePosition({ line, column: 0 }).line - 1;
      if (!out.has(fileLine)) out.set(fileLine, { cell: lc, line });
    }
  }
  return out;
}

/**
 * The cell that holds the file's 0-based line `fileLine`, and that line's span in the cell's
 * source, or null for a line no cell holds (the header).
 */
function cellLineAt(
  lines: ReadonlyMap<number, { cell: LintCell; line: number }>,
  fileLine: number
): { cell: LintCell; from: number; to: number } | null {
  const hit = lines.get(fileLine);
  if (!hit) return null;
  const from = hit.cell.offsetAt({ line: hit.line, column: 0 });
  return { cell: hit.cell, from, to: from + hit.cell.lines[hit.line].length };
}

/**
 * Databricks source markers in a form Databricks does not write: a separator may not split the
 * cells, a magic may stay a Python comment. What Databricks does with each form on import is not
 * documented (its docs show only the exported form; its VS Code extension strips a separator
 * line's blanks before comparing), so the separator's message says only what is known.
 */
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
        'Cell separator "{{text}}" ({{fault}}) is not the form Databricks writes, "# COMMAND ----------" exactly (one space, COMMAND, one space, 10 dashes); how Databricks reads other forms is not documented, and the cells may merge on import.',
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
        /** the cells' lines by file line, read at the first finding */
        let byLine: Map<number, { cell: LintCell; line: number }> | undefined;
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
            byLine ??= cellLines(context.cells);
            const inCell = cellLineAt(byLine, i);
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
                data: { text: line, fault: separatorFault(line) },
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
