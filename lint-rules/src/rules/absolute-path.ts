import { z } from 'zod';
import { defineRule } from '../engine/types';
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../engine/types';
import { calleeName, stringValue } from './support/syntax';

const options = z.object({
  allowedPrefixes: z
    .array(z.string())
    .default([
      '/dbfs',
      '/Volumes',
      '/Workspace',
      '/tmp',
      '/dev',
      '/proc',
      '/etc'
    ])
    .meta({
      title: 'Allowed prefixes',
      description: 'Absolute paths starting with these are not reported.'
    })
});

const HOME =
  /^(~[\\/]|\/home\/[^/\s]+|\/Users\/[^/\s]+|\/root\/|[A-Za-z]:[\\/](Users|Documents and Settings)[\\/])/;
const ABSOLUTE =
  /^(\/(mnt|data|opt|srv|var|media|scratch|shared|projects|work|datasets?)\/|[A-Za-z]:[\\/]|\\\\[\w.-]+\\)/;

const EXISTENCE_PROBES = /(^|\.)(exists|isfile|isdir|lexists)$/;
/** calls whose strings are not local paths: MLflow experiment names (`/Users/me/exp` is a
 *  workspace path on Databricks) and DBFS paths of dbutils.fs */
const NOT_LOCAL_PATHS =
  /(^|\.)(set_experiment|create_experiment|get_experiment_by_name)$|^dbutils\.fs\./;
const PATH_PROBES = /^(exists|is_file|is_dir)$/;

/**
 * A string that is not used as a whole local path: the tail of a concatenation
 * (`root + "/data/"`), a probe of the machine (`os.path.exists("/opt/...")`,
 * `Path("/opt/...").exists()`), which is how notebooks detect where they run and works
 * everywhere, an MLflow experiment name, or a DBFS path given to dbutils.fs.
 */
function notAPathOfItsOwn(node: SyntaxNode, cell: LintCell): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (
    parent.name === 'BinaryExpression' &&
    node.prevSibling?.name === 'ArithOp' &&
    cell.textOf(node.prevSibling) === '+'
  )
    return true;
  // the argument the string is part of: `"/mnt/%s" % name` and `"/Users/{}/x".format(u)` too
  let arg: SyntaxNode = node;
  for (;;) {
    const up = arg.parent;
    if (
      up?.name === 'BinaryExpression' ||
      up?.name === 'ParenthesizedExpression'
    )
      arg = up;
    else if (
      up?.name === 'MemberExpression' &&
      // node objects are created per access: compare places, not identities
      up.firstChild?.from === arg.from &&
      up.parent?.name === 'CallExpression'
    )
      arg = up.parent;
    else break;
  }
  const call = arg.parent?.name === 'ArgList' ? arg.parent.parent : null;
  if (call?.name !== 'CallExpression') return false;
  const callee = calleeName(call, cell) ?? '';
  if (EXISTENCE_PROBES.test(callee) || NOT_LOCAL_PATHS.test(callee))
    return true;
  // Path("/opt/x").exists(): the call is the object of a member access that is called
  const member = call.parent;
  const property = member?.lastChild;
  return (
    /(^|\.)(Path|PurePath)$/.test(callee) &&
    member?.name === 'MemberExpression' &&
    property?.name === 'PropertyName' &&
    PATH_PROBES.test(cell.textOf(property)) &&
    member.parent?.name === 'CallExpression'
  );
}

/** Paths that exist only on the author's machine. */
export default defineRule<
  z.output<typeof options>,
  'homePath' | 'absolutePath'
>({
  meta: {
    code: 'NB106',
    id: 'absolute-path',
    category: 'reproducibility',
    description:
      'A string literal holds an absolute or home-directory path that exists only on one machine.',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      homePath:
        'Home-directory path "{{path}}" works only on the author\'s machine; use a path relative to the project or a configurable setting.',
      absolutePath:
        'Absolute path "{{path}}" ties the notebook to one machine; make it relative to the project or a configurable setting.'
    },
    options
  },
  create(context) {
    const allowed = context.options.allowedPrefixes;
    return {
      nodes: {
        String(node, cell) {
          const value = stringValue(node, cell);
          if (
            value === null ||
            value.length > 260 ||
            /[\n\r]/.test(value) ||
            /^[a-z][\w+.-]*:\/\//i.test(value)
          ) {
            return;
          }
          if (
            allowed.some(
              p =>
                value === p || value.startsWith(p.endsWith('/') ? p : `${p}/`)
            )
          ) {
            return;
          }
          const messageId = HOME.test(value)
            ? 'homePath'
            : ABSOLUTE.test(value)
              ? 'absolutePath'
              : null;
          if (messageId && !notAPathOfItsOwn(node, cell)) {
            context.report({
              messageId,
              data: { path: value },
              cell: cell.cell,
              node
            });
          }
        }
      }
    };
  }
});
