import type { SyntaxNode } from '@lezer/common';
import { defineRule, type LintCell } from '../engine/types';
import { removeImportedName } from './support/edits';
import { moduleNamesOfRequirement } from './support/pip';
import { helperNotebookKind, readsAsLibrary } from './support/helperNotebook';
import { leavesAnswerUnwritten } from './support/placeholders';
import { unparsedCellsWords } from './support/syntax';

/** `%pip install`, `!pip install`, `%conda install`...: arguments are package names */
const INSTALLS =
  /^(?:!+\s*)?(?:pip3?|conda|mamba|micromamba|uv(?:\s+pip)?|python3?\s+-m\s+pip)\s+(?:install|uninstall|download)\b|^!+\s*(?:pip3?|conda|mamba|uv)\s/;

/** a handler's exception types that say "this module may not be installed" */
const IMPORT_ERRORS = /\b(?:ImportError|ModuleNotFoundError)\b/;
/** a call that runs an installer: `subprocess.check_call([...])`, `os.system("pip install x")`, `pip.main([...])` */
const RUNS_COMMAND =
  /^(?:subprocess\.\w+|os\.system|pip\.main|check_call|check_output|run)$/;

/**
 * `install` among `words` and, after it, a requirement that imports as `module` (`lightgbm`,
 * `scikit-learn` for `sklearn`)
 */
function namesInstallOf(words: readonly string[], module: string): boolean {
  const at = words.indexOf('install');
  return (
    at >= 0 &&
    words
      .slice(at + 1)
      .some(
        w => !w.startsWith('-') && moduleNamesOfRequirement(w).includes(module)
      )
  );
}

/**
 * The handler installs `module` (an import's top-level module, lower case): a `%pip`/`!pip`
 * line of its own, or a call that runs pip with it among the call's string arguments. Comments
 * and strings that only say `pip install` (`raise ImportError("!pip install x")`) do not.
 */
