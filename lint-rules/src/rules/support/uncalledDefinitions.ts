/**
 * The functions and classes a notebook defines and never uses itself: the library half of a
 * helper notebook that other notebooks `%run` (Databricks `%run ./shared_utilities`, Synapse
 * `%run /OEA_py`), whose function and method bodies may read globals the caller defines
 * (`UC_CATALOG`, `config`, `oea`). Python looks up a function's free names when the function
 * runs, not when `def` runs (the Python reference, 4.2.2 "Resolution of names"), so a body the
 * notebook never runs raises no NameError when the notebook runs alone.
 *
 * A definition is used when its name is read anywhere outside the bodies of unused definitions:
 * at top level (a call, `df.apply(f)`, `oea = OEA()`, a comprehension or lambda that runs now),
 * or inside the body of a used definition (the fixed point). A decorated definition counts as
 * used: a decorator may register or call it (`@dlt.table`, `@app.route`). Only a `def` or
 * `class` statement at a cell's top level is a definition here (one under `if`/`try` is not), and
 * only the body of a function or of a class's method is deferred: a class body, default
 * arguments, annotations and decorators run when the statement runs.
 *
 * A read there that looks like a typo of a name the function binds or the notebook binds
 * (`pd.read_csv(pth)` in `def load(path)`: typoOf) is no caller's global: NB104 still reports it.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell, RuleContext } from '../../engine/types';
import { typoOf } from './typos';

/** a deferred body of a top-level definition: its offsets in a cell, and the definition's name */
interface DeferredBody {
  name: string;
  from: number;
  to: number;
  /** the function (or method) whose body it is: its parameters and local names */
  def: SyntaxNode;
  text: string;
}

export interface UncalledDefinitions {
  /**
   * Whether the read at `offset` of cell `cell` is inside the body of a definition the notebook
   * never uses (so it never runs when the notebook runs alone).
   */
  inUncalledBody(cell: number, offset: number): boolean;
  /**
   * The name, bound by the function around the read at `offset` or by the notebook, that `name`
   * looks like a typo of (`pth` in `def load(path)`), or undefined.
   */
  typoOfBinding(cell: number, offset: number, name: string): string | undefined;
}

/**
 * The names a function binds, read from its syntax: its parameters, and in its body the targets
 * of assignments (`x = `, `y, z = `, `w += `), of `for` and of `as`.
 */
function functionBindings(def: SyntaxNode, text: string): Set<string> {
  const out = new Set<string>();
  const cursor = def.cursor();
  do {
    if (cursor.name !== 'VariableName') continue;
    const node = cursor.node;
    const parent = node.parent?.name;
    const prev = node.prevSibling?.name;
    let binds = false;
    if (parent === 'ParamList') binds = prev !== 'AssignOp';
    else if (parent === 'AssignStatement' || parent === 'UpdateStatement') {
      for (let n = node.nextSibling; n && !binds; n = n.nextSibling)
        binds = n.name === 'AssignOp' || n.name === 'UpdateOp';
    } else if (parent === 'ForStatement')
      binds = node.nextSibling?.name === 'in';
    else binds = prev === 'as';
    if (binds) out.add(text.slice(node.from, node.to));
  } while (cursor.next() && cursor.from < def.to);
  return out;
}

function nameOf(def: SyntaxNode, text: string): string | null {
  const name = def.getChild('VariableName');
  return name ? text.slice(name.from, name.to) : null;
}

/** the Body of the methods of a class (decorated ones too) */
function methodBodies(classBody: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = classBody.firstChild; c; c = c.nextSibling) {
    const def =
      c.name === 'DecoratedStatement'
        ? c.getChild('FunctionDefinition')
        : c.name === 'FunctionDefinition'
          ? c
          : null;
    const body = def?.getChild('Body');
    if (body) out.push(body);
  }
  return out;
}

/** The top-level definitions of a cell and their deferred bodies; decorated ones are `used`. */
function cellDefinitions(
  lc: LintCell,
  bodies: DeferredBody[],
  used: Set<string>
): void {
  const tree = lc.analysis?.scope ? lc.analysis.parsed.tree : null;
  if (!tree) return;
  const text = lc.text;
  for (let top = tree.topNode.firstChild; top; top = top.nextSibling) {
    const decorated = top.name === 'DecoratedStatement';
    const def = decorated
      ? (top.getChild('FunctionDefinition') ?? top.getChild('ClassDefinition'))
      : top;
    if (
      !def ||
      (def.name !== 'FunctionDefinition' && def.name !== 'ClassDefinition')
    )
      continue;
    const name = nameOf(def, text);
    const body = def.getChild('Body');
    if (!name || !body) continue;
    if (decorated) used.add(name);
    const deferred =
      def.name === 'FunctionDefinition' ? [body] : methodBodies(body);
    for (const b of deferred)
      bodies.push({ name, from: b.from, to: b.to, def: b.parent ?? def, text });
  }
}

const cache = new WeakMap<object, UncalledDefinitions>();

/** The notebook's unused definitions, computed once per notebook (on the first question). */
export function uncalledDefinitions(context: RuleContext): UncalledDefinitions {
  const known = cache.get(context.analysis);
  if (known) return known;
  const bodiesByCell = new Map<number, DeferredBody[]>();
  const used = new Set<string>();
  const defined = new Set<string>();
  for (const lc of context.cells) {
    if (!lc.isPython) continue;
    const bodies: DeferredBody[] = [];
    cellDefinitions(lc, bodies, used);
    if (bodies.length === 0) continue;
    bodiesByCell.set(lc.cell.index, bodies);
    bodies.forEach(b => defined.add(b.name));
  }
  const enclosingBody = (cell: number, offset: number) =>
    bodiesByCell.get(cell)?.find(b => offset >= b.from && offset < b.to);
  const enclosing = (cell: number, offset: number): string | null =>
    enclosingBody(cell, offset)?.name ?? null;
  // reads of a defined name: at top level (used now) or from inside another definition's body
  const readsFrom = new Map<string, Set<string>>();
  if (defined.size > 0) {
    for (const lc of context.cells) {
      const refs = lc.isPython ? lc.analysis?.scope?.refs : undefined;
      for (const r of refs ?? []) {
        if (r.access === 'bind' || !defined.has(r.name)) continue;
        const from = enclosing(
          lc.cell.index,
          lc.offsetAt({ line: r.line, column: r.column })
        );
        if (from === null) used.add(r.name);
        else if (from !== r.name) {
          const set = readsFrom.get(from) ?? new Set<string>();
          set.add(r.name);
          readsFrom.set(from, set);
        }
      }
    }
  }
  // what a used definition's body reads is used too
  const queue = [...used];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const n of readsFrom.get(next) ?? []) {
      if (!used.has(n)) {
        used.add(n);
        queue.push(n);
      }
    }
  }
  let notebookBindings: Set<string> | undefined;
  const result: UncalledDefinitions = {
    inUncalledBody(cell, offset) {
      const name = enclosing(cell, offset);
      return name !== null && !used.has(name);
    },
    typoOfBinding(cell, offset, name) {
      const body = enclosingBody(cell, offset);
      notebookBindings ??= new Set(
        context.analysis.dataflow.cells.flatMap(d => d.defines)
      );
      return (
        (body && typoOf(name, functionBindings(body.def, body.text))) ??
        typoOf(name, notebookBindings)
      );
    }
  };
  cache.set(context.analysis, result);
  return result;
}
