import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';

/** a docstring: a string that is the first statement of a module, class or function body */
function isDocstring(node: SyntaxNode): boolean {
  const statement = node.parent;
  if (
    statement?.name !== 'ExpressionStatement' ||
    statement.firstChild?.from !== node.from
  ) {
    return false;
  }
  const body = statement.parent;
  let first = body?.firstChild ?? null;
  while (first && (first.name === ':' || first.name === 'Comment')) {
    first = first.nextSibling;
  }
  return (
    first?.from === statement.from &&
    (body?.name === 'Script' ||
      (body?.name === 'Body' &&
        /^(FunctionDefinition|ClassDefinition)$/.test(body.parent?.name ?? '')))
  );
}

/** text that documents rather than uses a path: a comment or a docstring */
function inProse(lc: LintCell, at: number): boolean {
  const tree = lc.analysis?.parsed.tree;
  if (!tree) {
    return false;
  }
  const node = tree.resolveInner(at, 1);
  return (
    node.name === 'Comment' || (node.name === 'String' && isDocstring(node))
  );
}

/** `/Workspace/Users/alice@corp.com/...` breaks for every other user, job and CI run. */
export default defineRule<Record<string, never>, 'userPath'>({
  meta: {
    code: 'NB601',
    id: 'databricks-user-workspace-path',
    category: 'databricks',
    description:
      "A path into one user's Databricks workspace folder (/Workspace/Users/<email>).",
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      userPath:
        '"{{path}}" points into one user\'s workspace folder; use a relative path, a Git folder, or a Unity Catalog volume (/Volumes/...).'
    }
  },
  create(context) {
    const re = /(?:\/Workspace)?\/Users\/[^/\s'"]+@[^/\s'"]+(?:\/[^\s'"]*)?/g;
    return {
      cell(lc) {
        if (lc.cell.kind !== 'code') {
          return;
        }
        re.lastIndex = 0;
        for (let m = re.exec(lc.cell.source); m; m = re.exec(lc.cell.source)) {
          if (inProse(lc, m.index)) {
            continue;
          }
          context.report({
            messageId: 'userPath',
            data: { path: m[0] },
            cell: lc.cell,
            from: m.index,
            to: m.index + m[0].length
          });
        }
      }
    };
  }
});
