import { z } from 'zod';
import { defineRule } from '../engine/types';
import { stringValue } from './support/syntax';

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
          if (messageId) {
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
