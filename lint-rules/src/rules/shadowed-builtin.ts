import { defineRule } from '../engine/types';

const COMMON = new Set([
  'list',
  'dict',
  'set',
  'tuple',
  'str',
  'int',
  'float',
  'bool',
  'bytes',
  'type',
  'id',
  'input',
  'len',
  'sum',
  'max',
  'min',
  'range',
  'map',
  'filter',
  'zip',
  'sorted',
  'round',
  'abs',
  'all',
  'any',
  'iter',
  'next',
  'open',
  'print',
  'format',
  'hash',
  'object',
  'vars',
  'dir',
  'help',
  'compile',
  'eval',
  'exec',
  'pow',
  'slice',
  'display'
]);
/** names IPython puts in every kernel's namespace, not Python's builtins */
const IPYTHON_NAMES = new Set(['display']);
const LONGEST = Math.max(...[...COMMON].map(n => n.length));

/** `list = [...]` at notebook level breaks every later `list(...)` until the kernel restarts. */
export default defineRule<
  Record<string, never>,
  'shadowed' | 'shadowedIPython'
>({
  meta: {
    code: 'NB209',
    id: 'shadowed-builtin',
    category: 'code-quality',
    description:
      'A cell binds a top-level name that shadows a Python builtin (list, dict, id, input, sum...).',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      shadowed:
        '"{{name}}" shadows the builtin of the same name for every later cell, until the kernel restarts; pick another name.',
      shadowedIPython:
        '"{{name}}" shadows IPython\'s {{name}}() for every later cell, until the kernel restarts; pick another name.'
    }
  },
  create(context) {
    return {
      cell(lc) {
        const scope = lc.analysis?.scope;
        if (!lc.isPython || !scope) {
          return;
        }
        for (const name of scope.bound) {
          // no name of COMMON is longer than LONGEST: most bound names are, and skip the lookup
          if (
            name.length > LONGEST ||
            !COMMON.has(name) ||
            scope.imports.some(i => i.bound === name)
          ) {
            continue;
          }
          const ref = scope.refs.find(
            r => r.name === name && r.access === 'bind'
          );
          if (!ref) {
            continue;
          }
          const from = lc.offsetAt({ line: ref.line, column: ref.column });
          context.report({
            messageId: IPYTHON_NAMES.has(name) ? 'shadowedIPython' : 'shadowed',
            data: { name },
            cell: lc.cell,
            from,
            to: from + (ref.endColumn - ref.column)
          });
        }
      }
    };
  }
});
