import { defineRule } from '../engine/types';

/** `f"total"`: the f prefix does nothing, or a placeholder was forgotten. */
export default defineRule<Record<string, never>, 'noPlaceholders'>({
  meta: {
    code: 'NB207',
    id: 'f-string-without-placeholders',
    category: 'code-quality',
    description: 'An f-string has no placeholders.',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    fixable: true,
    fixLabels: ['Remove the f prefix'],
    messages: {
      noPlaceholders:
        'f-string without any placeholders; remove the "f" prefix, or add the missing {placeholder}.'
    }
  },
  create(context) {
    return {
      nodes: {
        FormatString(node, cell) {
          if (node.getChild('FormatReplacement')) {
            return;
          }
          const text = cell.textOf(node);
          const prefix = /^[a-zA-Z]*/.exec(text)?.[0] ?? '';
          const at = prefix.search(/[fF]/);
          // with {{ or }} the literal text would change without the prefix
          const safe = at >= 0 && !/\{\{|\}\}/.test(text);
          context.report({
            messageId: 'noPlaceholders',
            cell: cell.cell,
            node,
            fix: safe
              ? {
                  description: 'Remove the f prefix',
                  edits: [
                    {
                      cell: cell.cell.index,
                      from: node.from + at,
                      to: node.from + at + 1,
                      text: ''
                    }
                  ]
                }
              : undefined
          });
        }
      }
    };
  }
});
