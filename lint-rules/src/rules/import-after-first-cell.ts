import { z } from 'zod';
import { defineRule } from '../engine/types';

const options = z.object({
  importCells: z.number().int().min(1).default(1).meta({
    title: 'Import cells',
    description:
      'How many leading code cells (with Python statements) may hold imports.'
  })
});

/** Imports scattered through the notebook hide its dependencies and break "run from here". */
export default defineRule<z.output<typeof options>, 'lateImport'>({
  meta: {
    code: 'NB301',
    id: 'import-after-first-cell',
    category: 'structure',
    description: 'A top-level import appears after the first code cell.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      lateImport:
        "Cell {{cell}} imports {{modules}}; move imports to the first code cell so the notebook's dependencies are in one place."
    },
    options
  },
  create(context) {
    let codeCellsSeen = 0;
    return {
      cell(lc) {
        const scope = lc.analysis?.scope;
        if (!lc.isPython || !scope) {
          return;
        }
        // cells with only magics/comments (%pip, %load_ext) do not count as the first code cell
        if (scope.refs.length === 0 && scope.imports.length === 0) {
          return;
        }
        codeCellsSeen++;
        if (codeCellsSeen <= context.options.importCells) {
          return;
        }
        // one finding per cell, at its first import, naming every module it imports
        const late = scope.imports.filter(
          imp => !imp.conditional && !imp.isFuture
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
          to: from + line.trimEnd().length - column
        });
      }
    };
  }
});
