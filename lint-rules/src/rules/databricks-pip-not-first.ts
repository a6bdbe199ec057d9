import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import { BUILTINS } from '../python';
import { findPipInstalls, moduleNamesOfRequirement } from './support/pip';
import { commentsOf, saysUnnegated, someNode } from './support/syntax';

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

const RESTART_WORDS = /\brestart(ing)? (the |your )?(kernel|runtime|python)\b/i;
/** callees that restart the kernel: `...kernel.do_shutdown(True)`, `dbutils.library.restartPython()`, `os._exit(0)` */
const RESTART_CALLEE = /(^|\.)(do_shutdown|restartPython)$|^os\._exit$/;

/** a call in the cell's code (not in a comment or a string) that restarts the kernel */
function callsRestart(lc: LintCell): boolean {
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
 * The notebook restarts the kernel right after the install, or tells the reader to: a comment in
 * the install cell, the next cell (Markdown "**Restart the kernel by using Kernel > Restart
 * kernel**", or code that shuts the kernel down). The imported version is then reloaded: the
 * problem importedAbove names is handled. Negated words ("no need to restart the kernel") and a
 * call inside a comment or a string restart nothing.
 */
function restartFollows(lc: LintCell, cells: readonly LintCell[]): boolean {
  if (commentsOf(lc).some(c => saysUnnegated(c, RESTART_WORDS))) {
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

/** the Databricks globals whose state lives outside Python (the JVM, the workspace) */
const OUTSIDE_PYTHON = new Set(['dbutils', 'spark', 'display', 'displayHTML']);

/** built-ins that change, or run, what the cell does not see */
const CHANGES_STATE = new Set([
  'setattr',
  'delattr',
  'exec',
  'eval',
  'globals',
  'locals',
  'vars',
  '__import__',
  'get_ipython'
]);

/** `a.b[c].d(...)` -> the node of `a` (the root a member chain starts from) */
function rootOf(node: SyntaxNode | null): SyntaxNode | null {
  let n = node;
  while (n && (n.name === 'MemberExpression' || n.name === 'CallExpression')) {
    n = n.firstChild;
  }
  return n;
}

/**
 * A cell that only checks a precondition (customer-er's "Verify Zingg JAR Installed": look for a
 * file with `dbutils.fs.ls`, print, raise if it is missing): it raises or asserts, imports nothing, calls only
 * Python's built-ins, Databricks' globals (whose state is not Python's) and what it binds itself,
 * changes nothing it did not bind, and no later cell reads what it binds. Python's reset at the
 * `%pip` loses nothing of it.
 */
function onlyChecksPrecondition(
  lc: LintCell,
  cells: readonly LintCell[]
): boolean {
  const scope = lc.analysis?.scope;
  const tree = lc.analysis?.parsed.tree;
  if (!scope || !tree || scope.imports.length || scope.usesExecEval) {
    return false;
  }
  const own = new Set(scope.bound);
  const allowed = (root: SyntaxNode | null) => {
    const name = root?.name === 'VariableName' ? lc.textOf(root) : null;
    return (
      name !== null &&
      !CHANGES_STATE.has(name) &&
      (BUILTINS.has(name) || OUTSIDE_PYTHON.has(name) || own.has(name))
    );
  };
  // set inside the walk's callback (so not `let`s the compiler would narrow)
  const seen = { ok: true, checks: false };
  tree.iterate({
    enter(n) {
      if (!seen.ok) return false;
      if (n.name === 'RaiseStatement' || n.name === 'AssertStatement') {
        seen.checks = true;
      }
      if (
        n.name === 'FunctionDefinition' ||
        n.name === 'ClassDefinition' ||
        n.name === 'Decorator' ||
        n.name === 'DeleteStatement' ||
        n.name === 'GlobalStatement'
      ) {
        seen.ok = false;
      } else if (n.name === 'CallExpression') {
        seen.ok = allowed(rootOf(n.node.firstChild));
      } else if (
        (n.name === 'AssignStatement' || n.name === 'UpdateStatement') &&
        n.node.firstChild?.name === 'MemberExpression'
      ) {
        // `os.environ["X"] = ...`, `cfg.x = ...`: a change to what the cell did not bind
        const root = rootOf(n.node.firstChild);
        seen.ok = root?.name === 'VariableName' && own.has(lc.textOf(root));
      }
      return undefined;
    }
  });
  if (!seen.ok || !seen.checks) {
    return false;
  }
  return !cells
    .slice(lc.cell.index + 1)
    .some(c =>
      c.analysis?.scope?.refs.some(r => r.access !== 'bind' && own.has(r.name))
    );
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
    recommended: false,
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
        } else if (
          !databricks &&
          !(installs.length && restartFollows(lc, context.cells))
        ) {
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
          !(
            databricks &&
            (onlyDeclaresWidgets(lc) ||
              onlyChecksPrecondition(lc, context.cells))
          )
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
