/**
 * planPromotion: selected notebook cells in; a function in a module, its test file and the cell
 * that replaces the selection out. Pure: no file system, no kernel.
 *
 * Parameters are the names the selection reads before binding them (rope's extract-method
 * rules: a name only conditionally written is parameter and return); returns are the names it
 * binds that code outside it reads later. Imports move into the module; IPython magics stay in
 * the notebook; anything the analysis cannot be sure of is refused with a located reason.
 */
import type { Notebook, NotebookCell } from '../notebook/types';
import { analyzeCell, analyzeNotebook, BUILTINS } from '../python';
import type { CellAnalysis, CellScope } from '../python/types';
import { buildCellBody, type CellBody, type KeptMagic } from './cellBody';
import {
  dedupeImports,
  isRelative,
  specFromBinding,
  type ImportSpec
} from './imports';
import { escapeDocstring, mergeIntoModule } from './moduleText';
import {
  findImportCell,
  identifiersIn,
  importCellEdits,
  pruneUnusedImports,
  renderKeptImports,
  type ImportUse
} from './notebookImports';
import {
  baseName,
  freeName,
  isIdentifier,
  moduleNameFromPath,
  normalisePath,
  slugifyHeading,
  testPathFor
} from './naming';
import { renderTestFile } from './testText';
import type {
  PromotionPlan,
  PromotionRefusalReason,
  PromotionRequest,
  PromotionResult,
  PromotionWarning,
  ReplacementCell
} from './types';

/** Runtime globals of Databricks notebooks: always parameters, never module-level names. */
export const RUNTIME_GLOBALS: ReadonlySet<string> = new Set([
  'spark',
  'dbutils',
  'sc',
  'sqlContext'
]);

/** IPython's output history: reading it inside a module function means nothing. */
const HISTORY_NAME = /^(In|Out|_+|_i+|_i?\d+|_oh|_ih|_dh)$/;

const INDENT = '    ';

/** Analysis of a whole notebook, reusable across several plans of the same notebook text. */
export type NotebookAnalysis = ReturnType<typeof analyzeNotebook>;

export interface PlanOptions {
  /** an analysis of `request.notebook` made earlier (the dialog analyses once, plans often) */
  analysis?: NotebookAnalysis;
}

function refusal(reasons: PromotionRefusalReason[]): PromotionResult {
  return { ok: false, reasons };
}

function isPythonCode(cell: NotebookCell): boolean {
  return cell.kind === 'code' && cell.language === 'python';
}

