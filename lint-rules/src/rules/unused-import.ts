import { defineRule } from '../engine/types';
import { removeImportedName } from './support/edits';

/** `%pip install`, `!pip install`, `%conda install`...: arguments are package names */
const INSTALLS =
  /^(?:!+\s*)?(?:pip3?|conda|mamba|micromamba|uv(?:\s+pip)?|python3?\s+-m\s+pip)\s+(?:install|uninstall|download)\b|^!+\s*(?:pip3?|conda|mamba|uv)\s/;

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
          if (
            lc.cell.kind === 'code' &&
            !lc.isPython &&
            lc.cell.language === 'python' &&
            lc.cell.source.trim()
          ) {
            return; // a cell we cannot parse may use anything
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
        for (const lc of context.cells) {
          for (const imp of lc.analysis?.scope?.imports ?? []) {
            if (
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
