import { defineRule, NodeHandlers } from '../engine/types';
import {
  callArgs,
  calleeName,
  notebookMentions,
  stringValue
} from './support/syntax';
import { looksLikePlaceholder } from './support/secrets';

const CREDENTIAL_VARS = new Set([
  'MLFLOW_TRACKING_TOKEN',
  'MLFLOW_TRACKING_PASSWORD',
  'MLFLOW_TRACKING_USERNAME',
  'DATABRICKS_TOKEN',
  'DATABRICKS_CLIENT_SECRET',
  'AZURE_CLIENT_SECRET',
  'AZURE_STORAGE_ACCESS_KEY',
  'AWS_SECRET_ACCESS_KEY'
]);
/** every name of CREDENTIAL_VARS holds one of these */
const CREDENTIAL_WORDS = ['MLFLOW_', 'DATABRICKS_', 'AZURE_', 'AWS_'];

/** Tracking credentials written into the notebook end up in git and in every copy of it. */
export default defineRule<
  Record<string, never>,
  'envCredential' | 'uriCredential'
>({
  meta: {
    code: 'NB504',
    id: 'mlflow-hardcoded-credentials',
    category: 'mlflow',
    description:
      'An MLflow/Databricks credential environment variable is set to a literal, or a tracking URI embeds a password.',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      envCredential:
        '{{variable}} is set to a literal in the notebook; set it outside the notebook (environment, ~/.databrickscfg, secret scope) and revoke this value.',
      uriCredential:
        'Tracking URI embeds a user name and password; use MLFLOW_TRACKING_USERNAME/PASSWORD from the environment instead.'
    }
  },
  create(context) {
    const check = (
      key: string | null,
      value: Parameters<typeof stringValue>[0],
      cell: Parameters<typeof stringValue>[1]
    ) => {
      if (key === null || !CREDENTIAL_VARS.has(key)) {
        return;
      }
      const v = stringValue(value, cell);
      if (v && value && !looksLikePlaceholder(v)) {
        context.report({
          messageId: 'envCredential',
          data: { variable: key },
          cell: cell.cell,
          node: value
        });
      }
    };
    const nodes: NodeHandlers = {};
    // a key decodes to one of the names only if its string's text is that name (no escape can
    // give an upper-case letter or `_`), and each name holds one of these words (shared with the
    // other rules that read such keys): most notebooks say none, and their assignments are not
    // looked at
    if (CREDENTIAL_WORDS.some(word => notebookMentions(context, word))) {
      nodes.AssignStatement = (node, cell) => {
        if (node.firstChild?.name !== 'MemberExpression') {
          return;
        }
        const target = node.firstChild;
        check(
          stringValue(target.getChild('String'), cell),
          target.nextSibling?.nextSibling,
          cell
        );
      };
    }
    // the callees it looks at are text of the call's cell
    if (
      notebookMentions(context, 'setdefault') ||
      notebookMentions(context, 'putenv') ||
      notebookMentions(context, 'set_tracking_uri') ||
      notebookMentions(context, 'set_registry_uri')
    ) {
      nodes.CallExpression = (node, cell) => {
        const callee = calleeName(node, cell);
        if (
          !callee ||
          !/(^|\.)environ\.setdefault$|^os\.putenv$|(^|\.)set_(tracking|registry)_uri$/.test(
            callee
          )
        ) {
          return;
        }
        const args = callArgs(node, cell);
        if (/(^|\.)environ\.setdefault$|^os\.putenv$/.test(callee)) {
          check(
            stringValue(args.positional[0], cell),
            args.positional[1],
            cell
          );
        } else {
          const uri = stringValue(args.positional[0], cell);
          if (uri && /^[a-z+]+:\/\/[^/@\s:]+:[^/@\s]+@/i.test(uri)) {
            context.report({
              messageId: 'uriCredential',
              cell: cell.cell,
              node: args.positional[0]
            });
          }
        }
      };
    }
    return { nodes };
  }
});
