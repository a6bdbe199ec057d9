import { defineRule } from '../engine/types';

/** `from m import *` hides where names come from, from readers and from nbcraft's analysis. */
export default defineRule<Record<string, never>, 'starImport'>({
  meta: {
    code: 'NB204',
    id: 'star-import',
    category: 'code-quality',
    description:
      '`from module import *` makes it impossible to tell where names come from.',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      starImport:
        '"from {{module}} import *" hides which names it defines; import the names you use (or the module).'
    }
  },
  create(context) {
    return {
      nodes: {
        ImportStatement(node, cell) {
          // no `*` in the statement's text, no `*` child (most imports): skip the child search
          const at = cell.cell.source.indexOf('*', node.from);
          if (at < 0 || at >= node.to) {
            return;
          }
          const star = node.getChild('*');
          if (!star) {
            return;
          }
          const text = cell.textOf(node);
          const module = /^from\s+([.\w]+)/.exec(text)?.[1] ?? '?';
          context.report({
            messageId: 'starImport',
            data: { module },
            cell: cell.cell,
            node
          });
        }
      }
    };
  }
});
