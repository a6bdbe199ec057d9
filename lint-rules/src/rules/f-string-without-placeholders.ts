import type { SyntaxNode } from '@lezer/common';
import { defineRule } from '../engine/types';

/**
 * `f'accuracy ' f'{x:.3f}'`: Python joins implicitly concatenated parts into one f-string, which
 * has a placeholder when any part has one (pyflakes' F541 and ruff skip it too). Each part keeps
 * its own escaping, so removing the f of a part is right when no part has a placeholder.
 */
function joinedHasPlaceholder(node: SyntaxNode): boolean {
  const joined = node.parent;
  if (joined?.name !== 'ContinuedString') {
    return false;
  }
  for (let part = joined.firstChild; part; part = part.nextSibling) {
    if (part.name === 'FormatString' && part.getChild('FormatReplacement')) {
      return true;
    }
  }
  return false;
}

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
          if (
            node.getChild('FormatReplacement') ||
            joinedHasPlaceholder(node)
          ) {
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
