import type { SyntaxNode } from '@lezer/common';
import { z } from 'zod';
import { defineRule, LintCell } from '../engine/types';
import { callArgs, stringValue } from './support/syntax';
import { looksLikePlaceholder, redact } from './support/secrets';

const options = z.object({
  namePattern: z
    .string()
    .default(
      '(^|_)(pass(word|wd)?|pwd|secret|token|api_?key|access_?key|client_?secret|credentials?)$'
    )
    .meta({
      title: 'Name pattern',
      description:
        'Case-insensitive regex of variable/argument names that hold secrets.'
    }),
  minLength: z.number().int().min(1).default(6).meta({
    title: 'Minimum length',
    description: 'Shorter string values are ignored.'
  })
});

/** `password = "hunter2"`, `connect(token="...")`, `os.environ["API_KEY"] = "..."` */
export default defineRule<z.output<typeof options>, 'assigned'>({
  meta: {
    code: 'NB408',
    id: 'hardcoded-password',
    category: 'security',
    description:
      'A string literal assigned to a name that holds a password, token or key.',
    defaultSeverity: 'error',
    recommended: true,
    scope: 'cell',
    messages: {
      assigned:
        'Hard-coded secret in "{{name}}" ({{secret}}); read it from dbutils.secrets, an environment variable or a keyring.'
    },
    options
  },
  create(context) {
    const nameRe = new RegExp(context.options.namePattern, 'i');
    const check = (
      name: string | null,
      value: SyntaxNode | null | undefined,
      cell: LintCell
    ) => {
      const v = stringValue(value, cell);
      // a string value implies a node
      if (name === null || v === null || !value || !nameRe.test(name)) {
        return;
      }
      if (
        v.length < context.options.minLength ||
        looksLikePlaceholder(v) ||
        /^\s|\s$/.test(v)
      ) {
        return;
      }
      context.report({
        messageId: 'assigned',
        data: { name, secret: redact(v) },
        cell: cell.cell,
        node: value
      });
    };
    const targetName = (node: SyntaxNode, cell: LintCell): string | null => {
      if (node.name === 'VariableName') {
        return cell.textOf(node);
      }
      if (node.name === 'MemberExpression') {
        const last = node.lastChild;
        if (last?.name === 'PropertyName') {
          return cell.textOf(last);
        }
        // x["KEY"] = ...
        const key = node.getChild('String');
        return key ? stringValue(key, cell) : null;
      }
      return null;
    };
    return {
      nodes: {
        AssignStatement(node, cell) {
          const target = node.firstChild;
          const op = target?.nextSibling;
          if (!target || op?.name !== 'AssignOp') {
            return;
          }
          check(targetName(target, cell), op.nextSibling, cell);
        },
        CallExpression(node, cell) {
          const argList = node.getChild('ArgList');
          // only calls with keyword arguments (and a string in them) can pass a secret by name
          if (!argList || !/=\s*[rRbBuU]{0,2}['"]/.test(cell.textOf(argList))) {
            return;
          }
          for (const [name, value] of callArgs(node, cell).keywords) {
            check(name, value, cell);
          }
        }
      }
    };
  }
});
