/**
 * Steps 3 to 5 of planPromotion: the function's signature. Parameters are the names the
 * selection reads before binding them (rope's extract-method rules: a name only conditionally
 * written is parameter and return); returns are the names it binds that code outside it reads
 * later (laterReads.ts). An earlier cell's plain import the selection reads moves into the
 * module instead of becoming a parameter. Refuses what a module function cannot do: read
 * IPython's output history, or hand back a closure over a name the notebook rebinds later.
 */
import { BUILTINS } from '../python';
import { RUNTIME_OBJECTS } from '../python/runtimeGlobals';
import type { CellAnalysis } from '../python/types';
import type { CellBody } from './cellBody';
import { dedupeImports, specFromBinding, type ImportSpec } from './imports';
import { namesReadLater } from './laterReads';
import type { MagicPlacement } from './magicPlacement';
import type { ImportUse } from './notebookImports';
import { refusal, type PlanContext } from './planContext';
import { refusalTexts, messageTexts } from './texts';
import type { PromotionRefusal, PromotionWarning } from './types';

/** Runtime objects (the Spark session, `dbutils`): always parameters, never module-level names. */
export const RUNTIME_GLOBALS = RUNTIME_OBJECTS;

/** IPython's output history: reading it inside a module function means nothing. */
const HISTORY_NAME = /^(In|Out|_+|_i+|_i?\d+|_oh|_ih|_dh)$/;

export interface Signature {
  /** parameters in call order */
  params: string[];
  /** returned names, in first-binding order */
  returns: string[];
  /** any name bound anywhere in the selection */
  selectionBinds: Set<string>;
  /** imports of earlier cells the function needs, and where the notebook had them */
  importsForModule: ImportSpec[];
  importUses: ImportUse[];
  /** imports the selection moves into the module that later cells still use */
  keptImports: ImportSpec[];
  warnings: PromotionWarning[];
}

/** The selection's reads and binds, cell by cell (step 3). */
interface Reads {
  params: string[];
  importsForModule: ImportSpec[];
  importUses: ImportUse[];
  /** bound on every path, and only on some paths, at the end of the selection */
  surely: Set<string>;
  maybe: Set<string>;
  historyReads: { name: string; cell: number }[];
}

