/**
 * The first set-up call of a notebook that may put any name into its globals: a call given
 * `globals()` (`load_settings(globals())`, `nbinit.init_notebook(namespace=globals())`), or one
 * of NAMESPACE_SETUP_CALLS (msticpy's `init_notebook`, which binds into IPython's namespace
 * without being given it). From the top-level statement that holds it on, an unresolved name is
 * uncertain (support/names.ts), as after a star import of an unknown module; above it, a
 * top-to-bottom run has not made the call yet.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import { NAMESPACE_SETUP_CALLS } from '../../python/runtimeGlobals';
import { EXEC_NAMES } from '../../python/words';
import { qualify } from './importAliases';
import { dottedName } from './syntax';

export interface NamespaceSetup {
  /** the cell's index */
  cell: number;
  /** offset in the cell where the top-level statement holding the call starts */
  from: number;
  /** the callee as written (`mp.init_notebook`), for the message */
  callee: string;
}

const SETUP_CALLEES: ReadonlySet<string> = new Set(
  NAMESPACE_SETUP_CALLS.callees
);
/** the last segment of every table callee: a cell without one (or `globals`) is not walked */
const SETUP_WORDS = [
  ...new Set(
    NAMESPACE_SETUP_CALLS.callees.map(c => c.slice(c.lastIndexOf('.') + 1))
  )
];

/** The top-level statement around `node` (a child of the Script node). */
function topStatementOf(node: SyntaxNode): SyntaxNode {
  let at = node;
  while (at.parent && at.parent.name !== 'Script') at = at.parent;
  return at;
}

/**
 * What a cell's walk found: its first set-up call, or 'dynamic' when it reaches names another way
 * (`exec`, `eval`, `locals()`, `vars()`, `globals()` not passed to a call, `__import__`): the
 * caller turns the check off for the notebook, as before.
 */
export type CellSetup = NamespaceSetup | 'dynamic' | null;

/**
 * Reads one cell: the first call given `globals()` or named in NAMESPACE_SETUP_CALLS (through
 * the notebook's import aliases). `dynamicNames` says the scope pass saw exec/eval/globals()
 * (usesExecEval): only then is every call of those names classified. One walk of the tree, only
 * for a cell that names `globals` through the scope pass or a table callee's last word.
 */
export function cellNamespaceSetup(
  lc: LintCell,
  aliases: () => Map<string, string>,
  dynamicNames: boolean
): CellSetup {
  const parsed = lc.analysis?.parsed;
  const tree = parsed?.tree;
  // Python 2's `exec code` statement, rewritten away before the walk
  if (!tree || parsed.repairs?.some(r => r.kind === 'python2-exec'))
    return dynamicNames ? 'dynamic' : null;
  const text = parsed.masked.text;
  if (!dynamicNames && !SETUP_WORDS.some(w => text.includes(w))) return null;
  // what the walk finds (an object: TypeScript does not follow writes made in the callback)
  const seen: { first: SyntaxNode | null; dynamic: boolean } = {
    first: null,
    dynamic: false
  };
  tree.iterate({
    enter(ref) {
      if (seen.dynamic) return false;
      if (ref.name !== 'CallExpression') return undefined;
      const call = ref.node;
      const callee = call.firstChild;
      if (dynamicNames && callee?.name === 'VariableName') {
        const name = lc.textOf(callee);
        if (name === 'globals' && call.parent?.name === 'ArgList') {
          // `f(globals())`, `f(namespace=globals())`: f may bind any name
          const outer = call.parent.parent;
          if (outer && (!seen.first || outer.from < seen.first.from))
            seen.first = outer;
          return undefined;
        }
        if (EXEC_NAMES.has(name) || name === '__import__') {
          seen.dynamic = true;
          return false;
        }
      }
      if (
        !seen.first &&
        SETUP_CALLEES.has(qualify(dottedName(callee, lc), aliases()) ?? '')
      ) {
        seen.first = call;
      }
      return undefined;
    }
  });
  const found = seen.first;
  if (seen.dynamic || !found) return dynamicNames ? 'dynamic' : null;
  const callee = found.firstChild;
  return {
    cell: lc.cell.index,
    from: topStatementOf(found).from,
    callee: dottedName(callee, lc) ?? (callee ? lc.textOf(callee) : 'call')
  };
}
