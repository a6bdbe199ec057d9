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
import { helperNotebookKind } from './helperNotebook';
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

/**
 * Functions no cell references (NB104, issue #15 rounds 21 and 22): a sketch (`def
 * model_sketch(...)` above the real model) or a helper copied from another notebook and never
 * called (`make_lag`). Python looks a body's free names up only when it runs, so a read in such a
 * body is no NameError a fresh kernel raises.
 *
 * Referenced is any mention outside the definition itself, in any code cell's source as written:
 * a call, a value passed (`SVI(model, guide, ...)`), a line of another cell, a string
 * (`globals()["f"]`), a comment, a magic line (`%run x.py make_lag`). The enclosing function is
 * the outermost: a `def` at a cell's top level, or a method of a class at a cell's top level,
 * which is referenced when its class or its own name is. A decorated function or method counts
 * as referenced (a decorator may register it); a top-level `lambda` too (it is bound or passed
 * where it stands). Not in a helper notebook a `%run` brings in: named as one
 * (helperNotebookKind), or shaped as one, a notebook whose code outside its definitions uses none
 * of them (round 6's endpoint_sdk.py: one client class the notebook that `%run`s it calls).
 */
export interface UnreferencedFunctions {
  /**
   * Whether the read at `offset` of cell `cell` is in the body of a function or method no cell
   * references, other than a top-level function that never reads one of its parameters (the
   * unknown name is likely that parameter misnamed: siamese-1's `euclidean_distance(x_1, x_2)`
   * reading `x - y`, `def load(path)` reading `pth`). A typo of a local is not looked for: that
   * is one comparison per binding for each read, and the body never runs either way.
   */
  inUnreferencedBody(cell: number, offset: number): boolean;
}

/** a definition's statement, whose own mentions of its name are no reference */
interface Owner {
  name: string;
  from: number;
  to: number;
  text: string;
  /** at the cell's top level (not a method) */
  top: boolean;
}

/** a function or method body whose enclosing statement may be unreferenced */
interface CandidateBody {
  from: number;
  to: number;
  /** the names any mention of which references it: the function's, or the class's and method's */
  names: string[];
  /** a top-level function whose body never mentions one of its parameters */
  unreadParameter: boolean;
}

/** Python identifiers (PEP 3131's classes, near enough for counting mentions) */
const WORD = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu;

/** how often each of `names` occurs as a whole word in `text` (added to `counts`) */
function countWords(
  text: string,
  names: ReadonlySet<string>,
  counts: Map<string, number>,
  only?: string
): void {
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    if (only !== undefined ? w === only : names.has(w))
      counts.set(w, (counts.get(w) ?? 0) + 1);
  }
}

/** the parameter names of a function (not `self`, `cls` or `_`-prefixed ones) */
function parameterNames(def: SyntaxNode, text: string): string[] {
  const params = def.getChild('ParamList');
  const out: string[] = [];
  for (let c = params?.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'VariableName' || c.prevSibling?.name === 'AssignOp')
      continue;
    const n = text.slice(c.from, c.to);
    if (n !== 'self' && n !== 'cls' && !n.startsWith('_')) out.push(n);
  }
  return out;
}

function hasUnreadParameter(def: SyntaxNode, body: SyntaxNode, text: string) {
  const params = parameterNames(def, text);
  if (params.length === 0) return false;
  const seen = new Set<string>();
  for (const m of text.slice(body.from, body.to).matchAll(WORD)) seen.add(m[0]);
  return params.some(p => !seen.has(p));
}

/**
 * The candidate bodies of a cell, the statements whose own text does not count as a mention of
 * their names (`owners`: the name and the statement's span), and the top-level definitions that
 * count as referenced whatever the notebook says (decorated ones).
 */