export function planSignature(
  ctx: PlanContext,
  magics: Pick<MagicPlacement, 'all' | 'leading' | 'trailing'>
): Signature | PromotionRefusal {
  const { bodies, scopeOf, definedBefore } = ctx;
  const selectionBinds = new Set<string>();
  for (const b of bodies)
    for (const n of scopeOf(b.cell).bound) selectionBinds.add(n);
  const magicBoundBefore = new Set(
    magics.leading.map(m => m.target).filter((t): t is string => !!t)
  );
  const movedImportBound = new Set<string>();
  for (const b of bodies)
    for (const imp of b.imports) movedImportBound.add(imp.bound);
  // Names bound by magics that stay in the notebook (`files = !ls`) are not the function's to bind.
  const magicTargets = new Set(
    magics.all.map(m => m.target).filter((t): t is string => !!t)
  );

  const reads = selectionReads(
    ctx,
    selectionBinds,
    magicBoundBefore,
    movedImportBound,
    magicTargets
  );
  const { params, surely, maybe } = reads;
  const addParam = (n: string) => {
    if (!params.includes(n)) params.push(n);
  };
  if (reads.historyReads.length) {
    const h = reads.historyReads[0];
    return refusal([
      {
        code: 'exec-eval',
        ...refusalTexts(
          {
            id: 'outputHistory',
            data: { cell: String(h.cell + 1), name: h.name }
          },
          { id: 'outputHistoryHint' }
        ),
        cell: h.cell
      }
    ]);
  }

  const later = namesReadLater(ctx, selectionBinds, magics.trailing);
  const laterReads = later.names;
  const warnings = [...later.warnings];

  // 5. Returns: bound here, read later; conditional writes are params too (rope's rule).
  const returns: string[] = [];
  const seenBinds: string[] = [];
  for (const b of bodies)
    for (const n of scopeOf(b.cell).bound)
      if (!seenBinds.includes(n)) seenBinds.push(n);
  const unboundAfter = new Set(
    bodies.flatMap(b => scopeOf(b.cell).unboundAfter)
  );
  for (const n of seenBinds) {
    if (!laterReads.has(n) || magicTargets.has(n)) continue;
    if (movedImportBound.has(n) && !surely.has(n) && !maybe.has(n)) continue;
    if (movedImportBound.has(n) && onlyImportBinds(bodies, n, ctx.analysisOf))
      continue;
    if (unboundAfter.has(n) && !surely.has(n) && !maybe.has(n)) continue;
    if (!surely.has(n) && !maybe.has(n)) continue; // deleted by the selection
    if (!surely.has(n)) {
      if (definedBefore(n) !== null || magicBoundBefore.has(n)) addParam(n);
      else
        warnings.push({
          code: 'maybe-unbound',
          ...messageTexts({ id: 'warnMaybeUnbound', data: { name: n } })
        });
    }
    returns.push(n);
  }
  for (const n of unboundAfter) {
    if (
      laterReads.has(n) &&
      !returns.includes(n) &&
      definedBefore(n) === null
    ) {
      warnings.push({
        code: 'unbound-after',
        ...messageTexts({ id: 'warnUnboundAfter', data: { name: n } })
      });
    }
  }
  // Imports the selection moved into the module that later cells still use stay in the notebook too.
  const keptImports = dedupeImports(
    bodies
      .flatMap(b => b.imports)
      .filter(imp => laterReads.has(imp.bound))
      .map(specFromBinding)
  );

  const stale = lateBinding(ctx, params, returns);
  if (stale !== null) {
    return refusal([
      {
        code: 'late-binding',
        ...refusalTexts(
          { id: 'lateBinding', data: { name: stale } },
          { id: 'lateBindingHint', data: { name: stale } }
        ),
        cell: ctx.codeCells[0]
      }
    ]);
  }

  // A stored error in a selected cell before the last: in the notebook the next cells still ran
  // (cell by cell); in one function the rest of the code would not.
  for (const i of ctx.codeCells.slice(0, -1)) {
    if (ctx.nb.cells[i].outputs.some(o => o.outputType === 'error')) {
      warnings.push({
        code: 'error-output',
        ...messageTexts({
          id: 'warnErrorOutput',
          data: { cell: String(i + 1) }
        }),
        cell: i
      });
    }
  }
  return {
    params,
    returns,
    selectionBinds,
    importsForModule: reads.importsForModule,
    importUses: reads.importUses,
    keptImports,
    warnings
  };
}

