import { defineRule, LintCell } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import { findPipInstalls, moduleNamesOfRequirement } from './support/pip';

/**
 * A cell that only declares widgets (`dbutils.widgets.text("catalog", "")`): widgets live in the
 * notebook, not in Python, and survive the restart, so a job's parameter cell may come first.
 */
function onlyDeclaresWidgets(lc: LintCell): boolean {
  const top = lc.analysis?.parsed.tree?.topNode;
  let statements = 0;
  for (let s = top?.firstChild ?? null; s; s = s.nextSibling) {
    if (s.name === 'Comment') {
      continue;
    }
    const call = s.name === 'ExpressionStatement' ? s.firstChild : null;
    if (
      call?.name !== 'CallExpression' ||
      !/^dbutils\.widgets\.\w+$/.test(lc.textOf(call.firstChild ?? call))
    ) {
      return false;
    }
    statements++;
  }
  return statements > 0;
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
 * On Databricks (12.2 LTS and below) `%pip` resets the notebook's Python state, so it belongs at
 * the top. Everywhere (Jupyter, Databricks 13+) a package that a cell above already imported
 * keeps its old version until the kernel restarts.
 */
export default defineRule<Record<string, never>, 'notFirst' | 'importedAbove'>({
  meta: {
    code: 'NB603',
    id: 'databricks-pip-not-first',
    category: 'databricks',
    description:
      '%pip install runs after cells that already did work (Databricks) or after a cell imported the package it installs.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      notFirst:
        '%pip install after cell {{workCell}} did work: Databricks Runtime 12.2 and below reset Python state here (13+ needs dbutils.library.restartPython() to load upgrades). Put %pip cells at the top.',
      importedAbove:
        '%pip install {{package}} after cell {{cell}} imported it: the kernel keeps the version it already imported until it restarts. Put %pip cells at the top.'
    }
  },
  create(context) {
    const databricks = notebookRuntime(context.notebook) === 'databricks';
    let firstWork: number | null = null;
    /** module -> the first cell that imported it */
    const imported = new Map<string, number>();
    /** cells above whose imports are not in `imported` yet: merged when a %pip needs them */
    const pending: LintCell[] = [];
    const importedAbove = (requirement: string): number | undefined => {
      for (const lc of pending) {
        for (const imp of lc.analysis?.scope?.imports ?? []) {
          if (!imported.has(imp.module) && !imp.module.startsWith('.')) {
            imported.set(imp.module, lc.cell.index);
          }
        }
      }
      pending.length = 0;
      for (const name of moduleNamesOfRequirement(requirement)) {
        for (const [module, cell] of imported) {
          if (module === name || module.startsWith(`${name}.`)) {
            return cell;
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
        if (
          installs.length &&
          databricks &&
          firstWork !== null &&
          !expandsVariableFromAbove(lc, installs[0].formFrom, context.cells)
        ) {
          const i = installs[0];
          context.report({
            messageId: 'notFirst',
            data: { workCell: firstWork + 1 },
            cell: lc.cell,
            from: i.formFrom,
            to: i.formTo
          });
        } else if (!databricks) {
          for (const install of installs) {
            const hit = install.packages
              .map(p => ({ p, cell: importedAbove(p.text) }))
              .find(h => h.cell !== undefined);
            if (hit?.cell !== undefined) {
              const pkg = hit.p;
              context.report({
                messageId: 'importedAbove',
                data: {
                  package: pkg.text,
                  cell: hit.cell + 1
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
        if (
          firstWork === null &&
          scope.refs.length > 0 &&
          !(databricks && onlyDeclaresWidgets(lc))
        ) {
          firstWork = lc.cell.index;
        }
        if (scope.imports.length) {
          pending.push(lc);
        }
      }
    };
  }
});
