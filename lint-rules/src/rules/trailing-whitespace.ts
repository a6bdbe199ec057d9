import { defineRule } from '../engine/types';
import { forEachLine } from '../notebook/lines';

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

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
    fixLabels: ['Remove trailing whitespace'],
    messages: {
      trailing: 'Trailing whitespace; remove it.'
    }
  },
  create(context) {
    return {
      cell(lc) {
        // an unknown cell magic's body (a `%%chat` prompt) or a prose one (`%%markdown`,
        // `%%writefile`) is data, not code
        if (
          lc.cell.kind !== 'code' ||
          /^(unknown|markdown|text|latex)$/.test(lc.cell.language)
        ) {
          return;
        }
        const source = lc.cell.source;
        const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
        // the blanks before each line's end, read in place: no split of the cell into lines
        forEachLine(source, (lineStart, to) => {
          let start = to;
          while (start > lineStart && isBlank(source.charCodeAt(start - 1))) {
            start--;
          }
          if (start === to) {
            return;
          }
          // inside a multi-line string (a prompt, a SQL text) the spaces are the string's data
          if (tree?.resolveInner(start, 1).name.includes('String')) {
            return;
          }
          context.report({
            messageId: 'trailing',
            cell: lc.cell,
            from: start,
            to,
            // only Python is re-parsed after a fix: other languages get no automatic edit
            fix:
              lc.cell.language !== 'python'
                ? undefined
                : {
                    description: 'Remove trailing whitespace',
                    edits: [{ cell: lc.cell.index, from: start, to, text: '' }]
                  }
          });
        });
      }
    };
  }
});
