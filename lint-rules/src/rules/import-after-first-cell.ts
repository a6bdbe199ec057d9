import { z } from 'zod';
import { defineRule, LintCell, SourceEdit } from '../engine/types';
import { LINE_BREAK, lineWithoutComment } from '../python/literals';
import { lineBreakOf, statementLines } from './support/edits';
import { isExportPreamble, saysGenerated } from './support/generatedCells';

const options = z.object({
  importCells: z.number().int().min(1).default(1).meta({
    title: 'Import cells',
    description:
      'How many leading code cells (with Python statements) may hold imports.'
  })
});

/**
 * Standard-library modules imported for what the import does, not for a name: CPython's
 * `Lib/this.py` prints the Zen of Python when first imported, and `Lib/antigravity.py` opens a web
 * browser on xkcd 353. `import this` where it stands is that output (a notebook's sign-off);
 * moved to the first cell it would print there instead. Other imports of the same cell are
 * still reported.
 */
const RUN_FOR_EFFECT = new Set(['this', 'antigravity']);

/** a Python file a line names (`download(".../thinkstats2.py")`, `!wget .../thinkplot.py`,
 * `%%writefile helper.py`) */
const PY_FILE = /(?:^|[^\w.])([A-Za-z_]\w*)\.py\b/g;
/**
 * a line that writes or fetches a file: `%%writefile`, a shell download or copy, a download or
 * write call, `open(..., "w")`; the Python file it names is a module it makes importable from the
 * notebook's folder. Not `!python train.py` (runs it) nor a comment naming `utils.py` (round 21's
 * attack review, R5).
 */
