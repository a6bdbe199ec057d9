import { z } from 'zod';
import type { SyntaxNode } from '@lezer/common';
import {
  defineRule,
  LintCell,
  NodeHandlers,
  RuleListeners
} from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  mentionsMlflow,
  notebookMentions,
  once,
  qualify,
  stringValue
} from './support/syntax';

const options = z.object({
  allowed: z.array(z.string()).default(['databricks', 'databricks-uc']).meta({
    title: 'Allowed URIs',
    description:
      'URIs (or scheme prefixes ending in ":") that may be written in code.'
  })
});

/**
 * A store on the local disk at a path relative to the kernel's working directory
 * (`sqlite:///mlflow.db`, `file:./mlruns`, `data/mlruns`, `mlruns`): no server address, it works
 * the same on every machine and in CI (MLflow's own local backend). An absolute path
 * (`sqlite:////home/alice/mlflow.db`, `file:///Users/alice/mlruns`, `sqlite:///C:/Users/alice/mlflow.db`,
 * `file:~alice/mlruns`) ties the notebook to one machine as a server address does; a bare name
 * other than `mlruns` (`localhost`, `my-server.corp.com`) is a host, not a path.
 */
function relativeLocalStore(uri: string): boolean {
  const path = /^(?:sqlite:\/\/\/|file:)(.*)$/.exec(uri)?.[1];
  if (path !== undefined) {
    return /^(?![/~]|[A-Za-z]:)\S/.test(path);
  }
  return (
    /^(\.{1,2}\/)?[\w.-]+(\/[\w.-]+)*\/?$/.test(uri) &&
    (uri.includes('/') || uri === 'mlruns')
  );
}

/** A tracking server URL in code sends everyone's runs to one machine and breaks CI and other workspaces. */
export default defineRule<z.output<typeof options>, 'hardcoded'>({
  meta: {
    code: 'NB503',
    id: 'mlflow-hardcoded-tracking-uri',
    category: 'mlflow',
    description:
      'The MLflow tracking/registry URI is a literal server address in code.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      hardcoded:
        'Hard-coded MLflow {{what}} URI "{{uri}}"; set MLFLOW_TRACKING_URI in the environment (nbcraft passes it to kernels) or use "tracking.uri" in nbcraft.json.'
    },
    dataTerms: { what: ['tracking', 'registry'] },
    options
  },
  create(context): RuleListeners {
    const aliases = once(() => importAliases(context));
    const usesMlflow = mentionsMlflow(context);
    const allowed = (uri: string) =>
      context.options.allowed.some(
        a => uri === a || (a.endsWith(':') && uri.startsWith(a))
      ) ||
      /^databricks(-uc)?(:\/\/[\w-]*)?$/.test(uri) ||
      relativeLocalStore(uri);
    const assignStatement = (node: SyntaxNode, cell: LintCell) => {
      if (node.firstChild?.name !== 'MemberExpression') {
        return;
      }
      const target = node.firstChild;
      const key = stringValue(target.getChild('String'), cell);
      if (key !== 'MLFLOW_TRACKING_URI' && key !== 'MLFLOW_REGISTRY_URI') {
        return;
      }
      const value = target.nextSibling?.nextSibling;
      const uri = stringValue(value, cell);
      if (uri !== null && value && !allowed(uri)) {
        context.report({
          messageId: 'hardcoded',
          data: {
            what: key === 'MLFLOW_TRACKING_URI' ? 'tracking' : 'registry',
            uri: uri.replace(/\/\/[^@/]*@/, '//***@')
          },
          cell: cell.cell,
          node: value
        });
      }
    };
    const nodes: NodeHandlers = {};
    // the key decodes to MLFLOW_TRACKING_URI or MLFLOW_REGISTRY_URI only if its string's text is
    // that name (no escape can give an upper-case letter or `_`): most notebooks say neither,
    // and their assignments are not looked at
    if (notebookMentions(context, 'MLFLOW_')) {
      nodes.AssignStatement = assignStatement;
    }
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: then the
    // rule does not subscribe to calls at all
    if (!usesMlflow) {
      return { nodes };
    }
    return {
      nodes: {
        ...nodes,
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          const what =
            callee === 'mlflow.set_tracking_uri'
              ? 'tracking'
              : callee === 'mlflow.set_registry_uri'
                ? 'registry'
                : null;
          if (!what) {
            return;
          }
          const args = callArgs(node, cell);
          const arg = args.positional[0] ?? args.keywords.get('uri');
          const uri = stringValue(arg, cell);
          if (uri !== null && !allowed(uri)) {
            context.report({
              messageId: 'hardcoded',
              data: { what, uri: uri.replace(/\/\/[^@/]*@/, '//***@') },
              cell: cell.cell,
              node: arg
            });
          }
        }
      }
    };
  }
});
