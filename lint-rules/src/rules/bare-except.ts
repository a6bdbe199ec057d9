import type { SyntaxNode } from '@lezer/common';
import { defineRule } from '../engine/types';

/** The handler's body always ends by raising (`except: log(); raise`): nothing is swallowed. */
function endsWithRaise(body: SyntaxNode): boolean {
  let last: SyntaxNode | null = body.lastChild;
  while (last && !last.name.endsWith('Statement')) {
    last = last.prevSibling;
  }
  return last?.name === 'RaiseStatement';
}

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
    fixable: true,
    fixLabels: ['Catch Exception'],
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
            const body = child.nextSibling;
            if (
              child.name === 'except' &&
              body?.name === 'Body' &&
              !endsWithRaise(body)
            ) {
              context.report({
                messageId: 'bareExcept',
                cell: cell.cell,
                node: child,
                // narrower than `except:` by design: KeyboardInterrupt now stops the cell
                fix: {
                  description: 'Catch Exception',
                  edits: [
                    {
                      cell: cell.cell.index,
                      from: child.to,
                      to: child.to,
                      text: ' Exception'
                    }
                  ],
                  applicability: 'unsafe'
                }
              });
            }
          }
        }
      }
    };
  }
});
