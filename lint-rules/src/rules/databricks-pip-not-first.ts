import { defineRule, LintCell } from '../engine/types';
import type { NotebookDataflow } from '../python';
import {
  findPipInstalls,
  moduleNamesOfRequirement,
  type PipInstall
} from './support/pip';
import { markedOptional } from './support/optionalStep';
import { commentsOf, saysUnnegated, someNode } from './support/syntax';

const RESTART_WORDS = /\brestart(ing)? (the |your )?(kernel|runtime|python)\b/i;
/** callees that restart the kernel: `...kernel.do_shutdown(True)`, `dbutils.library.restartPython()`, `os._exit(0)` */
const RESTART_CALLEE = /(^|\.)(do_shutdown|restartPython)$|^os\._exit$/;

/**
 * a call in the cell's code (not in a comment or a string) that restarts the kernel, or
 * Databricks' `%restart_python` line magic (the same restart, as a magic)
 */
function callsRestart(lc: LintCell): boolean {
  if (
    lc.cell.source.includes('restart_python') &&
    (lc.analysis?.parsed.masked.magics ?? []).some(
      m => m.kind === 'line-magic' && m.name === 'restart_python'
    )
  ) {
    return true;
  }
  return (
    /do_shutdown|restartPython|_exit/.test(lc.cell.source) &&
    someNode(lc, 'CallExpression', call => {
      const callee = call.firstChild
        ? lc.textOf(call.firstChild).replace(/\s+/g, '')
        : '';
      return (
        RESTART_CALLEE.test(callee) &&
        // do_shutdown(False) shuts the kernel down without the restart
        (!callee.endsWith('do_shutdown') || /\bTrue\b/.test(lc.textOf(call)))
      );
    })
  );
}

/**
 * The cell that restarts Python right after the `%pip` cell `lc`: `lc` itself when it calls
 * `dbutils.library.restartPython()` (or shuts the kernel down to restart it), else the next code
 * cell with any code when that one does; undefined when neither does. Words ("restart the kernel")
 * restart nothing here: what is lost is lost only when the call runs.
 */
function restartCellAfter(
  lc: LintCell,
  cells: readonly LintCell[]
): number | undefined {
  if (callsRestart(lc)) {
    return lc.cell.index;
  }
  for (let i = lc.cell.index + 1; i < cells.length; i++) {
    const next = cells[i];
    if (!/\S/.test(next.cell.source) || next.cell.kind !== 'code') {
      continue;
    }
    return callsRestart(next) ? i : undefined;
  }
  return undefined;
}

/**
 * The notebook restarts the kernel right after the install, or tells the reader to: a comment or
 * a restart call (`dbutils.library.restartPython()`) in the install cell, the next cell (Markdown "**Restart the kernel by using Kernel > Restart
 * kernel**", or code that shuts the kernel down). The imported version is then reloaded: the
 * problem importedAbove names is handled. Negated words ("no need to restart the kernel") and a
 * call inside a comment or a string restart nothing.
 */
function restartFollows(lc: LintCell, cells: readonly LintCell[]): boolean {
  if (
    commentsOf(lc).some(c => saysUnnegated(c, RESTART_WORDS)) ||
    callsRestart(lc)
  ) {
    return true;
  }
  for (let i = lc.cell.index + 1; i < cells.length; i++) {
    const next = cells[i];
    if (!/\S/.test(next.cell.source)) {
      continue; // an empty cell between says nothing
    }
    return next.cell.kind === 'markdown'
      ? next.lines.some(line => saysUnnegated(line, RESTART_WORDS))
      : next.cell.kind === 'code' && callsRestart(next);
  }
  return false;
}

/**
 * A cell after which the analysis cannot tell what is bound: one that runs another notebook
 * (`%run ./config`, which may bind again what the cells above bound), a star import, `exec`/`eval`,
 * or a Python cell that does not parse.
 */
