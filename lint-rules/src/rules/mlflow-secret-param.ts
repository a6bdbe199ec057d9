import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  mentionsMlflow,
  once,
  qualify,
  stringValue
} from './support/syntax';
import { isCredentialName } from './support/credentialNames';

/** Params and tags are readable by everyone with access to the experiment, forever. */
export default defineRule<Record<string, never>, 'secretParam'>({
  meta: {
    code: 'NB508',
    id: 'mlflow-secret-param',
    category: 'mlflow',
    description:
      'A secret (password, token, key) is logged as an MLflow param or tag.',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      secretParam:
        '"{{key}}" looks like a secret and is logged with {{callee}}(); everyone who can read the experiment sees it. Do not log credentials.'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const aliases = once(() => importAliases(context));
    const report = (
      key: string,
      callee: string,
      node: SyntaxNode,
      cell: LintCell
    ) => {
      context.report({
        messageId: 'secretParam',
        data: { key, callee },
        cell: cell.cell,
        node
      });
    };
    const keyOf = (node: SyntaxNode | undefined, cell: LintCell) =>
      node
        ? (stringValue(node, cell) ??
          (node.name === 'VariableName' ? cell.textOf(node) : null))
        : null;
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (!callee || !/^mlflow\.(log_params?|set_tags?)$/.test(callee)) {
            return;
          }
          const args = callArgs(node, cell);
          if (callee === 'mlflow.log_param' || callee === 'mlflow.set_tag') {
            const key = stringValue(
              args.positional[0] ?? args.keywords.get('key'),
              cell
            );
            const value = args.positional.at(1) ?? args.keywords.get('value');
            if (key && isCredentialName(key)) {
              report(key, callee, args.positional[0] ?? node, cell);
            } else if (
              value?.name === 'VariableName' &&
              isCredentialName(cell.textOf(value))
            ) {
              report(cell.textOf(value), callee, value, cell);
            }
          } else if (
            callee === 'mlflow.log_params' ||
            callee === 'mlflow.set_tags'
          ) {
            const dict = args.positional.at(0);
            if (dict?.name !== 'DictionaryExpression') {
              return;
            }
            // keys are the children right before a ':'
            for (
              let child = dict.firstChild;
              child;
              child = child.nextSibling
            ) {
              if (child.nextSibling?.name === ':') {
                const key = keyOf(child, cell);
                if (key && isCredentialName(key)) {
                  report(key, callee, child, cell);
                }
              }
            }
          }
        }
      }
    };
  }
});
