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
        // most cells have no blank before a line end: one scan of the source instead of a regex per line
        if (!/[ \t](?:[\r\n]|$)/.test(lc.cell.source)) {
          return;
        }
        const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
        lc.lines.forEach((line, i) => {
          const last = line.charCodeAt(line.length - 1);
          const m = last === 32 || last === 9 ? /[ \t]+$/.exec(line) : null;
          if (!m) {
            return;
          }
          const start = lc.offsetAt({ line: i, column: m.index });
          const end = start + m[0].length;
          // inside a multi-line string (a prompt, a SQL text) the spaces are the string's data
          if (tree?.resolveInner(start, 1).name.includes('String')) {
            return;
          }
          context.report({
            messageId: 'trailing',
            cell: lc.cell,
            from: start,
            to: end,
            // only Python is re-parsed after a fix: other languages get no automatic edit
            fix:
              lc.cell.language !== 'python'
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
