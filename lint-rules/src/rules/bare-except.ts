import { defineRule } from '../engine/types';

/** `except:` also catches KeyboardInterrupt and SystemExit, so the kernel cannot be interrupted. */
export default defineRule<Record<string, never>, 'bareExcept'>({
  meta: {
    code: 'NB206',
    id: 'bare-except',
    category: 'code-quality',
    description:
      'A bare `except:` catches everything, including KeyboardInterrupt.',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      bareExcept:
        'Bare "except:" also swallows KeyboardInterrupt (the kernel\'s interrupt button); catch the exceptions you expect, or "except Exception:".'
    }
  },
  create(context) {
    return {
      nodes: {
        TryStatement(node, cell) {
          for (let child = node.firstChild; child; child = child.nextSibling) {
            if (child.name === 'except' && child.nextSibling?.name === 'Body') {
              context.report({
                messageId: 'bareExcept',
                cell: cell.cell,
                node: child
              });
            }
          }
        }
      }
    };
  }
});
