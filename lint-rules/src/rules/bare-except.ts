import type { SyntaxNode } from '@lezer/common';
import { defineRule, type LintCell } from '../engine/types';

/** The handler's body always ends by raising (`except: log(); raise`): nothing is swallowed. */
function endsWithRaise(body: SyntaxNode): boolean {
  let last: SyntaxNode | null = body.lastChild;
  while (last && !last.name.endsWith('Statement')) {
    last = last.prevSibling;
  }
  return last?.name === 'RaiseStatement';
}

/**
 * The try's body is only IPython escapes (`%tensorflow_version 2.x`, `!nvidia-smi`, `%pip install
 * x`): every statement of it is a masked magic or shell line. Colab's idiom `try:
 * %tensorflow_version 2.x` / `except: pass` exists to let the notebook run on a kernel without
 * that magic (IPython raises UsageError for an unknown one); the handler guards one command line,
 * not Python code, so there is no interrupt worth keeping to hide.
 */
/**
 * Escapes that probe or set up the environment: a failure there means another kernel or
 * platform, not a result the notebook goes on without. `%run`, `%sql`, `%timeit` and the like
 * run the notebook's work and raise when it fails: a bare handler around them hides that.
 */
const PROBE_MAGICS = new Set([
  'tensorflow_version',
  'pip',
  'conda',
  'load_ext',
  'reload_ext',
  'matplotlib',
  'config',
  'env'
]);

function onlyEscapesIn(body: SyntaxNode, cell: LintCell): boolean {
  const magics = cell.analysis?.parsed.masked.magics ?? [];
  if (magics.length === 0) return false;
  let statements = 0;
  for (let s = body.firstChild; s; s = s.nextSibling) {
    if (!s.name.endsWith('Statement')) continue;
    statements++;
    const line = cell.positionAt(s.from).line;
    if (
      !magics.some(
        m =>
          m.line <= line &&
          line <= m.endLine &&
          !m.bodyIsPython &&
          (m.kind === 'shell' ||
            m.kind === 'pip' ||
            (m.kind === 'line-magic' && PROBE_MAGICS.has(m.name)))
      )
    ) {
      return false;
    }
  }
  return statements > 0;
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
          const tried = node.getChild('Body');
          if (tried && onlyEscapesIn(tried, cell)) return;
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
