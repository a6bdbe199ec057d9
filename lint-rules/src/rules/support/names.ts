/**
 * Names read by a cell that no earlier cell defines, classified once per notebook for the
 * use-before-define and undefined-name rules (both read lint-core's dataflow, no own scope pass).
 */
import type { RuleContext } from '../../engine/types';
import { BUILTINS, DATABRICKS_NAMES } from '../../python';

/**
 * Names a notebook reads without defining them, beyond Python's and IPython's (BUILTINS): the
 * Databricks runtime's (DATABRICKS_NAMES), and module attributes CPython sets.
 */
export const RUNTIME_GLOBALS: ReadonlySet<string> = new Set([
  ...DATABRICKS_NAMES,
  '__builtins__',
  '__file__'
]);

export interface UnresolvedRead {
  cell: number;
  name: string;
  /** offset span of the first read in the cell */
  from: number;
  to: number;
  /** read only inside a def/lambda/class body (deferred) */
  deferred: boolean;
  /** the first later cell that defines it, or null */
  definedIn: number | null;
}

const cache = new WeakMap<object, Map<string, UnresolvedRead[] | null>>();

/** Null when the notebook pulls names from places the analysis cannot see. Computed once per notebook. */
export function unresolvedReads(
  context: RuleContext,
  extraGlobals: readonly string[]
): UnresolvedRead[] | null {
  const key = extraGlobals.join('\u0000');
  let byKey = cache.get(context.analysis);
  if (!byKey) {
    byKey = new Map();
    cache.set(context.analysis, byKey);
  }
  let reads = byKey.get(key);
  if (reads === undefined) {
    reads = computeUnresolvedReads(context, extraGlobals);
    byKey.set(key, reads);
  }
  return reads;
}

function computeUnresolvedReads(
  context: RuleContext,
  extraGlobals: readonly string[]
): UnresolvedRead[] | null {
  const { perCell, dataflow } = context.analysis;
  const defined = new Set<string>();
  for (const lc of context.cells) {
    const scope = lc.analysis?.scope;
    if (
      lc.cell.kind === 'code' &&
      lc.cell.language === 'python' &&
      !lc.isPython &&
      lc.cell.source.trim()
    ) {
      // a Python cell that does not parse may define anything
      return null;
    }
    if (
      lc.cell.kind === 'code' &&
      (!scope || lc.analysis?.parsed.masked.cellLanguage)
    ) {
      // %%sql -o df, %%spark, R/Scala cells: whatever they name may be defined there
      for (const word of lc.cell.source.match(/[A-Za-z_]\w*/g) ?? []) {
        defined.add(word);
      }
    }
    if (!scope) {
      continue;
    }
    if (scope.starImports.length || scope.usesExecEval) {
      return null;
    }
    scope.nestedGlobalWrites.forEach(n => defined.add(n));
    for (const m of lc.analysis?.parsed.masked.magics ?? []) {
      if (m.name === 'run' || m.name === 'store' || m.name === 'load') {
        return null;
      }
      if (m.target) {
        defined.add(m.target);
      }
      if (m.kind === 'shell' || m.kind === 'assign-shell') {
        // IPython stores the exit status of every `!cmd` in `_exit_code`
        defined.add('_exit_code');
      }
    }
  }
  const known = (name: string) =>
    BUILTINS.has(name) ||
    RUNTIME_GLOBALS.has(name) ||
    extraGlobals.includes(name) ||
    defined.has(name);
  // name -> cells that define it, in order (so "defined later?" is a lookup, not a scan)
  const definers = new Map<string, number[]>();
  for (const flow of dataflow.cells) {
    for (const name of flow.defines) {
      const list = definers.get(name);
      if (list) {
        list.push(flow.cell);
      } else {
        definers.set(name, [flow.cell]);
      }
    }
  }
  const out: UnresolvedRead[] = [];
  for (const flow of dataflow.cells) {
    const lc = context.cells.at(flow.cell);
    const scope = perCell.get(flow.cell)?.scope;
    if (!lc || !scope || !lc.isPython) {
      continue;
    }
    for (const read of flow.reads) {
      if (read.from !== null || known(read.name)) {
        continue;
      }
      const refs = scope.refs.filter(
        r => r.name === read.name && r.access !== 'bind'
      );
      const ref = refs.find(r => !r.inFunction) ?? refs.at(0);
      // `try: x  except NameError:` expects that x may not exist: no finding
      if (!ref || refs.every(r => r.guarded)) {
        continue;
      }
      const later = definers.get(read.name)?.find(c => c > flow.cell);
      const from = lc.offsetAt({ line: ref.line, column: ref.column });
      out.push({
        cell: flow.cell,
        name: read.name,
        from,
        to: from + (ref.endColumn - ref.column),
        deferred: refs.every(r => r.inFunction),
        definedIn: later ?? null
      });
    }
  }
  return out;
}