function opaque(lc: LintCell): boolean {
  if (lc.cell.kind !== 'code') {
    return false;
  }
  if (/^\s*(# MAGIC )?%run\b/m.test(lc.cell.source)) {
    return true;
  }
  const scope = lc.analysis?.scope;
  return lc.isPython
    ? !scope || scope.starImports.length > 0 || scope.usesExecEval
    : false;
}

/**
 * The first name a cell below the restart cell `restart` reads whose value a cell up to it bound,
 * with no cell in between binding it again (the notebook's dataflow: the definition that reaches
 * the read is at or above the restart): Python state the restart loses. Only up to the first
 * opaque cell below it. Answered from `index`, built once per notebook.
 */
function lostRead(
  restart: number,
  index: RestartIndex
): { name: string; bound: number; read: number; restart: number } | undefined {
  const read = index.firstCellReadingAtOrAbove(restart);
  if (read >= index.firstOpaqueAfter(restart)) {
    return undefined;
  }
  const r = index.firstReadFromAtOrAbove(read, restart);
  return r && { ...r, read, restart };
}

/**
 * The first opaque cell after a cell, or the number of cells: one backwards pass, shared by the
 * restart and the stale-import indexes (each asked once per `%pip`).
 */
function opaqueCellsAfter(
  cells: readonly LintCell[]
): (cell: number) => number {
  const n = cells.length;
  const nextOpaque = new Array<number>(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    nextOpaque[i] = opaque(cells[i]) ? i : nextOpaque[i + 1];
  }
  return cell => nextOpaque[Math.min(cell + 1, n)];
}

/** what lostRead asks of the notebook, computed once per notebook */
interface RestartIndex {
  /** the first opaque cell after `cell`, or the number of cells */
  firstOpaqueAfter(cell: number): number;
  /** the first cell after `cell` with a read whose binding a cell <= `cell` made, or the number of cells */
  firstCellReadingAtOrAbove(cell: number): number;
  /** that cell's first such read, in read order */
  firstReadFromAtOrAbove(
    cell: number,
    limit: number
  ): { name: string; bound: number } | undefined;
}

/**
 * One pass over the dataflow: each cell's reads and the earliest cell they read from, in a
 * segment tree of minimums, so "the first cell after r reading from r or above" takes O(log n)
 * per restart (a notebook of many `%pip` + restart cells stays fast).
 */
function restartIndex(
  cells: readonly LintCell[],
  dataflow: NotebookDataflow,
  firstOpaqueAfter: (cell: number) => number
): RestartIndex {
  const n = cells.length;
  let size = 1;
  while (size < n) size *= 2;
  const tree = new Array<number>(2 * size).fill(Infinity);
  const reads = new Map<number, { name: string; from: number }[]>();
  for (const flow of dataflow.cells) {
    const list: { name: string; from: number }[] = [];
    for (const r of flow.reads) {
      if (r.from !== null) {
        list.push({ name: r.name, from: r.from });
        tree[size + flow.cell] = Math.min(tree[size + flow.cell], r.from);
      }
    }
    reads.set(flow.cell, list);
  }
  for (let i = size - 1; i >= 1; i--) {
    tree[i] = Math.min(tree[2 * i], tree[2 * i + 1]);
  }
  /** the first index >= from in node's range [lo, hi) whose value <= limit, or n */
  const first = (
    node: number,
    lo: number,
    hi: number,
    from: number,
    limit: number
  ): number => {
    if (hi <= from || tree[node] > limit) return n;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const left = first(2 * node, lo, mid, from, limit);
    return left < n ? left : first(2 * node + 1, mid, hi, from, limit);
  };
  return {
    firstOpaqueAfter,
    firstCellReadingAtOrAbove: cell =>
      Math.min(n, first(1, 0, size, cell + 1, cell)),
    firstReadFromAtOrAbove: (cell, limit) => {
      const r = reads.get(cell)?.find(x => x.from <= limit);
      return r ? { name: r.name, bound: r.from } : undefined;
    }
  };
}

/**
 * The Python variables a `%pip` line expands (`%pip install -r $requirements_path`, `{path}`) that
 * a cell above binds: that work is the install's input (Databricks' auto-generated inference
 * notebook downloads the model's requirements.txt first), so the %pip cannot come before it.
 */
function expandsVariableFromAbove(
  lc: LintCell,
  from: number,
  cells: readonly LintCell[]
): boolean {
  const end = lc.cell.source.indexOf('\n', from);
  const line = lc.cell.source.slice(from, end < 0 ? undefined : end);
  const names = [
    ...line.matchAll(/\$\{?([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\}/g)
  ].map(m => m[1] || m[2]);
  return (
    names.length > 0 &&
    cells
      .slice(0, lc.cell.index)
      .some(c => c.analysis?.scope?.bound.some(b => names.includes(b)))
  );
}

/**
 * Whether a cell below the `%pip` cell `pip` may use the version of `modules` already imported:
 * it reads any name a cell above the `%pip` bound (the dataflow: the binding that reaches the read
 * is above), or imports one of them again (Python's import system returns the module already in
 * `sys.modules`, https://docs.python.org/3/reference/import.html#the-module-cache). Any name, not
 * only the import's own: an object made from the module above (`df = pd.read_csv(...)`, a
 * tokenizer, a lambda, a function or an instance whose code reads it, however indirectly) keeps
 * running the old version's code. Shell commands (`!yolo val ...`, `!pytest ...`) start a new
 * process that imports the new version. A cell below that the analysis cannot see through counts
 * as a use.
 */
function usesImportedBelow(
  pip: number,
  modules: readonly string[],
  below: BelowIndex
): boolean {
  const matches = (module: string) =>
    modules.some(name => module === name || module.startsWith(`${name}.`));
  // the %pip cell's own imports count too (`%pip install -U x` then `import x` in one cell)
  return (
    below.firstOpaqueAfter(pip) < below.cells ||
    below.imports.some(imp => imp.cell >= pip && matches(imp.module)) ||
    below.earliestReadFromAfter(pip) < pip
  );
}

/** what usesImportedBelow asks of the cells below a `%pip`, computed once per notebook */
interface BelowIndex {
  cells: number;
  /** the first opaque cell after `pip`, or `cells` */
  firstOpaqueAfter(pip: number): number;
  imports: { cell: number; module: string }[];
  /** the earliest cell above whose binding a read in a cell after `pip` takes, or Infinity */
  earliestReadFromAfter(pip: number): number;
}

function belowIndex(
  cells: readonly LintCell[],
  dataflow: NotebookDataflow,
  firstOpaqueAfter: (cell: number) => number
): BelowIndex {
  const n = cells.length;
  const imports = cells.flatMap(lc =>
    (lc.analysis?.scope?.imports ?? []).map(imp => ({
      cell: lc.cell.index,
      module: imp.module
    }))
  );
  // suffix minimum: fromAfter[i] = the earliest `from` of the reads in cells > i
  const fromAfter = new Array<number>(n + 1).fill(Infinity);
  const earliest = new Array<number>(n).fill(Infinity);
  for (const flow of dataflow.cells) {
    for (const r of flow.reads) {
      if (r.from !== null && r.from < earliest[flow.cell]) {
        earliest[flow.cell] = r.from;
      }
    }
  }
  for (let i = n - 2; i >= 0; i--) {
    fromAfter[i] = Math.min(fromAfter[i + 1], earliest[i + 1]);
  }
  return {
    cells: n,
    firstOpaqueAfter,
    imports,
    earliestReadFromAfter: pip => fromAfter[pip]
  };
}

/**
 * A `%pip` with a Python restart right after it (`dbutils.library.restartPython()`, which
 * Databricks Runtime 13+ needs to load what `%pip` changed) clears the notebook's Python state:
 * reported where that loses something, a name a cell up to the restart binds and a cell below
 * reads without binding it again. Without a restart, on Jupyter and on every supported Databricks
 * runtime (12.2 LTS, the last that reset state at `%pip` itself, left support on 2026-03-01), a
 * package that a cell above already imported keeps its old version until the kernel restarts.
 */
/**
 * A requirement pip leaves as installed when the package is already there: a bare name, with
 * extras or not (`whylogs[s3]`, `msticpy`), no version, URL or path, on a line without an
 * upgrade or reinstall flag. A package a cell above imported is installed, so pip answers
 * "Requirement already satisfied" for it and adds only what is missing (the extras'
 * dependencies, imported after the install): the imported version stays the one on disk, and
 * nothing is stale (round 24 rows 161, 162: whylogs' `%pip install 'whylogs[s3]' moto`).
 */
function leavesInstalled(install: PipInstall, requirement: string): boolean {
  return (
    !install.replacesInstalled &&
    !install.usesFile &&
    /^[A-Za-z0-9][\w.-]*(\[[\w.,\s-]*\])?$/.test(requirement)
  );
}

export default defineRule<Record<string, never>, 'notFirst' | 'importedAbove'>({
  meta: {
    code: 'NB603',
    id: 'databricks-pip-not-first',
    category: 'databricks',
    description:
      '%pip install with a Python restart after it loses state that cells below still read, or runs after a cell imported the package it installs.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      notFirst:
        '%pip install with the Python restart in cell {{restartCell}} after cell {{bindCell}} bound "{{name}}", which cell {{readCell}} reads without binding it again: the restart clears Python state. Put %pip cells and the restart at the top.',
      importedAbove:
        '%pip install {{package}} after cell {{cell}} imported it: the kernel keeps the version it already imported until it restarts. Put %pip cells at the top.'
    }
  },
  create(context) {
    /** module -> the first cell that imported it */
    const imported = new Map<string, number>();
    let below: BelowIndex | undefined;
    let restarts: RestartIndex | undefined;
    let opaqueAfter: ((cell: number) => number) | undefined;
    /** cells above whose imports are not in `imported` yet: merged when a %pip needs them */
    const pending: LintCell[] = [];
    const importedAbove = (
      requirement: string
    ): { cell: number; modules: string[] } | undefined => {
      for (const lc of pending) {
        for (const imp of lc.analysis?.scope?.imports ?? []) {
          if (!imported.has(imp.module) && !imp.module.startsWith('.')) {
            imported.set(imp.module, lc.cell.index);
          }
        }
      }
      pending.length = 0;
      const modules = moduleNamesOfRequirement(requirement);
      for (const name of modules) {
        for (const [module, cell] of imported) {
          if (module === name || module.startsWith(`${name}.`)) {
            return { cell, modules };
          }
        }
      }
      return undefined;
    };
    return {
      cell(lc) {
        if (lc.cell.kind !== 'code') {
          return;
        }
        const found = findPipInstalls(lc);
        const installs = found.length
          ? found.filter(i => i.form.startsWith('%pip'))
          : found;
        const restart = installs.length
          ? restartCellAfter(lc, context.cells)
          : undefined;
        const lost =
          restart !== undefined
            ? lostRead(
                restart,
                (restarts ??= restartIndex(
                  context.cells,
                  context.analysis.dataflow,
                  (opaqueAfter ??= opaqueCellsAfter(context.cells))
                ))
              )
            : undefined;
        if (
          lost &&
          !expandsVariableFromAbove(lc, installs[0].formFrom, context.cells)
        ) {
          const i = installs[0];
          context.report({
            messageId: 'notFirst',
            data: {
              restartCell: lost.restart + 1,
              bindCell: lost.bound + 1,
              name: lost.name,
              readCell: lost.read + 1
            },
            cell: lc.cell,
            from: i.formFrom,
            to: i.formTo
          });
        } else if (
          installs.length &&
          !restartFollows(lc, context.cells) &&
          // round 6 (mlops-on-gcp's on_demand lab-01): "(Optional) Run the cell below only if
          // your package versions do not match" right above is a fix-up for a mismatch the cells
          // above print, which cannot come before them; no set-up step to move to the top
          !markedOptional(context.cells, lc.cell.index)
        ) {
          // Databricks Runtime 13+ does not restart Python at %pip either, so a package a cell
          // above imported keeps its old version for the cells below (unless a restart follows)
          for (const install of installs) {
            // a stale import that no cell below uses loses nothing (Ultralytics' tutorial
            // installs its clone for the shell commands that follow)
            const hit = install.packages
              .filter(p => !leavesInstalled(install, p.text))
              .map(p => ({ p, above: importedAbove(p.text) }))
              .find(
                h =>
                  h.above !== undefined &&
                  usesImportedBelow(
                    lc.cell.index,
                    h.above.modules,
                    (below ??= belowIndex(
                      context.cells,
                      context.analysis.dataflow,
                      (opaqueAfter ??= opaqueCellsAfter(context.cells))
                    ))
                  )
              );
            if (hit?.above !== undefined) {
              const pkg = hit.p;
              context.report({
                messageId: 'importedAbove',
                data: {
                  package: pkg.text,
                  cell: hit.above.cell + 1
                },
                cell: lc.cell,
                from: pkg.from,
                to: pkg.to
              });
              break;
            }
          }
        }
        const scope = lc.analysis?.scope;
        if (!lc.isPython || !scope) {
          return;
        }
        if (scope.imports.length) {
          pending.push(lc);
        }
      }
    };
  }
});