/** Step 3: what the selection reads first (parameters, imports to carry) and binds. */
function selectionReads(
  ctx: PlanContext,
  selectionBinds: ReadonlySet<string>,
  magicBoundBefore: ReadonlySet<string>,
  movedImportBound: ReadonlySet<string>,
  magicTargets: ReadonlySet<string>
): Reads {
  const { bodies, scopeOf, definedBefore } = ctx;
  /** the earlier cell's unconditional import that alone binds `name`, if that is where it comes from */
  const importSource = (name: string): ImportSpec | null => {
    const at = definedBefore(name);
    if (at === null) return null;
    const s = ctx.analysisOf(at).scope;
    if (!s) return null;
    const imports = s.imports.filter(b => b.bound === name);
    if (imports.length !== 1 || imports[0].conditional) return null;
    const bindRefs = s.refs.filter(r => r.name === name && r.access === 'bind');
    if (bindRefs.length > 1) return null;
    return specFromBinding(imports[0]);
  };
  const params: string[] = [];
  const importsForModule: ImportSpec[] = [];
  const importUses: ImportUse[] = [];
  const surely = new Set<string>();
  const maybe = new Set<string>();
  const historyReads: { name: string; cell: number }[] = [];
  const addParam = (n: string) => {
    if (!params.includes(n)) params.push(n);
  };
  for (const b of bodies) {
    const s = scopeOf(b.cell);
    for (const n of s.readsBeforeBind) {
      if (surely.has(n)) continue;
      if (movedImportBound.has(n) && !maybe.has(n)) continue;
      if (
        HISTORY_NAME.test(n) &&
        !selectionBinds.has(n) &&
        definedBefore(n) === null
      ) {
        historyReads.push({ name: n, cell: b.cell });
        continue;
      }
      const earlier = definedBefore(n);
      if (RUNTIME_GLOBALS.has(n) && earlier === null) {
        addParam(n);
        continue;
      }
      if (BUILTINS.has(n) && earlier === null && !magicBoundBefore.has(n))
        continue;
      if (!selectionBinds.has(n) && !magicBoundBefore.has(n)) {
        const imp = importSource(n);
        const at = definedBefore(n);
        if (imp && at !== null) {
          importsForModule.push(imp);
          importUses.push({ name: n, cell: at });
          continue;
        }
      }
      // only this selection binds it (maybe on some paths): passing it in would fail at the call
      if (earlier === null && selectionBinds.has(n) && !magicBoundBefore.has(n))
        continue;
      addParam(n);
    }
    const conditional = new Set(s.conditionallyBound);
    for (const n of s.bound) {
      if (magicTargets.has(n)) continue;
      if (conditional.has(n)) {
        if (!surely.has(n)) maybe.add(n);
      } else {
        surely.add(n);
      }
    }
    for (const n of s.deletes) {
      surely.delete(n);
      maybe.delete(n);
    }
    for (const n of s.unboundAfter) surely.delete(n);
  }
  // a leading `files = !ls` runs before the call: code that uses `files` receives it
  for (const n of magicBoundBefore) {
    if (bodies.some(b => scopeOf(b.cell).reads.includes(n))) addParam(n);
  }
  return { params, importsForModule, importUses, surely, maybe, historyReads };
}

/**
 * Late binding: a function or lambda the selection hands back closes over a parameter that the
 * notebook rebinds later; at module level it would have seen the new value. Answers that
 * parameter, or null.
 */
function lateBinding(
  ctx: PlanContext,
  params: string[],
  returns: string[]
): string | null {
  const { bodies, scopeOf } = ctx;
  const escapingCallables =
    returns.some(n =>
      bodies.some(b => scopeOf(b.cell).defOrClassNames.includes(n))
    ) ||
    (returns.length > 0 && bodies.some(b => hasLambda(ctx.analysisOf(b.cell))));
  if (!escapingCallables) return null;
  const deferred = new Set(
    bodies.flatMap(b =>
      scopeOf(b.cell)
        .refs.filter(r => r.inFunction && r.access === 'read')
        .map(r => r.name)
    )
  );
  const reboundLater = ctx.cellsAfter.flatMap(
    k => ctx.analysisOf(k).scope?.bound ?? []
  );
  return params.find(p => deferred.has(p) && reboundLater.includes(p)) ?? null;
}

function onlyImportBinds(
  bodies: CellBody[],
  name: string,
  analysisOf: (i: number) => CellAnalysis
): boolean {
  for (const b of bodies) {
    const s = analysisOf(b.cell).scope;
    if (!s) continue;
    const binds = s.refs.filter(
      r => r.name === name && r.access === 'bind'
    ).length;
    const imports = b.imports.filter(i => i.bound === name).length;
    if (binds > imports) return false;
  }
  return true;
}

function hasLambda(a: CellAnalysis): boolean {
  let found = false;
  a.parsed.tree?.iterate({
    enter(n) {
      if (found) return false;
      if (n.name === 'LambdaExpression') found = true;
      return undefined;
    }
  });
  return found;
}