const WRITES_FILE =
  /^\s*%%?(?:writefile|file)\b|^\s*!.*\b(?:wget|curl|cp|mv|gdown|gsutil|rsync|unzip|tar|git|kaggle)\b|\b(?:download\w*|urlretrieve|copy\w*|write\w*)\s*\(|\bopen\s*\([^\n]{0,300}?,\s*(?:mode\s*=\s*)?['"][^'"\n]{0,4}[wax]/;

/** Markdown that names what a cell of imports brings in: "Load standard modules", "Imports" */
const IMPORTS_HEADING =
  /\b(imports?|importing|modules?|librar(?:y|ies)|packages?|dependenc(?:y|ies))\b/i;

/** every top-level statement of the cell is an import (comments and magics aside) */
function onlyImports(lc: LintCell): boolean {
  // a cursor reads the statements' types without allocating a node object for each
  const cursor = lc.analysis?.parsed.tree?.cursor();
  let imports = 0;
  if (cursor?.firstChild()) {
    do {
      if (cursor.name === 'ImportStatement') {
        imports++;
      } else if (cursor.name !== 'Comment') {
        return false;
      }
    } while (cursor.nextSibling());
  }
  return imports > 0;
}

/** Imports scattered through the notebook hide its dependencies and break "run from here". */
export default defineRule<z.output<typeof options>, 'lateImport'>({
  meta: {
    code: 'NB301',
    id: 'import-after-first-cell',
    category: 'structure',
    description: 'A top-level import appears after the first code cell.',
    defaultSeverity: 'warning',
    // not in `recommended`: tutorials import where a step first needs a library, and reviewers
    // accept that (it fired on most public notebooks); teams that want one imports cell opt in.
    // Even then it reports only notebooks that have an imports cell: where the author imports
    // as they go, a late import is the notebook's style, not a slip (a review judged those FP).
    recommended: false,
    fixable: true,
    fixLabels: ['Move the imports to the imports cell'],
    messages: {
      lateImport:
        "Cell {{cell}} imports {{modules}}; move imports to the first code cell so the notebook's dependencies are in one place."
    },
    options
  },
  create(context) {
    const fixOf = (edits: SourceEdit[] | null) =>
      edits
        ? { description: 'Move the imports to the imports cell', edits }
        : undefined;
    let codeCellsSeen = 0;
    /**
     * modules whose `.py` file a code cell so far (this one included) names: a cell that
     * downloads or writes `thinkstats2.py` makes `import thinkstats2` work only after it runs,
     * so the import cannot move to the first cell (round 18: ThinkStats2's chapters)
     */
    const namedModules = new Set<string>();
    /** one of the leading cells holds only imports: the notebook keeps them in one place */
    let hasImportsCell = false;
    /** no code cell past the allowed imports cells has held anything but imports yet */
    let inImportsSection = true;
    /** Markdown about imports came after the last code cell counted */
    let markdownSinceCode = false;
    /** the last cell allowed to hold imports: the fix moves late imports there */
    let importsCell: LintCell | null = null;

    /**
     * The cells from the imports cell up to the cell being linted, gathered as the cells go by
     * (each cell once, however many late imports follow it): every name their refs use, and
     * whether one of them is a code cell that is not Python that parsed.
     */
    const between = {
      start: -1,
      end: -1,
      names: new Set<string>(),
      notPython: false
    };
    const cellsBetween = (start: number, end: number) => {
      if (between.start !== start || between.end > end) {
        between.start = between.end = start;
        between.names.clear();
        between.notPython = false;
      }
      for (; between.end < end; between.end++) {
        const other = context.cells[between.end];
        if (other.cell.kind !== 'code') {
          continue;
        }
        if (!other.isPython) {
          between.notPython = true;
        }
        for (const r of other.analysis?.scope?.refs ?? []) {
          between.names.add(r.name);
        }
      }
      return between;
    };

    /**
     * Moving the cell's import statements into the imports cell, after its last import, is
     * certain when each stands alone on its lines at the top of its cell and no cell from the
     * imports cell on reads or binds what it imports (so running it earlier changes nothing).
     */
    const moveFix = (lc: LintCell): SourceEdit[] | null => {
      const target = importsCell;
      const scope = lc.analysis?.scope;
      if (!target || !scope || !target.analysis?.scope) {
        return null;
      }
      const other = cellsBetween(target.cell.index, lc.cell.index);
      if (
        other.notPython ||
        scope.imports.some(i => other.names.has(i.bound))
      ) {
        return null;
      }
      const moved: { from: number; to: number; text: string }[] = [];
      const seen = new Set<number>();
      for (const imp of scope.imports) {
        if (seen.has(imp.line)) {
          continue;
        }
        seen.add(imp.line);
        const column = Math.max(0, (lc.lines[imp.line] ?? '').search(/\S/));
        const span = statementLines(
          lc,
          lc.offsetAt({ line: imp.line, column }),
          'ImportStatement'
        );
        if (!span || imp.conditional || imp.isFuture) {
          return null;
        }
        moved.push(span);
      }
      // only imports, blank lines and comments above the moved lines
      const firstKept = Math.min(...moved.map(m => m.from));
      const above = lc.cell.source.slice(0, firstKept);
      if (!/^(\s*(#.*)?\n)*$/.test(above) && above !== '') {
        return null;
      }
      const targetImports = target.analysis.scope.imports;
      const lastLine = targetImports.length
        ? Math.max(...targetImports.map(i => i.line))
        : -1;
      let at = 0;
      let prefix = '';
      // the imports cell's line break (the moved lines' when it has none)
      const lineBreak = LINE_BREAK.test(target.cell.source)
        ? lineBreakOf(target.cell.source)
        : lineBreakOf(lc.cell.source);
      if (lastLine >= 0) {
        const column = Math.max(0, (target.lines[lastLine] ?? '').search(/\S/));
        const span = statementLines(
          target,
          target.offsetAt({ line: lastLine, column }),
          'ImportStatement'
        );
        if (!span) {
          return null;
        }
        at = span.to;
        prefix = /[\r\n]$/.test(target.cell.source.slice(span.from, span.to))
          ? ''
          : lineBreak;
      }
      const text = prefix
        ? prefix + moved.map(m => m.text).join(lineBreak)
        : moved.map(m => `${m.text}${lineBreak}`).join('');
      return [
        { cell: target.cell.index, from: at, to: at, text },
        ...moved.map(m => ({
          cell: lc.cell.index,
          from: m.from,
          to: m.to,
          text: ''
        }))
      ];
    };

    return {
      cell(lc) {
        if (lc.cell.kind === 'code' && lc.cell.source.includes('.py')) {
          for (const line of lc.lines) {
            if (!line.includes('.py')) continue;
            const code = lineWithoutComment(line);
            if (!WRITES_FILE.test(code)) continue;
            for (const m of code.matchAll(PY_FILE)) namedModules.add(m[1]);
          }
        }
        if (
          lc.cell.kind === 'markdown' &&
          IMPORTS_HEADING.test(lc.cell.source)
        ) {
          markdownSinceCode = true;
        }
        const scope = lc.analysis?.scope;
        if (!lc.isPython || !scope) {
          return;
        }
        // cells with only magics/comments (%pip, %load_ext) do not count as the first code cell
        if (scope.refs.length === 0 && scope.imports.length === 0) {
          return;
        }
        // an exporter's preamble (Hex's `_hex_` cells) comes before the author's first cell, and
        // a cell a tool says it generated shows that tool's code (support/generatedCells)
        if (
          (codeCellsSeen === 0 && isExportPreamble(lc)) ||
          saysGenerated(lc)
        ) {
          return;
        }
        codeCellsSeen++;
        const importsOnly = onlyImports(lc);
        const titled = markdownSinceCode;
        markdownSinceCode = false;
        // a cell of imports only right after an imports cell, under Markdown of its own that
        // speaks of imports, continues it: a "Load modules" section split in titled cells
        // ("Load CausalML modules", "Load standard modules"; round 21) keeps the imports at the
        // top. Split with no text between, it is a late import (round 17: `import unittests`
        // alone in the cell under the imports cell, judged true), and so is a section's own
        // imports under its topic's heading ("Pitfall 1: ..."). The first cell of other code
        // ends the section, and a continuation makes no imports cell of its own (a notebook
        // whose first cell does work imports as it goes).
        if (
          codeCellsSeen <= context.options.importCells ||
          (inImportsSection && importsOnly && titled && hasImportsCell)
        ) {
          importsCell = lc;
          hasImportsCell ||= importsOnly;
          return;
        }
        inImportsSection = false;
        if (!hasImportsCell || scope.imports.length === 0) {
          return;
        }
        // one finding per cell, at its first import, naming every module it imports
        const late = scope.imports.filter(
          imp =>
            !imp.conditional &&
            !imp.isFuture &&
            !(imp.name === undefined && RUN_FOR_EFFECT.has(imp.module)) &&
            !namedModules.has(imp.module.split('.')[0])
        );
        if (late.length === 0) {
          return;
        }
        const first = late.reduce((a, b) => (b.line < a.line ? b : a));
        const line = lc.lines[first.line] ?? '';
        const column = Math.max(0, line.search(/\S/));
        const from = lc.offsetAt({ line: first.line, column });
        const modules = [...new Set(late.map(imp => imp.module))];
        context.report({
          messageId: 'lateImport',
          data: {
            modules: modules.map(m => `"${m}"`).join(', '),
            cell: lc.cell.index + 1
          },
          cell: lc.cell,
          from,
          to: from + line.trimEnd().length - column,
          fix:
            late.length === scope.imports.length
              ? fixOf(moveFix(lc))
              : undefined
        });
      }
    };
  }
});
