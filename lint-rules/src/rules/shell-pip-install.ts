import { defineRule, type RuleContext } from '../engine/types';
import { markedForColab, writtenForColab } from './support/colab';
import { lineGuards } from './support/guardedLines';
import {
  findPipInstalls,
  moduleNamesOfRequirement,
  requirementName,
  type PipInstall
} from './support/pip';

/** `import a.b, c` / `from a.b import c` at a line's start: the modules a cell's code imports */
const IMPORT_LINE =
  /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+))/gm;
/** a shell command that installs (pip, conda, uv, `python -m pip`) rather than runs a tool */
const INSTALLER =
  /^\s*(?:sudo\s+)?(?:pip3?|conda|mamba|micromamba|uv|python[\d.]*)\b/;

/** a dynamic import: the module's name is a value, so any package may be imported */
const DYNAMIC_IMPORT = /\bimportlib\b|\b__import__\s*\(/;

/**
 * The notebook's imported modules (every dotted prefix: `a.b.c` gives `a`, `a.b`, `a.b.c`): the
 * analysis's imports of each cell (`x = 1; import mlflow` too), and the import lines of every
 * Python code cell (a function's own imports, a cell that does not parse). 'any' when a cell
 * imports by name at run time (`importlib.import_module('black')`, `__import__('mlflow')`).
 */
function importedModules(context: RuleContext): Set<string> | 'any' {
  const out = new Set<string>();
  const add = (module: string) => {
    const parts = module.trim().split(/\s+/)[0].split('.');
    for (let i = 1; i <= parts.length; i++)
      out.add(parts.slice(0, i).join('.').toLowerCase());
  };
  for (const lc of context.cells) {
    const cell = lc.cell;
    if (cell.kind !== 'code' || cell.language !== 'python') continue;
    if (!cell.source.includes('import')) continue;
    if (DYNAMIC_IMPORT.test(cell.source)) return 'any';
    for (const i of lc.analysis?.scope?.imports ?? []) add(i.module);
    for (const m of cell.source.matchAll(IMPORT_LINE))
      for (const module of ((m[1] as string | undefined) ?? m[2]).split(','))
        add(module);
  }
  return out;
}

/**
 * The cell's `!pip install`s that install command-line tools: none of the cell's `!pip` packages
 * is imported by any cell, and one of them names a shell command (no installer) that runs at or
 * after the cell (`!pip install nose` for `!nosetests tests/`, `pelican` and `markdown` for
 * `!pelican-quickstart`, `ghp-import` for `!ghp-import output`). The shell's pip puts them where
 * the `!` commands find them; `%pip` would install into the kernel's environment, from which the
 * notebook uses nothing of them.
 */
function installsShellTools(
  installs: readonly PipInstall[],
  cellIndex: number,
  imported: () => Set<string> | 'any',
  commands: () => Map<string, number>
): boolean {
  const packages = installs
    .filter(i => /^!pip3?$/.test(i.form))
    .flatMap(i => (i.usesFile ? [''] : i.packages.map(p => p.text)));
  if (packages.length === 0) return false;
  const modules = imported();
  if (modules === 'any') return false;
  for (const p of packages) {
    const names = moduleNamesOfRequirement(p);
    // a name pip cannot tell (a file, a URL, a path) may be anything the notebook imports
    if (names.length === 0 || names.some(n => modules.has(n.toLowerCase())))
      return false;
  }
  const lastRun = commands();
  return packages.some(
    p =>
      (lastRun.get(requirementName(p).replace(/[_.]/g, '-')) ?? -1) >= cellIndex
  );
}

/**
 * The shell commands the notebook runs (`!pelican-quickstart`, `x = !ghp-import out`; installers
 * left out), read once: each prefix of a command's word up to 80 characters, and the whole word
 * (its path dropped, lower case, `_` and `.` as `-`), with the last cell that runs one starting so. installsShellTools asks it per install
 * cell in constant time (a scan of every later cell per install cell was quadratic).
 */
function lastShellCommands(context: RuleContext): Map<string, number> {
  const out = new Map<string, number>();
  for (const [index, analysis] of context.analysis.perCell) {
    for (const m of analysis.parsed.masked.magics) {
      if (m.kind !== 'shell' && m.kind !== 'assign-shell') continue;
      if (INSTALLER.test(m.args)) continue;
      const command = (/^\s*(\S+)/.exec(m.args)?.[1] ?? '')
        .replace(/^.*\//, '')
        .toLowerCase()
        .replace(/[_.]/g, '-');
      // prefixes as long as a project's name (capped: a long word costs no quadratic memory)
      const prefixes = [command];
      for (let n = 1; n < Math.min(command.length, 80); n++)
        prefixes.push(command.slice(0, n));
      for (const prefix of prefixes)
        out.set(prefix, Math.max(out.get(prefix) ?? -1, index));
    }
  }
  return out;
}

/** `!pip install` runs the shell's pip, which may belong to another Python than the kernel's. */
export default defineRule<Record<string, never>, 'shellPip' | 'shellPipColab'>({
  meta: {
    code: 'NB111',
    id: 'shell-pip-install',
    category: 'reproducibility',
    description:
      "`!pip install` may install into another environment than the kernel's; use `%pip install`.",
    defaultSeverity: 'warning',
    recommended: true,
    fixable: true,
    fixLabels: ['Replace with %pip'],
    messages: {
      shellPip:
        '"{{form}} install" may install into a different Python than the kernel\'s; use "%pip install".',
      // round 24: deepchem's Colab set-up cells, right on Colab, wrong on a local Jupyter
      shellPipColab:
        '"{{form}} install" installs into the kernel\'s Python on Colab, but on a local Jupyter it may install into another; "%pip install" is right on both.'
    }
  },
  create(context) {
    let modules: Set<string> | 'any' | undefined;
    const imported = () => (modules ??= importedModules(context));
    let shellCommands: Map<string, number> | undefined;
    const commands = () => (shellCommands ??= lastShellCommands(context));
    let forColab: boolean | undefined;
    const colab = (index: number) =>
      (forColab ??= writtenForColab(context.notebook, context.cells)) ||
      markedForColab(context.cells, index);
    return {
      cell(lc) {
        // in a %%bash/%sh cell `pip` is the shell's on purpose, and `%pip` would not run there
        if (
          lc.cell.language !== 'python' ||
          lc.analysis?.parsed.masked.cellLanguage
        ) {
          return;
        }
        const installs = findPipInstalls(lc);
        if (
          installs.length === 0 ||
          installsShellTools(installs, lc.cell.index, imported, commands)
        ) {
          return;
        }
        // a `!pip` under `if IN_COLAB:` runs only where it is the kernel's pip, and one under a
        // guard that is off (`if False:`, `ONCE_ONLY = False`) never runs (support/guardedLines)
        let guards: ReturnType<typeof lineGuards> | undefined;
        for (const install of installs) {
          // a bare `pip install` is IPython's automagic for %pip: the kernel's own environment
          if (!/^!pip3?$/.test(install.form)) {
            continue;
          }
          guards ??= lineGuards(lc, context.cells);
          if (guards[lc.positionAt(install.formFrom).line]) {
            continue;
          }
          context.report({
            messageId: colab(lc.cell.index) ? 'shellPipColab' : 'shellPip',
            data: { form: install.form },
            cell: lc.cell,
            from: install.formFrom,
            to: install.formTo,
            fix: {
              description: 'Replace with %pip',
              edits: [
                {
                  cell: lc.cell.index,
                  from: install.formFrom,
                  to: install.formTo,
                  text: '%pip'
                }
              ]
            }
          });
        }
      }
    };
  }
});
