/**
 * Small readers over @lezer/python nodes that several rules share (no scope logic here): dotted
 * names, callees and their arguments, string values, where a node sits (a `with` item, a loop, a
 * function). The helpers rules long imported from here with them are re-exported from the
 * modules that own them: import aliases (importAliases.ts), per-notebook memos and gate words
 * (notebookGates.ts), comments and docstrings (prose.ts), cells that do not parse
 * (unparsedCells.ts).
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';

export { importAliases, qualify } from './importAliases';
export {
  mentionsMlflow,
  notebookMentions,
  once,
  perCell,
  wordsInWalkedCells
} from './notebookGates';
export {
  commentSpans,
  commentsOf,
  inProse,
  inStringLiteral,
  saysUnnegated
} from './prose';
export {
  isUnparsedPythonCell,
  unparsedCellsMention,
  unparsedCellsWords
} from './unparsedCells';

/**
 * A member chain written plainly (`np.random.rand`: ASCII names and dots, no space, comment or
 * line break): the grammar can only have read it as names joined by `.`, so its text is its
 * dotted name, unless it starts at a literal (`None.x`), which dottedName refuses.
 */
const PLAIN_CHAIN = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
const LITERAL_HEAD = /^(?:None|True|False)\./;

/** `a.b.c` for a VariableName/MemberExpression chain, null for anything else (calls, subscripts). */
export function dottedName(
  node: SyntaxNode | null,
  cell: LintCell
): string | null {
  if (!node) {
    return null;
  }
  if (node.name === 'VariableName') {
    return cell.textOf(node);
  }
  if (node.name === 'MemberExpression') {
    // most chains: one slice and one test instead of a node and a string per link
    const text = cell.textOf(node);
    if (PLAIN_CHAIN.test(text)) {
      return LITERAL_HEAD.test(text) ? null : text;
    }
    const object = node.firstChild;
    const prop = node.lastChild;
    if (!object || prop?.name !== 'PropertyName') {
      return null;
    }
    const base = dottedName(object, cell);
    return base === null ? null : `${base}.${cell.textOf(prop)}`;
  }
  return null;
}

/** `<receiver>.<method>(...)` of a call: the receiver node and the method's name, or null */
export function methodCall(
  call: SyntaxNode,
  cell: LintCell
): { receiver: SyntaxNode; method: string } | null {
  const callee = call.firstChild;
  const receiver = callee?.firstChild;
  const prop = callee?.lastChild;
  if (
    callee?.name !== 'MemberExpression' ||
    !receiver ||
    prop?.name !== 'PropertyName'
  ) {
    return null;
  }
  return { receiver, method: cell.textOf(prop) };
}

/**
 * The last callee computed. The engine hands one node object to every rule that subscribes to
 * CallExpression, one rule after the other, so a one-entry memo serves them all without a
 * WeakMap entry per call node.
 */
let memoCall: SyntaxNode | null = null;
let memoCell: LintCell | null = null;
let memoName: string | null = null;

/** The dotted callee of a CallExpression (`mlflow.start_run`), or null. */
export function calleeName(call: SyntaxNode, cell: LintCell): string | null {
  if (call !== memoCall || cell !== memoCell) {
    memoName = dottedName(call.firstChild, cell);
    memoCall = call;
    memoCell = cell;
  }
  return memoName;
}

/**
 * The ArgList of a CallExpression, or null: the grammar puts it last (`expression ArgList`), so
 * it is read from the end instead of with `getChild`, which builds a node for every child.
 */
export function argListOf(call: SyntaxNode): SyntaxNode | null {
  const last = call.lastChild;
  return last?.name === 'ArgList' ? last : null;
}

export interface CallArgs {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** `**kwargs` or `*args` present: arguments cannot be known */
  hasSplat: boolean;
}

/** `node`, or the first sibling after it that is no comment (comments are children like any other). */
export function skipComments(node: SyntaxNode | null): SyntaxNode | null {
  let at = node;
  while (at?.name === 'Comment') {
    at = at.nextSibling;
  }
  return at;
}

export function callArgs(call: SyntaxNode, cell: LintCell): CallArgs {
  const out: CallArgs = {
    positional: [],
    keywords: new Map(),
    hasSplat: false
  };
  const list = argListOf(call);
  if (!list) {
    return out;
  }
  // comments inside the parentheses are children of the list too: they are no arguments
  let child = skipComments(list.firstChild);
  while (child) {
    const name = child.name;
    if (name === '(' || name === ')' || name === ',') {
      child = skipComments(child.nextSibling);
      continue;
    }
    const op = name === 'VariableName' ? skipComments(child.nextSibling) : null;
    if (op?.name === 'AssignOp') {
      const value = skipComments(op.nextSibling);
      if (value) {
        out.keywords.set(cell.textOf(child), value);
      }
      child = skipComments(value?.nextSibling ?? null);
      continue;
    }
    if (
      name === '*' ||
      name === '**' ||
      (name === 'ArithOp' && /^\*\*?$/.test(cell.textOf(child)))
    ) {
      out.hasSplat = true;
      child = skipComments(
        skipComments(child.nextSibling)?.nextSibling ?? null
      );
      continue;
    }
    out.positional.push(child);
    child = skipComments(child.nextSibling);
  }
  return out;
}