/** The heading or first line of the Markdown cell just above the selection, if any. */
function headingAbove(nb: Notebook, first: number): string | null {
  for (let i = first - 1; i >= 0; i--) {
    const cell = nb.cells[i];
    if (cell.kind === 'code' && !cell.source.trim()) continue;
    if (cell.kind !== 'markdown') return null;
    const lines = cell.source
      .split('\n')
      .map(l => l.replace(/^\s*%md(-sandbox)?\b/, '').trim()) // Databricks Markdown cells start with %md
      .filter(Boolean);
    if (!lines.length) continue;
    const heading = lines.find(l => /^#{1,6}\s+\S/.test(l));
    const chosen = (heading ?? lines[0])
      .replace(/^#{1,6}\s+/, '')
      .replace(/[*_`]/g, '')
      .trim();
    return chosen || null;
  }
  return null;
}

/** Every name any cell binds or reads: a new notebook-level name must not collide with them. */
function notebookNames(analyses: Map<number, CellAnalysis>): Set<string> {
  const names = new Set<string>();
  for (const a of analyses.values()) {
    if (!a.scope) continue;
    for (const n of a.scope.binds) names.add(n);
    for (const n of a.scope.reads) names.add(n);
  }
  return names;
}

export function planPromotion(
  request: PromotionRequest,
  options: PlanOptions = {}
): PromotionResult {
  const nb = request.notebook;
  const selected = [...new Set(request.cells)].sort((a, b) => a - b);
  const bad = (message: string, hint: string, cell?: number) =>
    refusal([{ code: 'bad-selection', message, hint, cell }]);

  if (!selected.length)
    return bad('no cells selected', 'select the code cells to promote');
  for (const i of selected) {
    if (!Number.isInteger(i) || i < 0 || i >= nb.cells.length) {
      return bad(
        `cell ${i + 1} does not exist (the notebook has ${nb.cells.length} cells)`,
        'select existing cells'
      );
    }
  }
  for (let i = selected[0]; i <= selected[selected.length - 1]; i++) {
    if (
      !selected.includes(i) &&
      nb.cells[i].kind === 'code' &&
      nb.cells[i].source.trim()
    ) {
      return bad(
        `the selection skips code cell ${i + 1}; promoted cells must be contiguous`,
        `include cell ${i + 1}, or promote the parts before and after it separately`,
        i
      );
    }
  }
  const codeCells = selected.filter(i => nb.cells[i].kind === 'code');
  if (!codeCells.length)
    return bad(
      'the selection holds no code cell',
      'select at least one code cell'
    );

  const modulePath = normalisePath(request.modulePath);
  const moduleName = request.moduleName ?? moduleNameFromPath(modulePath);
  if (
    !moduleName ||
    !moduleName.split('.').every(isIdentifier) ||
    !modulePath.endsWith('.py')
  ) {
    return refusal([
      {
        code: 'bad-module-path',
        message: `\`${request.modulePath}\` cannot be imported as a Python module`,
        hint: 'use a .py path whose folders and name are identifiers, e.g. src/mypkg/features.py'
      }
    ]);
  }
  if (modulePath.startsWith('/') || modulePath.split('/').includes('..')) {
    return refusal([
      {
        code: 'bad-module-path',
        message: `\`${request.modulePath}\` is outside the project`,
        hint: 'give a path relative to the project root, without ..'
      }
    ]);
  }

  const { perCell, dataflow } = options.analysis ?? analyzeNotebook(nb);
  const analysisOf = (i: number): CellAnalysis =>
    perCell.get(i) ?? analyzeCell(nb.cells[i].source);
  /** the scope of a selected cell; only called after the refusals above made sure it parsed */
  const scopeOf = (i: number): CellScope => {
    const scope = analysisOf(i).scope;
    if (!scope) throw new Error(`cell ${i + 1} has no scope`);
    return scope;
  };

  // 1. Refusals that make the analysis unsure.
  const reasons: PromotionRefusalReason[] = [];
  for (const i of codeCells) {
    const cell = nb.cells[i];
    const a = analysisOf(i);
    if (!isPythonCode(cell) || a.parsed.masked.cellLanguage) {
      const lang = a.parsed.masked.cellLanguage ?? cell.language;
      reasons.push({
        code: 'not-python',
        message: `cell ${i + 1} is ${lang}, not Python`,
        cell: i,
        line: 0,
        hint: 'leave non-Python cells out of the selection'
      });
      continue;
    }
    if (!a.parsed.ok || !a.scope) {
      const e = a.parsed.syntaxError;
      reasons.push({
        code: 'syntax-error',
        message: `cell ${i + 1} does not parse${e ? `: ${e.message}` : ''}`,
        cell: i,
        line: e?.line,
        hint: 'fix the syntax error first'
      });
    }
  }
  if (reasons.length) return refusal(reasons);

  const lastCode = codeCells[codeCells.length - 1];
  const boundAnywhere = new Set<string>();
  const importedAnywhere = new Set<string>();
  for (const a of perCell.values()) {
    for (const n of a.scope?.binds ?? []) boundAnywhere.add(n);
    for (const i of a.scope?.imports ?? []) importedAnywhere.add(i.bound);
  }
  const bodies: CellBody[] = codeCells.map(i =>
    buildCellBody(i, nb.cells[i].source, analysisOf(i), i === lastCode, {
      cell: nb.cells[i],
      shadowed: n => boundAnywhere.has(n),
      imported: n => importedAnywhere.has(n)
    })
  );
  for (const b of bodies) reasons.push(...b.refusals);
  if (reasons.length) return refusal(reasons);

  const warnings: PromotionWarning[] = [];
  const first = selected[0];
  const last = selected[selected.length - 1];

  // 2. Magics: those before the first statement go before the call, those after the last after it.
  const allMagics = bodies.flatMap(b => b.magics);
  const firstStmt = bodies.find(b => b.firstStatement)?.firstStatement;
  const lastStmt = [...bodies]
    .reverse()
    .find(b => b.lastStatement)?.lastStatement;
  const before = (
    m: KeptMagic,
    s: { cell: number; line: number } | undefined
  ) => !s || m.cell < s.cell || (m.cell === s.cell && m.line < s.line);
  const after = (m: KeptMagic, s: { cell: number; line: number } | undefined) =>
    !!s && (m.cell > s.cell || (m.cell === s.cell && m.line > s.line));
  const leading: KeptMagic[] = [];
  const trailing: KeptMagic[] = [];
  for (const m of allMagics) {
    if (before(m, firstStmt)) leading.push(m);
    else if (after(m, lastStmt)) trailing.push(m);
    else if (m.hoistable) {
      leading.push(m);
      warnings.push({
        code: 'magic-moved',
        message: `\`${m.text.trim()}\` (cell ${m.cell + 1}) now runs before the promoted code`,
        cell: m.cell,
        line: m.line
      });
    } else {
      reasons.push({
        code: 'magic-placement',
        message: `\`${m.text.trim().split('\n')[0]}\` in cell ${m.cell + 1} sits between Python statements of the selection; it must stay in the notebook, in order`,
        cell: m.cell,
        line: m.line,
        hint: 'promote the code before and after it separately, or move the command to the start or end of the selection'
      });
    }
  }
  const cellWrappers = bodies.flatMap(b =>
    b.wrappers.filter(w => w.kind === 'cell')
  );
  if (
    cellWrappers.length &&
    (codeCells.length > 1 || cellWrappers.length > 1)
  ) {
    const w = cellWrappers[0];
    reasons.push({
      code: 'magic-placement',
      message: `\`${w.text.trim()}\` wraps one cell of a multi-cell selection; after promotion it would wrap all of them`,
      cell: bodies.find(b => b.wrappers.includes(w))?.cell,
      line: 0,
      hint: 'promote that cell on its own'
    });
  }
  // Script notebooks hold IPython commands only in cells of their own (`# MAGIC %pip ...`).
  if (
    nb.format !== 'ipynb' &&
    (leading.length ||
      trailing.length ||
      cellWrappers.length ||
      bodies.some(b => b.wrappers.length))
  ) {
    const m = leading.length
      ? leading[0]
      : trailing.length
        ? trailing[0]
        : undefined;
    reasons.push({
      code: 'magic-placement',
      message: `in a ${nb.format === 'databricks' ? 'Databricks source' : 'percent-script'} notebook an IPython command cannot share the call cell`,
      cell: m ? m.cell : codeCells[0],
      line: m ? m.line : 0,
      hint: 'leave the cell with the command out of the selection'
    });
  }
  if (reasons.length) return refusal(reasons);

  // 3. Names: what the selection reads first (params) and binds (candidate returns).
  const cellsBefore = nb.cells
    .slice(0, first)
    .filter(c => c.kind === 'code')
    .map(c => c.index);
  const cellsAfter = nb.cells
    .slice(last + 1)
    .filter(c => c.kind === 'code')
    .map(c => c.index);
  const definedBefore = (name: string): number | null => {
    for (let k = cellsBefore.length - 1; k >= 0; k--) {
      const s = analysisOf(cellsBefore[k]).scope;
      if (s && (s.binds.includes(name) || s.nestedGlobalWrites.includes(name)))
        return cellsBefore[k];
    }
    return null;
  };
  /** the earlier cell's unconditional import that alone binds `name`, if that is where it comes from */
  const importSource = (name: string): ImportSpec | null => {
    const at = definedBefore(name);
    if (at === null) return null;
    const s = analysisOf(at).scope;
    if (!s) return null;
    const imports = s.imports.filter(b => b.bound === name);
    if (imports.length !== 1 || imports[0].conditional) return null;
    const bindRefs = s.refs.filter(r => r.name === name && r.access === 'bind');
    if (bindRefs.length > 1) return null;
    return specFromBinding(imports[0]);
  };

  const selectionBinds = new Set<string>(); // any binding anywhere in the selection
  for (const b of bodies)
    for (const n of scopeOf(b.cell).binds) selectionBinds.add(n);
  const magicBoundBefore = new Set(
    leading.map(m => m.target).filter((t): t is string => !!t)
  );
  const movedImportBound = new Set<string>();
  for (const b of bodies)
    for (const imp of b.imports) movedImportBound.add(imp.bound);

  // Names bound by magics that stay in the notebook (`files = !ls`) are not the function's to bind.
  const magicTargets = new Set(
    allMagics.map(m => m.target).filter((t): t is string => !!t)
  );
  const params: string[] = [];
  const importsForModule: ImportSpec[] = [];
  /** imports of earlier cells the selection reads: the notebook may not need them afterwards */
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
    for (const n of s.binds) {
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
  if (historyReads.length) {
    const h = historyReads[0];
    return refusal([
      {
        code: 'exec-eval',
        message: `cell ${h.cell + 1} reads IPython's output history \`${h.name}\`, which a module function cannot see`,
        cell: h.cell,
        hint: 'name the value in the notebook and use that name instead'
      }
    ]);
  }

  // 4. Later reads: names code outside the selection may read after it ran.
  const laterReads = new Set<string>();
  const killed = new Set<string>();
  for (const k of cellsAfter) {
    const cell = nb.cells[k];
    if (!isPythonCode(cell)) continue;
    const a = analysisOf(k);
    if (!a.scope) {
      if (cell.source.trim() && !a.parsed.masked.cellLanguage) {
        warnings.push({
          code: 'unparsed-later-cell',
          message: `cell ${k + 1} does not parse, so what it reads is unknown; every name the selection binds is returned`,
          cell: k
        });
        for (const n of selectionBinds) if (!killed.has(n)) laterReads.add(n);
      }
      continue;
    }
    for (const n of [
      ...a.scope.readsBeforeBind,
      ...a.scope.deletes,
      ...magicArgNames(a)
    ])
      if (!killed.has(n)) laterReads.add(n);
    const cond = new Set(a.scope.conditionallyBound);
    for (const n of a.scope.binds) if (!cond.has(n)) killed.add(n);
  }
  for (const n of dataflow.laterReads(selected)) laterReads.add(n);
  // exec/eval/globals() elsewhere (e.g. a helper that evals names given as strings) may read any
  // notebook name: then everything the selection binds stays available in the notebook
  const dynamic = [...perCell].find(
    ([k, a]) => !selected.includes(k) && a.scope?.usesExecEval
  );
  if (dynamic) {
    warnings.push({
      code: 'dynamic-access',
      message: `cell ${dynamic[0] + 1} uses exec/eval/globals(), which may read any notebook name; every name the selection binds is returned`,
      cell: dynamic[0]
    });
    for (const n of selectionBinds) laterReads.add(n);
  }
  for (const m of trailing)
    for (const n of identifiersIn(m.text)) laterReads.add(n);
  // Functions defined outside the selection read globals when CALLED, possibly after it.
  for (const [k, a] of perCell) {
    if (selected.includes(k) || !a.scope) continue;
    for (const r of a.scope.refs)
      if (r.inFunction && r.access === 'read') laterReads.add(r.name);
  }

  // 5. Returns: bound here, read later; conditional writes are params too (rope's rule).
  const returns: string[] = [];
  const seenBinds: string[] = [];
  for (const b of bodies)
    for (const n of scopeOf(b.cell).binds)
      if (!seenBinds.includes(n)) seenBinds.push(n);
  const unboundAfter = new Set(
    bodies.flatMap(b => scopeOf(b.cell).unboundAfter)
  );
  for (const n of seenBinds) {
    if (!laterReads.has(n) || magicTargets.has(n)) continue;
    if (movedImportBound.has(n) && !surely.has(n) && !maybe.has(n)) continue;
    if (movedImportBound.has(n) && onlyImportBinds(bodies, n, analysisOf))
      continue;
    if (unboundAfter.has(n) && !surely.has(n) && !maybe.has(n)) continue;
    if (!surely.has(n) && !maybe.has(n)) continue; // deleted by the selection
    if (!surely.has(n)) {
      if (definedBefore(n) !== null || magicBoundBefore.has(n)) addParam(n);
      else
        warnings.push({
          code: 'maybe-unbound',
          message: `\`${n}\` is bound only on some paths of the selection and nowhere before it; the function may fail with UnboundLocalError where the notebook failed with NameError`
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
        message: `\`${n}\` is read by a later cell but is unbound after the selection (an \`except ... as ${n}\` target is deleted after its clause)`
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

  // Late binding: a function or lambda the selection hands back closes over a parameter that the
  // notebook rebinds later; at module level it would have seen the new value.
  const escapingCallables =
    returns.some(n =>
      bodies.some(b => scopeOf(b.cell).definitions.includes(n))
    ) ||
    (returns.length > 0 && bodies.some(b => hasLambda(analysisOf(b.cell))));
  if (escapingCallables) {
    const deferred = new Set(
      bodies.flatMap(b =>
        scopeOf(b.cell)
          .refs.filter(r => r.inFunction && r.access === 'read')
          .map(r => r.name)
      )
    );
    const reboundLater = cellsAfter.flatMap(
      k => analysisOf(k).scope?.binds ?? []
    );
    const stale = params.find(p => deferred.has(p) && reboundLater.includes(p));
    if (stale) {
      return refusal([
        {
          code: 'late-binding',
          message: `a function defined in the selection reads \`${stale}\`, which a later cell rebinds; after promotion it would keep the old value`,
          cell: codeCells[0],
          hint: `make \`${stale}\` a parameter of that inner function, or leave it out of the selection`
        }
      ]);
    }
  }

  // A stored error in a selected cell before the last: in the notebook the next cells still ran
  // (cell by cell); in one function the rest of the code would not.
  for (const i of codeCells.slice(0, -1)) {
    if (nb.cells[i].outputs.some(o => o.outputType === 'error')) {
      warnings.push({
        code: 'error-output',
        message: `cell ${i + 1} raised an error when it last ran; inside the function the code after it would not run`,
        cell: i
      });
    }
  }

  // 6. Display: the last cell's displayed expression stays displayed.
  const lastBody = bodies[bodies.length - 1];
  for (const b of bodies.slice(0, -1)) {
    if (b.displayed) {
      warnings.push({
        code: 'display-dropped',
        message: `cell ${b.cell + 1} displayed \`${b.displayed.text.split('\n')[0]}\`; inside the function that value is no longer shown`,
        cell: b.cell,
        line: b.displayed.line
      });
    }
  }
  const displayedText =
    lastBody.displayedLines && lastBody.displayed
      ? lastBody.displayed.text
      : null;
  const displayCall =
    lastBody.displayCallArg !== undefined &&
    lastBody.displayedLines !== undefined;
  // a display(...) anywhere else would run in the module, where there is no display
  for (const b of bodies) {
    const s = scopeOf(b.cell);
    const displayReads = s.refs.filter(
      r => r.name === 'display' && r.access === 'read'
    );
    const allowed = b === lastBody && displayCall ? 1 : 0;
    if (
      displayReads.length > allowed &&
      definedBefore('display') === null &&
      !selectionBinds.has('display')
    ) {
      const r = displayReads[allowed === 1 && displayReads.length > 1 ? 0 : 0];
      return refusal([
        {
          code: 'display-placement',
          message: `cell ${b.cell + 1} calls display() inside the code to promote; display stays in the notebook`,
          cell: b.cell,
          line: r.line,
          hint: 'make display(...) the last statement of the selection, or return the value and display it in the notebook'
        }
      ]);
    }
  }
  let displayExpr: {
    lines: { text: string; indentable: boolean }[];
    viaDisplayCall: boolean;
    simpleName?: string;
  } | null = null;
  if (displayedText !== null && lastBody.displayedLines) {
    const exprLines = lastBody.displayedLines;
    if (displayCall && lastBody.displayCallArg !== undefined) {
      // display()'s parentheses held a multi-line argument together; outside them it needs its own
      const arg = lastBody.displayCallArg.includes('\n')
        ? `(${lastBody.displayCallArg})`
        : lastBody.displayCallArg;
      displayExpr = {
        lines: arg
          .split('\n')
          .map((t, k) => ({ text: t, indentable: k === 0 })),
        viaDisplayCall: true
      };
    } else {
      displayExpr = { lines: exprLines, viaDisplayCall: false };
    }
    const single = displayExpr.lines
      .map(l => l.text)
      .join('\n')
      .trim();
    if (
      isIdentifier(single) &&
      (returns.includes(single) || params.includes(single))
    )
      displayExpr.simpleName = single;
    else if (
      isIdentifier(single) &&
      !selectionBinds.has(single) &&
      !params.includes(single)
    ) {
      // a builtin or module-imported name: returning it is still right
    }
  }

  // 7. Function name.
  const names = notebookNames(perCell);
  const heading = headingAbove(nb, codeCells[0]);
  let functionName = request.functionName ?? '';
  if (request.functionName !== undefined) {
    if (!isIdentifier(functionName)) {
      return refusal([
        {
          code: 'bad-function-name',
          message: `\`${functionName}\` is not a valid Python function name`,
          hint: 'use letters, digits and underscores, not starting with a digit'
        }
      ]);
    }
    if (names.has(functionName)) {
      return refusal([
        {
          code: 'bad-function-name',
          message: `the notebook already uses the name \`${functionName}\``,
          hint: 'choose a function name the notebook does not use'
        }
      ]);
    }
  } else {
    const slug = heading ? slugifyHeading(heading) : '';
    const base = slug !== '' ? slug : `cell_${codeCells[0] + 1}`;
    functionName = freeName(
      base,
      n =>
        names.has(n) ||
        BUILTINS.has(n) ||
        params.includes(n) ||
        returns.includes(n)
    );
  }

  // 8. The function text.
  // a returned name is rebound in the notebook anyway (`total += x` on an int is no mutation)
  const mutations = [
    ...new Set(bodies.flatMap(b => scopeOf(b.cell).mutates))
  ].filter(n => params.includes(n) && !returns.includes(n));
  for (const n of mutations) {
    warnings.push({
      code: 'mutates-param',
      message: `the function changes its argument \`${n}\` in place, as the cells did`
    });
  }
  const returnsDisplayed =
    displayExpr !== null && displayExpr.simpleName === undefined;
  const resultName = freeName(
    `${functionName}_result`,
    n => names.has(n) || params.includes(n)
  );
  const bodyLines: string[] = [];
  for (const b of bodies) {
    b.lines.forEach((line, k) => {
      bodyLines.push(b.indentable[k] && line.trim() ? INDENT + line : line);
    });
  }
  while (bodyLines.length && !bodyLines[bodyLines.length - 1].trim())
    bodyLines.pop();
  while (bodyLines.length && !bodyLines[0].trim()) bodyLines.shift();
  const returnValues = [...returns];
  const returnLines: string[] = [];
  if (returnsDisplayed && displayExpr) {
    const exprText = displayExpr.lines.map((l, k) =>
      k === 0 ? l.text.trim() : l.indentable ? INDENT + l.text : l.text
    );
    if (!returnValues.length) {
      returnLines.push(`${INDENT}return ${exprText[0]}`, ...exprText.slice(1));
    } else {
      const local = freeName(
        'displayed',
        n => selectionBinds.has(n) || params.includes(n)
      );
      returnLines.push(
        `${INDENT}${local} = ${exprText[0]}`,
        ...exprText.slice(1)
      );
      returnValues.push(local);
    }
  }
  if (returnValues.length && !(returnsDisplayed && !returns.length)) {
    returnLines.push(`${INDENT}return ${returnValues.join(', ')}`);
  }
  const hasCode =
    bodyLines.some(l => l.trim() && !l.trim().startsWith('#')) ||
    returnLines.length > 0;
  if (!hasCode) {
    return refusal([
      {
        code: 'nothing-to-promote',
        message:
          'the selection holds only imports, comments, IPython commands or a displayed name; there is no code to move into a function',
        cell: codeCells[0],
        hint: 'select cells with code that computes something'
      }
    ]);
  }
  const notebookName = baseName(nb.path);
  const docLines: string[] = [];
  docLines.push(
    heading
      ? `${heading.replace(/\.$/, '')}.`
      : `Promoted from ${notebookName}.`
  );
  const notes: string[] = [];
  if (heading) notes.push(`Promoted from ${notebookName}.`);
  if (mutations.length)
    notes.push(
      `Mutates ${mutations.map(m => `\`\`${m}\`\``).join(', ')} in place.`
    );
  const docstring = notes.length
    ? `${docLines[0]}\n\n${notes.map(n => INDENT + n).join('\n')}\n${INDENT}`
    : docLines[0];
  const functionText = (name: string) =>
    [
      `def ${name}(${params.join(', ')}):`,
      `${INDENT}"""${escapeDocstring(docstring)}"""`,
      ...bodyLines,
      ...returnLines
    ].join('\n');

  // 9. Module text.
  const selectionImports = bodies.flatMap(b => b.imports).map(specFromBinding);
  const moduleImports = dedupeImports([
    ...selectionImports.filter(s => s.isFuture),
    ...importsForModule,
    ...selectionImports.filter(s => !s.isFuture)
  ]);
  for (const s of moduleImports) {
    if (isRelative(s)) {
      warnings.push({
        code: 'relative-import',
        message: `\`${s.module}\` is a relative import; check it still resolves from ${modulePath}`
      });
    }
  }
  // Imports only the module needs: drop those the body never reads (an unused import cell line).
  const bodyReads = new Set(bodies.flatMap(b => scopeOf(b.cell).reads));
  const usedImports = moduleImports.filter(
    s => s.isFuture || bodyReads.has(s.bound) || selectionImports.includes(s)
  );
  const merged = mergeIntoModule({
    existingText: request.existingModuleText,
    moduleDocstring: `Functions promoted from ${notebookName} by nbcraft.`,
    imports: usedImports,
    functionName,
    functionText,
    onConflict: request.onConflict ?? 'fail',
    modulePath
  });
  if (!merged.ok) return refusal([merged.reason]);
  if (merged.action === 'renamed') {
    warnings.push({
      code: 'renamed',
      message: `${modulePath} already defines a different \`${functionName}\`; the new function is \`${merged.functionName}\``
    });
  }
  if (merged.action === 'identical') {
    warnings.push({
      code: 'module-up-to-date',
      message: `${modulePath} already holds this exact \`${functionName}\``
    });
  }
  functionName = merged.functionName;

  // 10. The replacement cell and the import of the function.
  const importLine = `from ${moduleName} import ${functionName}`;
  const importCell = findImportCell(nb, first, analysisOf);
  const replacement: string[] = [];
  const lineWrapper = bodies
    .flatMap(b => b.wrappers)
    .find(w => w.kind === 'line');
  if (cellWrappers.length) replacement.push(cellWrappers[0].text);
  for (const m of leading) replacement.push(m.text);
  if (importCell === null) replacement.push(importLine);
  for (const line of renderKeptImports(keptImports)) replacement.push(line);
  const args = params.join(', ');
  const call = `${functionName}(${args})`;
  const targets = returns.join(', ');
  const resultTargets =
    returnsDisplayed && returns.length ? `${targets}, ${resultName}` : targets;
  const deletedOutside = [
    ...new Set(
      bodies
        .flatMap(b => scopeOf(b.cell).deletes)
        .filter(n => params.includes(n) && !returns.includes(n))
    )
  ];
  const afterCall: string[] = [];
  if (deletedOutside.length) afterCall.push(`del ${deletedOutside.join(', ')}`);
  for (const m of trailing) afterCall.push(m.text);
  const prefix = lineWrapper ? `${lineWrapper.text} ` : '';
  let displayLine: string | null = null;
  if (displayExpr) {
    const shown =
      displayExpr.simpleName ??
      (returns.length || afterCall.length ? resultName : null);
    if (shown)
      displayLine = displayExpr.viaDisplayCall ? `display(${shown})` : shown;
  }
  if (returnsDisplayed && !returns.length) {
    if (afterCall.length) {
      replacement.push(`${prefix}${resultName} = ${call}`);
    } else if (displayExpr?.viaDisplayCall) {
      replacement.push(`${prefix}display(${call})`);
      displayLine = null;
    } else {
      replacement.push(`${prefix}${call}`);
    }
  } else if (resultTargets) {
    replacement.push(`${prefix}${resultTargets} = ${call}`);
  } else {
    // nothing returned: the call's value is None, which Jupyter does not display
    replacement.push(`${prefix}${call}`);
  }
  replacement.push(...afterCall);
  if (displayLine) replacement.push(displayLine);
  const cellEdits = importCellEdits(
    nb,
    importCell,
    importLine,
    pruneUnusedImports(
      nb,
      rangeOf(codeCells[0], lastCode),
      importUses,
      replacement.join('\n'),
      analysisOf
    )
  );

  const firstCell = nb.cells[codeCells[0]];
  const metadata = { ...firstCell.metadata };
  if (Array.isArray(metadata.tags)) {
    const tags = (metadata.tags as unknown[]).filter(
      t => typeof t !== 'string' || !/^promote(:|$)/.test(t)
    );
    if (tags.length) metadata.tags = tags;
    else delete metadata.tags;
  }
  // The call replaces the span from the first to the last selected code cell; Markdown or raw
  // cells inside that span are kept, after the call.
  const replacedCells = rangeOf(codeCells[0], lastCode);
  const replacementCells: ReplacementCell[] = [
    { kind: 'code', source: replacement.join('\n'), metadata, id: firstCell.id }
  ];
  for (const i of replacedCells) {
    const c = nb.cells[i];
    if (c.kind !== 'code')
      replacementCells.push({
        kind: c.kind,
        source: c.source,
        metadata: c.metadata,
        id: c.id,
        keep: i
      });
  }

  const testsDir = request.testsDir ?? 'tests';
  const testPath = testPathFor(modulePath, testsDir);
  const test = renderTestFile({
    moduleName,
    functionName,
    params,
    returns,
    returnsDisplayed,
    notebookName,
    kernelValues: request.kernelValues,
    existingTestText: request.existingTestText
  });

  const plan: PromotionPlan = {
    ok: true,
    functionName,
    moduleName,
    modulePath,
    moduleText: merged.text,
    moduleUnchanged: merged.unchanged,
    testPath,
    testText: test.text,
    testCharacterized: test.characterized,
    replacementCells,
    cellEdits,
    importCell,
    params,
    returns,
    mutations,
    displayLast: displayExpr !== null,
    cells: selected,
    replacedCells,
    functionText: merged.functionText,
    warnings
  };
  return plan;
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

/** `first`..`last`, both included. */
function rangeOf(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}

/** Names IPython commands of a cell may read: `!echo {x}`, `%store x`; Python-bodied magics are analysed already. */
function magicArgNames(a: CellAnalysis): string[] {
  return a.parsed.masked.magics
    .filter(m => !m.bodyIsPython)
    .flatMap(m => identifiersIn(m.args));
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
