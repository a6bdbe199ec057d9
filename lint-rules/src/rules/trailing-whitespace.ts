import { defineRule } from '../engine/types';

/** Invisible whitespace at line ends makes noisy diffs. */
export default defineRule<Record<string, never>, 'trailing'>({
  meta: {
    code: 'NB208',
    id: 'trailing-whitespace',
    category: 'code-quality',
    description: 'A code line ends with spaces or tabs.',
    defaultSeverity: 'warning',
    recommended: false,
    scope: 'cell',
    fixable: true,
    messages: {
      trailing: 'Trailing whitespace; remove it.'
    }
  },
  create(context) {
    return {
      cell(lc) {
        if (lc.cell.kind !== 'code') {
          return;
        }
        const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
        lc.lines.forEach((line, i) => {
          const m = /[ \t]+$/.exec(line);
          if (!m) {
            return;
          }
          const start = lc.offsetAt({ line: i, column: m.index });
          const end = start + m[0].length;
          // inside a multi-line string the spaces are data: report, but do not touch them
          const inString = tree
            ? tree.resolveInner(start, 1).name.includes('String')
            : lc.cell.language !== 'python';
          context.report({
            messageId: 'trailing',
            cell: lc.cell,
            from: start,
            to: end,
            fix: inString
              ? undefined
              : {
                  description: 'Remove trailing whitespace',
                  edits: [
                    { cell: lc.cell.index, from: start, to: end, text: '' }
                  ]
                }
          });
        });
      }
    };
  }
});
