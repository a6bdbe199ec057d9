import { defineRule, NodeHandlers } from '../engine/types';
import {
  calleeName,
  importAliases,
  notebookMentions,
  once,
  qualify
} from './support/syntax';

/** `os.chdir` / `%cd`: every relative path after it depends on how many times the cell ran. */
export default defineRule<Record<string, never>, 'chdir' | 'cdMagic'>({
  meta: {
    code: 'NB110',
    id: 'working-directory-change',
    category: 'reproducibility',
    description:
      'The notebook changes the working directory (os.chdir or %cd), so relative paths depend on execution history.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      chdir:
        'os.chdir() makes later relative paths depend on which cells ran before; build paths from a base directory (pathlib.Path) instead.',
      cdMagic:
        '%cd makes later relative paths depend on which cells ran before; build paths from a base directory instead.'
    }
  },
  create(context) {
    const aliases = once(() => importAliases(context));
    const nodes: NodeHandlers = {};
    // only a notebook that names chdir can call os.chdir
    if (notebookMentions(context, 'chdir')) {
      nodes.CallExpression = (node, cell) => {
        if (qualify(calleeName(node, cell), aliases()) === 'os.chdir') {
          context.report({
            messageId: 'chdir',
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      };
    }
    return {
      cell(lc) {
        // a line can start `%cd` only if the source holds it (most cells do not)
        if (lc.cell.kind !== 'code' || !lc.cell.source.includes('%cd')) {
          return;
        }
        lc.lines.forEach((line, i) => {
          const m = /^(\s*)%cd\b/.exec(line);
          if (m) {
            const offset = lc.offsetAt({ line: i, column: 0 });
            context.report({
              messageId: 'cdMagic',
              cell: lc.cell,
              from: offset + m[1].length,
              to: offset + m[0].length
            });
          }
        });
      },
      nodes
    };
  }
});