/** The value of a plain string literal (no f-string, simple escapes only), else null. */
export function stringValue(
  node: SyntaxNode | null | undefined,
  cell: LintCell
): string | null {
  if (node?.name !== 'String') {
    return null;
  }
  const raw = cell.textOf(node);
  const m = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(raw);
  if (!m) {
    return null;
  }
  const body = m[3];
  // no backslash, nothing to unescape (most strings)
  if (/r/i.test(m[1]) || !body.includes('\\')) {
    return body;
  }
  return body.replace(
    /\\(.)/g,
    (_w, c: string) =>
      (
        ({ n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' }) as Record<
          string,
          string
        >
      )[c] ?? `\\${c}`
  );
}

/** Whether a node sits inside a `with` item (e.g. `with mlflow.start_run():`). */
export function isWithItem(node: SyntaxNode): boolean {
  let cur = node;
  for (let parent = cur.parent; parent; parent = cur.parent) {
    if (parent.name === 'WithStatement') {
      // the item part precedes the Body
      return cur.name !== 'Body';
    }
    if (parent.name === 'Body' || parent.name === 'Script') {
      return false;
    }
    cur = parent;
  }
  return false;
}

/** the VariableNames inside `node` (itself included), added to `into` */
export function variableNamesIn(
  node: SyntaxNode,
  cell: LintCell,
  into = new Set<string>()
): Set<string> {
  if (node.name === 'VariableName') {
    into.add(cell.textOf(node));
  }
  for (let c = node.firstChild; c; c = c.nextSibling) {
    variableNamesIn(c, cell, into);
  }
  return into;
}

/** the nodes that open a new scope: a walk of one function's (or the cell's) code stops at them */
export const NEW_SCOPE =
  /^(FunctionDefinition|ClassDefinition|LambdaExpression)$/;

/** The def or lambda a node is inside (it runs only where the function is called), or null. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition' || p.name === 'LambdaExpression') {
      return p;
    }
  }
  return null;
}

/** Whether a node sits inside a for/while loop body (within the same cell). */
export function isInLoop(node: SyntaxNode): boolean {
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (cur.name === 'ForStatement' || cur.name === 'WhileStatement') {
      return true;
    }
    if (cur.name === 'FunctionDefinition' || cur.name === 'ClassDefinition') {
      return false;
    }
  }
  return false;
}

/** some node named `name` in the cell's parse tree passes `test` (false for a cell not parsed) */
export function someNode(
  lc: LintCell,
  name: string,
  test: (node: SyntaxNode) => boolean
): boolean {
  const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
  let found = false;
  tree?.iterate({
    enter(ref) {
      if (found) {
        return false;
      }
      if (ref.name === name) {
        found = test(ref.node);
      }
      return undefined;
    }
  });
  return found;
}

/**
 * The path a text scan found at `at`, with its range, for the rules that find paths by a pattern
 * over the cell's text (NB601, NB602). A pattern stops a path at whitespace, right for a shell
 * line; but in a string literal whose value starts with the path, the path is the whole value
 * (round 23: `"/dbfs/tmp/clv/online_retail/Online Retail.xlsx"` named ".../Online"), reported
 * over the literal, quotes included (as NB106 covers its strings), or, with `quotes` false, over
 * the literal's body (NB601's range). A path later in a longer string (a command line:
 * `"rm -r /dbfs/tmp/x"`), one in a multi-line string, and one outside any string keep what the
 * pattern found.
 */
export function pathAt(
  lc: LintCell,
  at: number,
  found: string,
  quotes = true
): { path: string; from: number; to: number } {
  const tree = lc.isPython ? lc.analysis?.parsed.tree : undefined;
  const node = tree?.resolveInner(at, 1);
  const value = node ? stringValue(node, lc) : null;
  const opening = node
    ? /^[rRuUbB]{0,2}('''|"""|'|")$/.exec(lc.cell.source.slice(node.from, at))
    : null;
  if (
    node &&
    opening &&
    value !== null &&
    value.startsWith(found) &&
    !/[\n\r]/.test(value)
  ) {
    return quotes
      ? { path: value, from: node.from, to: node.to }
      : { path: value, from: at, to: node.to - opening[1].length };
  }
  return { path: found, from: at, to: at + found.length };
}
