/**
 * Names read by a cell that no earlier cell defines, classified once per notebook for the
 * use-before-define and undefined-name rules (both read lint-core's dataflow, no own scope pass).
 */
import type { LintCell, RuleContext } from '../../engine/types';
import { isPython2Notebook } from '../../notebook/languages';
import { firstIndexWhere } from '../../notebook/lines';
import { notebookRuntime } from '../../notebook/runtime';
import { BUILTINS, GLOBALS_BY_RUNTIME, PYTHON_2_BUILTINS } from '../../python';
import { futureAnnotationsInForce } from '../../python/imports';
import { LINE_BREAK } from '../../python/literals';
import {
  importsHalvingEnabler,
  knownStarExports
} from '../../python/starExports';
import { helperNotebookKind } from './helperNotebook';
import { importAliases } from './importAliases';
import { cellNamespaceSetup, type NamespaceSetup } from './namespaceSetup';
import {
  bindingOffsets,
  isAfterLoopThatBinds,
  isGuardedLoopCarriedRead,
  topStatements,
  type BindingOffsets,
  type TopStatements
} from './loopCarried';
import {
  uncalledDefinitions,
  unreferencedFunctions
} from './uncalledDefinitions';

/** Module attributes CPython sets in every namespace a notebook runs in. */
const MODULE_GLOBALS: ReadonlySet<string> = new Set([
  '__builtins__',
  '__file__'
]);

/**
 * Cell languages that cannot bind a Python name with their body (`%%writefile`, `%%html`,
 * `%%bash`...): only their magic line can (`%%bash --out log`). SQL, R, Scala, Cython and
 * unknown magics can (`%%sql df <<`, `%%R -o df`, `%%cython` functions), so every word counts.
 */
const BODY_BINDS_NOTHING = new Set([
  'text',
  'html',
  'svg',
  'markdown',
  'latex',
  'javascript',
  'sh',
  'bat',
  'powershell',
  'perl',
  'ruby',
  'mermaid',
  'dot',
  'json'
]);

const WORDS = /[A-Za-z_]\w*/g;

/** Names a non-Python cell may define in the kernel (its magic line, or its whole body). */
function namesOfOtherLanguageCell(lc: LintCell, language: string): string[] {
  const source = lc.cell.source;
  const text = BODY_BINDS_NOTHING.has(language)
    ? lc.cell.magic !== undefined || source.startsWith('%%')
      ? source.split(LINE_BREAK, 1)[0]
      : ''
    : source;
  return text.match(WORDS) ?? [];
}

/** `a, b = ...`, `x[i] = ...` (binds nothing new, harmless), `x += 1`, `x: int = 1` */
const ASSIGNMENT =
  /^\s*([\w\s,.()[\]*]+?)\s*(?::[^=]*)?(?:[-+*/%&|^@]|\/\/|\*\*|<<|>>)?=(?!=)/;
/** names after `def`/`class`/`as`/`global`/`nonlocal`, `for` targets, walrus targets, imports */
const BINDING_WORDS =
  /\b(?:def|class|as|global|nonlocal)\s+([\w\s,]+)|\bfor\s+([\w\s,()]+?)\s+in\b|(\w+)\s*:=|^\s*import\s+(.+)|^\s*from\s+\S+\s+import\s+(.+)/g;
/**
 * BINDING_WORDS without its walrus branch: on a line without `:=` that branch never matches, so
 * both find the same matches, and this one is several times faster (`(\w+)\s*:=` is tried at
 * every position of every word).
 */
const BINDING_WORDS_NO_WALRUS =
  /\b(?:def|class|as|global|nonlocal)\s+([\w\s,]+)|\bfor\s+([\w\s,()]+?)\s+in\b|^\s*import\s+(.+)|^\s*from\s+\S+\s+import\s+(.+)/g;
/** every branch of BINDING_WORDS needs one of these (`class` contains `as`) */
const MAY_BIND = /as|def|global|nonlocal|for|:=|import/;

/**
 * IPython's API call for a magic that binds another file's names: `run_line_magic('run', ...)`
 * (also `store`, `load`) or `magic('run ...')`. Each match starts at the literal method name.
 */
