import { defineRule, NodeHandlers } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import {
  calleeName,
  inProse,
  notebookMentions,
  pathAt,
  stringValue
} from './support/syntax';

/** DBFS root, FUSE `/dbfs` and `dbfs:/mnt` mounts are legacy: no Unity Catalog governance, disabled on new workspaces. */
export default defineRule<
  Record<string, never>,
  'fusePath' | 'mountPath' | 'mountCall'
>({
  meta: {
    code: 'NB602',
    id: 'databricks-legacy-dbfs-path',
    category: 'databricks',
    description:
      'Legacy DBFS access: /dbfs/... FUSE paths, dbfs:/mnt and /mnt mounts, or dbutils.fs.mount().',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      fusePath:
        'Legacy DBFS FUSE path "{{path}}"; use a Unity Catalog volume (/Volumes/<catalog>/<schema>/<volume>/...).',
      mountPath:
        'Legacy DBFS mount "{{path}}"; use a Unity Catalog external location or volume.',
      mountCall:
        'dbutils.fs.mount() creates a legacy DBFS mount; use a Unity Catalog external location instead.'
    }
  },
  create(context) {
    // a bare `/mnt/...` is a DBFS mount only where Databricks runs the notebook
    const runtime = notebookRuntime(context.notebook);
    const databricks = runtime === 'databricks';
    const re = /(?<![\w:/.-])(\/dbfs\/[^\s'"`)]*)|dbfs:\/mnt\/[^\s'"`)]*/g;
    const nodes: NodeHandlers = {};
    if (databricks) {
      nodes.String = (node, cell) => {
        const value = stringValue(node, cell);
        if (value !== null && /^\/mnt\/[^\s]/.test(value)) {
          context.report({
            messageId: 'mountPath',
            data: { path: value },
            cell: cell.cell,
            node
          });
        }
      };
    }
    // dbutils.fs.mount is text of its cell: a notebook that never says mount has no such call
    if (notebookMentions(context, 'mount')) {
      nodes.CallExpression = (node, cell) => {
        if (calleeName(node, cell) === 'dbutils.fs.mount') {
          context.report({
            messageId: 'mountCall',
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      };
    }
    return {
      cell(lc) {
        // both of the pattern's branches hold `dbfs`: most cells do not, and skip the regex (whose
        // leading lookbehind is tried at every position)
        if (lc.cell.kind !== 'code' || !lc.cell.source.includes('dbfs')) {
          return;
        }
        re.lastIndex = 0;
        for (let m = re.exec(lc.cell.source); m; m = re.exec(lc.cell.source)) {
          // a path a comment or docstring mentions is no path the cell uses
          if (inProse(lc, m.index, runtime)) {
            continue;
          }
          // the whole value of a literal that starts with the path, spaces included
          const { path, from, to } = pathAt(lc, m.index, m[0]);
          context.report({
            messageId: m[1] ? 'fusePath' : 'mountPath',
            data: { path },
            cell: lc.cell,
            from,
            to
          });
          re.lastIndex = Math.max(re.lastIndex, to);
        }
      },
      nodes
    };
  }
});
