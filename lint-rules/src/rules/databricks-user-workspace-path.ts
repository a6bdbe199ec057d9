import { notebookRuntime } from '../notebook/runtime';
import { defineRule } from '../engine/types';
import { inProse, pathAt } from './support/syntax';

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
    const runtime = notebookRuntime(context.notebook);
    const re = /(?:\/Workspace)?\/Users\/[^/\s'"]+@[^/\s'"]+(?:\/[^\s'"]*)?/g;
    return {
      cell(lc) {
        if (lc.cell.kind !== 'code') {
          return;
        }
        re.lastIndex = 0;
        for (let m = re.exec(lc.cell.source); m; m = re.exec(lc.cell.source)) {
          if (inProse(lc, m.index, runtime)) {
            continue;
          }
          // the whole value of a literal that starts with the path (a folder name with a space)
          const { path, from, to } = pathAt(lc, m.index, m[0], false);
          context.report({
            messageId: 'userPath',
            data: { path },
            cell: lc.cell,
            from,
            to
          });
          re.lastIndex = Math.max(re.lastIndex, to);
        }
      }
    };
  }
});