const RUNS_MAGIC_BY_API =
  /\b(?:run_line_magic[ \t]*\([ \t]*(['"])(?:run|store|load)\1|magic[ \t]*\([ \t]*['"](?:run|store|load)\b)/;

/**
 * Names a Python cell that does not parse might bind: targets of assignments, `for`, `with ... as`,
 * `def`, `class`, `import`, walrus and `global` on its lines. Its other names stay undefined.
 */
export function namesAnUnparsedCellMayBind(source: string): Set<string> {
  const out = new Set<string>();
  const add = (text: string) => {
    for (const w of text.match(WORDS) ?? []) out.add(w);
  };
  for (const line of source.split(/\r?\n|\r/)) {
    const assign = line.includes('=') ? ASSIGNMENT.exec(line) : null;
    if (assign) add(assign[1]);
    if (!MAY_BIND.test(line)) {
      continue;
    }
    const words = line.includes(':=') ? BINDING_WORDS : BINDING_WORDS_NO_WALRUS;
    for (const m of line.matchAll(words)) {
      add(m.slice(1).filter(Boolean).join(' '));
    }
  }
  return out;
}

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
  /** the cell itself binds it (at its top level) below the read: used before it is defined */
  definedBelow: boolean;
  /**
   * an earlier cell defines it and a `del` (or an `except ... as` target's end) took it away
   * before this read: the notebook defines it, and the read fails on its own code. The last cell
   * above the read that took it away, and how; null when nothing did.
   */
  deletedIn: { cell: number; by: 'del' | 'except' } | null;
  /**
   * read only in bodies of functions or methods no cell references (unreferencedFunctions), and
   * no later cell defines it: no top-to-bottom run looks it up (NB104 leaves it)
   */
  inUnreferencedFunction: boolean;
  /**
   * the notebook's first set-up call that may put any name into its globals (namespaceSetup.ts),
   * which this read comes before (a read from its statement on is not returned); null when none
   */
  setupBelow: { cell: number; callee: string } | null;
}

/**
 * A Databricks source cell (the caller checks the format: elsewhere `# MAGIC` is a comment) that
 * runs another notebook in a `# MAGIC %run ../config` line under a comment line (the reader keeps
 * such a cell Python: not all of its lines are MAGIC): the names
 * the other notebook defines are not this notebook's to see, as with a `%run` cell of its own.
 */
function runsDatabricksNotebook(lc: LintCell): boolean {
  return (
    lc.cell.source.includes('%run') &&
    /^#[ \t]*MAGIC[ \t]+%run\b/m.test(lc.cell.source)
  );
}

/**
 * A code cell that is a command line's arguments, not Python: it opens with an option
 * (`--outputCodec,lzo`, `--instance-type m1.small`), which parses as a double negation nobody
 * writes. Its words are no names the notebook reads.
 */
function isCommandLineFragment(lc: LintCell): boolean {
  return /^(?:[ \t]*(?:#.*)?\n)*--[A-Za-z]/.test(
    lc.analysis?.parsed.masked.text ?? ''
  );
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
  const runtimeNames =
    GLOBALS_BY_RUNTIME[notebookRuntime(context.notebook)].names;
  // `xrange`, `unicode`: builtins of the Python a Python 2 notebook runs on
  const python2 = isPython2Notebook(context.notebook);
  const defined = new Set<string>();
  /**
   * Cells in another language and Python cells that do not parse: their words may define names.
   * Read only when a name is unknown otherwise (most notebooks have no such read).
   */
  const uncertainCells: { lc: LintCell; language?: string }[] = [];
  // the first cell with a star import: what later cells read may come from it
  let starFrom = Infinity;
  // the first call that may bind any name (`f(globals())`, msticpy's init_notebook): what is
  // read from its statement on may come from it
  let setup: NamespaceSetup | null = null;
  // a name a star import of a known module binds -> the first cell with that import
  const starNameFrom = new Map<string, number>();
  const halving = importsHalvingEnabler(
    context.cells.flatMap(lc => lc.analysis?.scope?.imports ?? [])
  );
  // the first cell with `from __future__ import annotations`: IPython compiles later cells with
  // it in force (its CachingCompiler is a codeop.Compile, which "remembers" a future statement for
  // every later compile), so their annotations are strings, never evaluated (PEP 563)
  let lazyAnnotationsFrom = Infinity;
  for (const lc of context.cells) {
    const scope = lc.analysis?.scope;
    if (lc.cell.kind !== 'code') {
      continue;
    }
    const parsed = lc.analysis?.parsed;
    if (
      lazyAnnotationsFrom === Infinity &&
      scope?.imports.some(
        i => i.module === '__future__' && i.name === 'annotations'
      ) &&
      parsed?.tree &&
      // only where CPython takes it: first in the cell, after a docstring and comments at most
      futureAnnotationsInForce(parsed.tree, parsed.masked.text)
    ) {
      lazyAnnotationsFrom = lc.cell.index;
    }
    const otherLanguage =
      lc.analysis?.parsed.masked.cellLanguage ??
      (lc.cell.language !== 'python' ? lc.cell.language : undefined);
    if (otherLanguage !== undefined) {
      // %%sql -o df, R/Scala cells: what they name may be defined there
      uncertainCells.push({ lc, language: otherLanguage });
      continue;
    }
    if (!lc.isPython || !scope) {
      // a Python cell that does not parse: only what it might bind is uncertain
      uncertainCells.push({ lc });
      continue;
    }
    if (
      context.notebook.format === 'databricks' &&
      runsDatabricksNotebook(lc)
    ) {
      return null;
    }
    // exec/eval/locals()/vars() or a `globals()` not passed to a call: any name, anywhere
    if (scope.usesExecEval || !setup) {
      const found = cellNamespaceSetup(
        lc,
        () => importAliases(context),
        scope.usesExecEval
      );
      if (found === 'dynamic') return null;
      setup ??= found;
    }
    for (const module of scope.starImports) {
      // a star import of a known module (numpy, %pylab's two) binds a known set of names
      const names = knownStarExports(module, halving);
      if (names) {
        for (const n of names) {
          if (!starNameFrom.has(n)) {
            starNameFrom.set(n, lc.cell.index);
          }
        }
      } else {
        starFrom = Math.min(starFrom, lc.cell.index);
      }
    }
    scope.nestedGlobalWrites.forEach(n => defined.add(n));
    // `%run`, `%store -r` and `%load` bind what another file holds; so do their API forms, which
    // nbconvert's script export writes for the magics (`get_ipython().run_line_magic('run',
    // 'helpers.py')`, the older `get_ipython().magic('run helpers.py')`)
    if (RUNS_MAGIC_BY_API.test(lc.analysis?.parsed.masked.text ?? '')) {
      return null;
    }
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
  let mayBeDefined: Set<string> | undefined;
  const definedInUncertainCell = (name: string): boolean => {
    if (!mayBeDefined) {
      const names = new Set<string>();
      for (const { lc, language } of uncertainCells) {
        const words =
          language !== undefined
            ? namesOfOtherLanguageCell(lc, language)
            : namesAnUnparsedCellMayBind(lc.cell.source);
        words.forEach(n => names.add(n));
      }
      mayBeDefined = names;
    }
    return mayBeDefined.has(name);
  };
  const known = (name: string) =>
    BUILTINS.has(name) ||
    (python2 && PYTHON_2_BUILTINS.has(name)) ||
    runtimeNames.has(name) ||
    MODULE_GLOBALS.has(name) ||
    extraGlobals.includes(name) ||
    defined.has(name) ||
    definedInUncertainCell(name);
  // name -> cells that define it, in order (so "defined later?" is a lookup, not a scan); built
  // on the first unresolved read, which most notebooks never have
  let definers: Map<string, number[]> | undefined;
  const definersOf = (name: string): number[] | undefined => {
    if (!definers) {
      definers = new Map();
      for (const flow of dataflow.cells) {
        for (const defined of flow.defines) {
          const list = definers.get(defined);
          if (list) {
            list.push(flow.cell);
          } else {
            definers.set(defined, [flow.cell]);
          }
        }
      }
    }
    return definers.get(name);
  };
  // name -> the cells that delete it (`del`, or an `except ... as` target's end), in order:
  // built on the first read of a deleted name
  let deleters:
    Map<string, { cell: number; by: 'del' | 'except' }[]> | undefined;
  const deletedBefore = (
    name: string,
    cell: number
  ): UnresolvedRead['deletedIn'] => {
    if (!deleters) {
      deleters = new Map();
      for (const flow of dataflow.cells) {
        const scope = perCell.get(flow.cell)?.scope;
        if (!scope) continue;
        for (const [names, by] of [
          [scope.deletes, 'del'],
          [scope.unboundAfter, 'except']
        ] as const) {
          for (const n of names) {
            const list = deleters.get(n) ?? [];
            if (list.at(-1)?.cell !== flow.cell)
              list.push({ cell: flow.cell, by });
            deleters.set(n, list);
          }
        }
      }
    }
    const list = deleters.get(name) ?? [];
    const at = firstIndexWhere(list.length, i => list[i].cell >= cell);
    return at > 0 ? list[at - 1] : null;
  };
  const out: UnresolvedRead[] = [];
  for (const flow of dataflow.cells) {
    const lc = context.cells.at(flow.cell);
    const scope = perCell.get(flow.cell)?.scope;
    if (
      !lc ||
      !scope ||
      !lc.isPython ||
      flow.cell >= starFrom ||
      (setup !== null && flow.cell > setup.cell) ||
      isCommandLineFragment(lc)
    ) {
      continue;
    }
    // the cell's reads by name, indexed on its first unresolved read (a filter of every ref per
    // read was quadratic: 12,500 handlers took 88 s)
    let readsByName: Map<string, (typeof scope.refs)[number][]> | undefined;
    // and, per name, where its last binding outside functions is (line, column): "defined
    // below?" is one comparison (a scan of every ref per read took 21 s at 16,000 reads)
    let lastBind: Map<string, { line: number; column: number }> | undefined;
    // and where it binds each name outside functions (offsets), for loop-carried reads
    let bindOffsets: BindingOffsets | undefined;
    let tops: TopStatements | undefined;
    for (const read of flow.reads) {
      if (
        read.from !== null ||
        known(read.name) ||
        (starNameFrom.get(read.name) ?? Infinity) <= flow.cell
      ) {
        continue;
      }
      if (!readsByName) {
        readsByName = new Map();
        lastBind = new Map();
        for (const r of scope.refs) {
          if (r.access === 'bind') {
            const last = lastBind.get(r.name);
            if (
              !r.inFunction &&
              (!last ||
                r.line > last.line ||
                (r.line === last.line && r.column > last.column))
            ) {
              lastBind.set(r.name, r);
            }
            continue;
          }
          const list = readsByName.get(r.name);
          if (list) list.push(r);
          else readsByName.set(r.name, [r]);
        }
      }
      const refs = readsByName.get(read.name) ?? [];
      const ref = refs.find(r => !r.inFunction) ?? refs.at(0);
      // `try: x  except NameError:` expects that x may not exist: no finding
      if (!ref || refs.every(r => r.guarded)) {
        continue;
      }
      // in the set-up call's own cell, only what a top-level statement above it reads
      if (
        setup?.cell === flow.cell &&
        (ref.inFunction ||
          lc.offsetAt({ line: ref.line, column: ref.column }) >= setup.from)
      ) {
        continue;
      }
      // read only in annotations, after the future import: never evaluated
      if (lazyAnnotationsFrom <= flow.cell && refs.every(r => r.annotation)) {
        continue;
      }
      // a value the loop around it carries from one iteration to the next, read only under a
      // test on the iteration (`if i > 1: ... prev_x`): no other cell is needed
      const tree = lc.analysis?.parsed.tree;
      if (tree && refs.every(r => !r.inFunction)) {
        bindOffsets ??= bindingOffsets(scope.refs, lc, tree);
        tops ??= topStatements(tree);
        const offsets = bindOffsets;
        const statements = tops;
        // each read guarded on the iteration, or after the loop that carries the value
        // (`print(p)` below it: the loop's own value), and one of them in the loop
        const at = (r: (typeof refs)[number]) =>
          lc.offsetAt({ line: r.line, column: r.column });
        const carried = (r: (typeof refs)[number]) =>
          isGuardedLoopCarriedRead(tree, at(r), read.name, offsets, n =>
            lc.textOf(n)
          );
        if (
          refs.some(carried) &&
          refs.every(
            r =>
              carried(r) ||
              isAfterLoopThatBinds(statements, at(r), read.name, offsets)
          )
        ) {
          continue;
        }
      }
      // a function body may run after the star import or set-up call that defines the name
      if (
        refs.every(r => r.inFunction) &&
        (starFrom < Infinity || setup !== null)
      ) {
        continue;
      }
      const definers = definersOf(read.name);
      const later = definers?.find(c => c > flow.cell);
      const deletedIn =
        definers !== undefined && definers[0] < flow.cell
          ? deletedBefore(read.name, flow.cell)
          : null;
      const deferred = refs.every(r => r.inFunction);
      // a library helper (`shared_utilities`, `utils`: its name says other notebooks `%run` it)
      // reading a name only in bodies of functions or methods it never uses itself: the
      // caller's global, looked up when the caller calls them; no NameError when it runs alone.
      // Not a name that looks like a typo of one the function or the notebook binds (`pth`)
      if (
        deferred &&
        later === undefined &&
        helperNotebookKind(context.notebook.path) === 'library' &&
        refs.every(r => {
          const at = lc.offsetAt({ line: r.line, column: r.column });
          const uncalled = uncalledDefinitions(context);
          return (
            uncalled.inUncalledBody(flow.cell, at) &&
            uncalled.typoOfBinding(flow.cell, at, read.name) === undefined
          );
        })
      ) {
        continue;
      }
      const from = lc.offsetAt({ line: ref.line, column: ref.column });
      const bound = lastBind?.get(read.name);
      const definedBelow =
        !ref.inFunction &&
        bound !== undefined &&
        (bound.line > ref.line ||
          (bound.line === ref.line && bound.column > ref.column));
      const inUnreferencedFunction =
        deferred &&
        later === undefined &&
        refs.every(r =>
          unreferencedFunctions(context).inUnreferencedBody(
            flow.cell,
            lc.offsetAt({ line: r.line, column: r.column })
          )
        );
      out.push({
        cell: flow.cell,
        name: read.name,
        from,
        to: from + (ref.endColumn - ref.column),
        deferred,
        definedIn: later ?? null,
        definedBelow,
        deletedIn,
        inUnreferencedFunction,
        setupBelow: setup && { cell: setup.cell, callee: setup.callee }
      });
    }
  }
  return out;
}
