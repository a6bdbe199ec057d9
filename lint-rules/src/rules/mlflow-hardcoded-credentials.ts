import { defineRule, LintCell, NodeHandlers } from '../engine/types';
import {
  callArgs,
  calleeName,
  notebookMentions,
  once,
  stringValue
} from './support/syntax';
import { looksLikePlaceholder } from './support/secrets';
import {
  isLocalEndpoint,
  minioDefaultPassword
} from './support/publishedCredentials';

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

/** `"AWS_ACCESS_KEY_ID"] = "minio"`, `("AWS_ACCESS_KEY_ID", "minio")`, `AWS_ACCESS_KEY_ID=minio` */
const ACCESS_KEY_ID =
  /AWS_ACCESS_KEY_ID['"]?\]?[ \t]*[=,][ \t]*['"]?(minioadmin|minio)\b['"]?/g;
/** an S3 endpoint set: `MLFLOW_S3_ENDPOINT_URL` / `AWS_ENDPOINT_URL[_S3]` to a URL (group 1) */
const S3_ENDPOINT =
  /(?:MLFLOW_S3_ENDPOINT_URL|AWS_ENDPOINT_URL(?:_S3)?)['"]?\]?[ \t]*[=,][ \t]*['"]?([^\s'"),]+)/g;

/**
 * The MinIO default passwords the notebook pairs with their user (`AWS_ACCESS_KEY_ID`) while
 * every S3 endpoint it sets is on this machine: credentials of a local store, published by MinIO,
 * that open nothing but the reader's own docker set-up (round 20: the MLflow book's chapter 3).
 * Not when a cell points the endpoint at a remote store (round 21's attack review, R8: the team's
 * store with its default root password is a real exposure).
 */
function localMinioPasswords(cells: readonly LintCell[]): Set<string> {
  const out = new Set<string>();
  const text = cells
    .filter(
      lc =>
        lc.cell.kind === 'code' &&
        (lc.cell.source.includes('AWS_') ||
          lc.cell.source.includes('ENDPOINT_URL'))
    )
    .map(lc => lc.cell.source)
    .join('\n');
  const endpoints = [...text.matchAll(S3_ENDPOINT)].map(m => m[1]);
  if (endpoints.length === 0 || !endpoints.every(isLocalEndpoint)) return out;
  for (const m of text.matchAll(ACCESS_KEY_ID)) {
    out.add(minioDefaultPassword(m[1]) ?? '');
  }
  return out;
}

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
    const minio = once(() => localMinioPasswords(context.cells));
    const check = (
      key: string | null,
      value: Parameters<typeof stringValue>[0],
      cell: Parameters<typeof stringValue>[1]
    ) => {
      if (key === null || !CREDENTIAL_VARS.has(key)) {
        return;
      }
      const v = stringValue(value, cell);
      if (
        v &&
        value &&
        !looksLikePlaceholder(v) &&
        !(key === 'AWS_SECRET_ACCESS_KEY' && minio().has(v))
      ) {
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