function installsModule(
  lc: LintCell,
  body: SyntaxNode,
  module: string
): boolean {
  const first = lc.positionAt(body.from).line;
  const last = lc.positionAt(body.to).line;
  for (const m of lc.analysis?.parsed.masked.magics ?? []) {
    if (m.line < first || m.line > last) continue;
    if (namesInstallOf(`${m.name} ${m.args}`.split(/\s+/), module)) return true;
  }
  const tree = lc.analysis?.parsed.tree;
  let found = false;
  tree?.iterate({
    from: body.from,
    to: body.to,
    enter: n => {
      if (found) return false;
      if (n.name !== 'CallExpression' || n.from < body.from) return;
      const call = n.node;
      const callee = call.firstChild;
      const args = call.getChild('ArgList');
      if (!callee || !args) return;
      const calleeText = lc.textOf(callee).replace(/\s+/g, '');
      if (!RUNS_COMMAND.test(calleeText)) return;
      const words: string[] = [];
      const strings = args.getChildren('String');
      const list = args.getChild('ArrayExpression');
      for (const str of [...strings, ...(list?.getChildren('String') ?? [])]) {
        const text = lc
          .textOf(str)
          .replace(/^[a-zA-Z]*(['"]{1,3})([\s\S]*)\1$/, '$2');
        words.push(...text.split(/\s+/));
      }
      found = namesInstallOf(words, module);
    }
  });
  return found;
}

/**
 * Modules imported for their side effect: importing them registers an accessor on pandas or
 * xarray objects, which later code uses as an attribute (`df.hvplot(...)`), never by the name
 * the import binds. Each with the accessor it registers and where that is documented:
 * - `hvplot.<backend>` (`pandas`, `xarray`, `dask`, `polars`, `geopandas`, `intake`, `networkx`,
 *   `streamz`, `cudf`, `ibis`, `fugue`): `.hvplot` ("import hvplot.pandas" then "df.hvplot()",
 *   hvplot's "Getting started" and "Plotting with..." docs);
 * - `rioxarray`: `.rio` (rioxarray's docs: "import rioxarray" extends xarray with the `rio`
 *   accessor);
 * - `cf_xarray`: `.cf`; `pint_xarray`: `.pint` (each project's "accessor" docs);
 * - `odc.geo.xr`: `.odc` (odc-geo's docs: "import odc.geo.xr" adds `.odc` to xarray objects);
 * - `swifter`: `.swifter` (swifter's README: "import swifter" then `df.swifter.apply`);
 * - `pandas_ta`: `.ta` (pandas-ta's README: the DataFrame extension `df.ta`).
 */
const ACCESSOR_MODULES: ReadonlyMap<string, string> = new Map([
  ...[
    'pandas',
    'xarray',
    'dask',
    'polars',
    'geopandas',
    'intake',
    'networkx',
    'streamz',
    'cudf',
    'ibis',
    'fugue'
  ].map((b): [string, string] => [`hvplot.${b}`, 'hvplot']),
  ['rioxarray', 'rio'],
  ['cf_xarray', 'cf'],
  ['pint_xarray', 'pint'],
  ['odc.geo.xr', 'odc'],
  ['swifter', 'swifter'],
  ['pandas_ta', 'ta']
]);

/**
 * `accessorUsed(module)`: whether `module` registers an accessor (ACCESSOR_MODULES) that some
 * code cell uses as an attribute (`.hvplot`, `.rio.`): the import is there for that. Each
 * accessor's search is one pass over the cells' text, done at most once per notebook.
 */
function accessorUse(cells: readonly LintCell[]): (module: string) => boolean {
  const seen = new Map<string, boolean>();
  return module => {
    const accessor = ACCESSOR_MODULES.get(module);
    if (accessor === undefined) return false;
    let used = seen.get(accessor);
    if (used === undefined) {
      const re = new RegExp(`\\.${accessor}\\b`);
      used = cells.some(
        lc => lc.cell.kind === 'code' && re.test(lc.cell.source)
      );
      seen.set(accessor, used);
    }
    return used;
  };
}

/**
 * Each `except` clause of a TryStatement: the types it names as text (`(A, B)`, `ImportError`;
 * '' for a bare `except:`) and its body.
 */
function handlers(
  tryNode: SyntaxNode,
  lc: LintCell
): { types: string; body: SyntaxNode | null }[] {
  const out: { types: string; body: SyntaxNode | null }[] = [];
  for (let c = tryNode.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'except') continue;
    let t = c.nextSibling;
    if (t?.name === '*') t = t.nextSibling; // `except* ImportError`
    const types = t && t.name !== 'Body' && t.name !== 'as' ? lc.textOf(t) : '';
    let body = t;
    while (body && body.name !== 'Body') body = body.nextSibling;
    out.push({ types, body });
  }
  return out;
}

/**
 * `try: import interpret` / `except ModuleNotFoundError: !pip install interpret`: the import at
 * `offset` is in the body of the innermost `try` around it, with a handler that names ImportError
 * or ModuleNotFoundError and installs that import's module. Importing is the point there. A
 * handler for anything else (`except ValueError`), a fallback that installs nothing
 * (`except ImportError: torch = None`) or installs another package, or an outer `try`'s handler,
 * does not make an unread import a check.
 */
function isAvailabilityCheck(
  lc: LintCell,
  offset: number,
  module: string
): boolean {
  const tree = lc.analysis?.parsed.tree;
  if (!tree) return false;
  const top = module.replace(/^\.+/, '').split('.')[0].toLowerCase();
  for (
    let n: SyntaxNode | null = tree.resolveInner(offset, 1);
    n;
    n = n.parent
  ) {
    const parent = n.parent;
    if (parent?.name !== 'TryStatement' || n.name !== 'Body') continue;
    // the innermost try whose body holds the import decides; in a handler, keep looking out
    if (n.from !== parent.getChild('Body')?.from) continue;
    return handlers(parent, lc).some(
      h =>
        IMPORT_ERRORS.test(h.types) &&
        h.body !== null &&
        installsModule(lc, h.body, top)
    );
  }
  return false;
}

/** Imports no cell uses: dead dependencies that still have to be installed. */
export default defineRule<Record<string, never>, 'unused'>({
  meta: {
    code: 'NB205',
    id: 'unused-import',
    category: 'code-quality',
    description: 'An import binds a name that no cell of the notebook reads.',
    defaultSeverity: 'warning',
    recommended: true,
    fixable: true,
    fixLabels: ['Remove the import of {{name}}'],
    messages: {
      unused:
        '"{{name}}" is imported but no cell uses it; remove the import (or import it where it is needed).'
    }
  },
  create(context) {
    return {
      notebookExit() {
        // a library's imports become globals of the notebook that `%run`s it: read there, unseen
        // here (a set-up notebook's imports serve its own work, and are checked); its name or
        // folder and its cells both say so
        if (
          helperNotebookKind(context.notebook.path) === 'library' &&
          readsAsLibrary(context.cells)
        ) {
          return;
        }
        // only reads of imported names matter: collect those names first (no imports, no finding)
        const imported = new Set<string>();
        for (const lc of context.cells) {
          for (const imp of lc.analysis?.scope?.imports ?? []) {
            imported.add(imp.bound);
          }
        }
        if (imported.size === 0) {
          return;
        }
        /** the imported names some cell reads */
        const read = new Set<string>();
        for (const lc of context.cells) {
          const scope = lc.analysis?.scope;
          // a cell that does not parse is read below, as text, only for the names left unread;
          // but one with a blank (`tokenizer = <FILL_IN>`, `lr = `) holds code not written yet:
          // the student's answer may read any import
          if (leavesAnswerUnwritten(lc)) {
            return;
          }
          if (!scope) {
            continue;
          }
          // a star import reads nothing: explicit imports stay checkable around it
          if (scope.usesExecEval) {
            return;
          }
          // every ref but a binding (scope.reads lists the names of the 'read' refs: nothing more)
          for (const r of scope.refs) {
            if (r.access !== 'bind' && imported.has(r.name)) read.add(r.name);
          }
          for (const m of lc.analysis?.parsed.masked.magics ?? []) {
            // `!pip install pandas` names a package, not the imported name
            if (INSTALLS.test(`${m.name} ${m.args}`)) {
              continue;
            }
            // `!echo {np.pi}`, `%timeit f(x)`: names in magic arguments
            for (const word of m.args.match(/[A-Za-z_]\w*/g) ?? []) {
              if (imported.has(word)) read.add(word);
            }
          }
          if (read.size === imported.size) {
            return; // every import is read: nothing to report, whatever later cells hold
          }
        }
        const accessorUsed = accessorUse(context.cells);
        for (const lc of context.cells) {
          for (const imp of lc.analysis?.scope?.imports ?? []) {
            if (
              // `import hvplot.pandas` for `df.hvplot(...)`: imported for its side effect
              (!imp.name && accessorUsed(imp.module)) ||
              imp.isFuture ||
              read.has(imp.bound) ||
              imp.bound === '_' ||
              imp.name === '*'
            ) {
              continue;
            }
            // the name's own place: in `from m import (\n    a,\n    b,\n)` it is not on imp.line
            const bound = lc.analysis?.scope?.refs.find(
              r =>
                r.access === 'bind' &&
                r.name === imp.bound &&
                !r.inFunction &&
                r.line >= imp.line
            );
            const from = lc.offsetAt({
              line: bound?.line ?? imp.line,
              column: bound?.column ?? 0
            });
            if (imp.conditional && isAvailabilityCheck(lc, from, imp.module)) {
              continue;
            }
            // a Python cell that does not parse may read the name: unknown only where its text
            // holds the name as a word outside its comments (`print np.pi` under Python 3, not
            // `# re-run`); the others are checked
            if (unparsedCellsWords(context).has(imp.bound)) {
              continue;
            }
            // a conditional import (`try: import x`) may be there for its side effect or fallback
            const edit = imp.conditional
              ? null
              : removeImportedName(lc, from, imp.bound);
            context.report({
              messageId: 'unused',
              data: { name: imp.bound },
              cell: lc.cell,
              from,
              to: from + imp.bound.length,
              fix: edit
                ? {
                    description: `Remove the import of ${imp.bound}`,
                    edits: [edit]
                  }
                : undefined
            });
          }
        }
      }
    };
  }
});