function cellCandidates(
  lc: LintCell,
  bodies: CandidateBody[],
  owners: Owner[],
  decorated: Set<string>
): void {
  const tree = lc.analysis?.scope ? lc.analysis.parsed.tree : null;
  if (!tree) return;
  const text = lc.text;
  for (let top = tree.topNode.firstChild; top; top = top.nextSibling) {
    if (top.name === 'DecoratedStatement') {
      const d =
        top.getChild('FunctionDefinition') ?? top.getChild('ClassDefinition');
      const name = d && nameOf(d, text);
      if (name) decorated.add(name);
      continue;
    }
    if (top.name !== 'FunctionDefinition' && top.name !== 'ClassDefinition')
      continue;
    const name = nameOf(top, text);
    const body = top.getChild('Body');
    if (!name || !body) continue;
    owners.push({ name, from: top.from, to: top.to, text, top: true });
    if (top.name === 'FunctionDefinition') {
      bodies.push({
        from: body.from,
        to: body.to,
        names: [name],
        unreadParameter: hasUnreadParameter(top, body, text)
      });
      continue;
    }
    // a method: undecorated only; referenced through its class or its own name
    for (let c = body.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'FunctionDefinition') continue;
      const method = nameOf(c, text);
      const mBody = c.getChild('Body');
      if (!method || !mBody) continue;
      owners.push({ name: method, from: c.from, to: c.to, text, top: false });
      bodies.push({
        from: mBody.from,
        to: mBody.to,
        names: [name, method],
        unreadParameter: false
      });
    }
  }
}

const unreferencedCache = new WeakMap<object, UnreferencedFunctions>();

const NONE: UnreferencedFunctions = { inUnreferencedBody: () => false };

/** The notebook's unreferenced functions, computed once per notebook (on the first question). */
export function unreferencedFunctions(
  context: RuleContext
): UnreferencedFunctions {
  const known = unreferencedCache.get(context.analysis);
  if (known) return known;
  const result = findUnreferenced(context);
  unreferencedCache.set(context.analysis, result);
  return result;
}

function findUnreferenced(context: RuleContext): UnreferencedFunctions {
  if (helperNotebookKind(context.notebook.path) !== null) return NONE;
  const bodiesByCell = new Map<number, CandidateBody[]>();
  const owners: Owner[] = [];
  const decorated = new Set<string>();
  for (const lc of context.cells) {
    if (!lc.isPython) continue;
    const bodies: CandidateBody[] = [];
    cellCandidates(lc, bodies, owners, decorated);
    if (bodies.length > 0) bodiesByCell.set(lc.cell.index, bodies);
  }
  if (bodiesByCell.size === 0) return NONE;
  // one pass over every code cell as written, then one over each definition's own text
  const names = new Set(owners.map(o => o.name));
  const all = new Map<string, number>();
  for (const cell of context.notebook.cells) {
    if (cell.kind === 'code') countWords(cell.source, names, all);
  }
  const own = new Map<string, number>();
  for (const o of owners)
    countWords(o.text.slice(o.from, o.to), names, own, o.name);
  const referenced = (n: string) =>
    decorated.has(n) || (all.get(n) ?? 0) > (own.get(n) ?? 0);
  // a notebook whose code outside its definitions uses none of them is a library for another
  // one (its functions may call each other: create-update-serving-endpoint's create_endpoint
  // calls wait_for_endpoint, and the notebook that `%run`s it calls both)
  const inDefinitions = new Map<string, number>();
  for (const o of owners)
    if (o.top) countWords(o.text.slice(o.from, o.to), names, inDefinitions);
  if (
    decorated.size === 0 &&
    ![...names].some(n => (all.get(n) ?? 0) > (inDefinitions.get(n) ?? 0))
  )
    return NONE;
  return {
    inUnreferencedBody(cell, offset) {
      const bodies = bodiesByCell.get(cell);
      if (!bodies) return false;
      // the bodies are disjoint and in source order: a binary search
      let lo = 0;
      let hi = bodies.length - 1;
      let body: CandidateBody | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const b = bodies[mid];
        if (offset < b.from) hi = mid - 1;
        else if (offset >= b.to) lo = mid + 1;
        else {
          body = b;
          break;
        }
      }
      return (
        body !== undefined &&
        !body.unreadParameter &&
        !body.names.some(referenced)
      );
    }
  };
}
