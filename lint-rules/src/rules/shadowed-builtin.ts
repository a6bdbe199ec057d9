import { defineRule } from '../engine/types';
import { once } from './support/syntax';

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

const isNameChar = (c: string | undefined) =>
  c !== undefined && /[\w.]/.test(c);

/**
 * Whether `text` calls a bare `display(...)` from offset `from` on: `display(df)`, `display (x)`;
 * not `IPython.display.display(x)`, `ipd.display(x)`, `my_display(x)` or a `def display(`. Each
 * occurrence of the word is looked at once, and the blanks around it belong to it alone: linear.
 */
export function callsDisplay(text: string, from = 0): boolean {
  for (
    let i = text.indexOf('display', from);
    i >= 0;
    i = text.indexOf('display', i + 7)
  ) {
    if (isNameChar(text[i - 1])) continue;
    let j = i + 7;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== '(') continue;
    let k = i;
    while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
    if (k < i && text.slice(k - 3, k) === 'def' && !isNameChar(text[k - 4])) {
      continue;
    }
    return true;
  }
  return false;
}

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
    // not 'cell': whether a rebound `display` is reported depends on the cells below it (a later
    // display(...) call), so its findings cannot be cached per cell
    messages: {
      shadowed:
        '"{{name}}" shadows the builtin of the same name for every later cell, until the kernel restarts; pick another name.',
      shadowedIPython:
        '"{{name}}" shadows IPython\'s {{name}}() for every later cell, until the kernel restarts; pick another name.'
    }
  },
  create(context) {
    // the last code cell that calls a bare display(...) (-1: none): rebinding IPython's display
    // breaks only such a call (rounds 14, 15, 16: `display = Display(visible=0).start()` for Gym's
    // frames, YOLOv5's `display = utils.notebook_init()`, judged debatable: nothing calls it)
    const lastDisplayCall = once(() => {
      for (let i = context.cells.length - 1; i >= 0; i--) {
        const c = context.cells[i].cell;
        if (c.kind === 'code' && callsDisplay(c.source)) return c.index;
      }
      return -1;
    });
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
          const to = from + (ref.endColumn - ref.column);
          // IPython's display is no builtin and IPython never looks it up in the user's
          // namespace: rebound, it breaks only a display(...) call that runs after the binding
          if (
            IPYTHON_NAMES.has(name) &&
            !(
              lastDisplayCall() > lc.cell.index ||
              (lastDisplayCall() === lc.cell.index &&
                callsDisplay(lc.cell.source, to))
            )
          ) {
            continue;
          }
          context.report({
            messageId: IPYTHON_NAMES.has(name) ? 'shadowedIPython' : 'shadowed',
            data: { name },
            cell: lc.cell,
            from,
            to
          });
        }
      }
    };
  }
});
