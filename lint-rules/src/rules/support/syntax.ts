/** Small readers over @lezer/python nodes that several rules share (no scope logic here). */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell, RuleContext } from '../../engine/types';
import { escapeRegExp } from '../../engine/text';
import { databricksLanguageMagic } from '../../notebook/languages';
import type { NotebookRuntime } from '../../notebook/runtime';
import { TOKEN_CHARACTER } from '../../python/literals';
import { starImportAliases } from './starAliases';

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

/**
 * Import aliases of the whole notebook: bound name -> qualified module path
 * (`np` -> `numpy`, `start_run` -> `mlflow.start_run`).
 */
const aliasCache = new WeakMap<object, Map<string, string>>();

export function importAliases(context: RuleContext): Map<string, string> {
  // shared by every rule linting the same notebook analysis
  const cached = aliasCache.get(context.analysis);
  if (cached) {
    return cached;
  }
  const aliases = new Map<string, string>();
  aliasCache.set(context.analysis, aliases);
  for (const analysis of context.analysis.perCell.values()) {
    for (const imp of analysis.scope?.imports ?? []) {
      if (imp.name !== undefined) {
        aliases.set(
          imp.bound,
          imp.name === '*' ? imp.module : `${imp.module}.${imp.name}`
        );
      } else if (imp.asName) {
        aliases.set(imp.bound, imp.module);
      } else {
        aliases.set(imp.bound, imp.bound);
      }
    }
  }
  starImportAliases(context, aliases);
  return aliases;
}

// the last name qualified: the rules that subscribe to CallExpression qualify the same callee one
// after the other (calleeName hands them one string)
let qualifiedFrom: string | null = null;
let qualifiedWith: Map<string, string> | null = null;
let qualified: string | null = null;

/**
 * Resolves the first segment of a dotted name through the import aliases (a map that no longer
 * changes, as importAliases returns it: the last result is kept for the same name and map).
 */
export function qualify(
  name: string | null,
  aliases: Map<string, string>
): string | null {
  if (name === null) {
    return null;
  }
  if (name !== qualifiedFrom || aliases !== qualifiedWith) {
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const target = aliases.get(head);
    qualified =
      target === undefined ? name : target + (dot < 0 ? '' : name.slice(dot));
    qualifiedFrom = name;
    qualifiedWith = aliases;
  }
  return qualified;
}

/**
 * Computed once per cell: `perCell(lc => /models:\//.test(lc.cell.source))`. The engine walks
 * one cell at a time, so the memo holds only the last cell's value; a rule tests its cell's whole
 * source once and skips every node of a cell that cannot hold what it looks for.
 */
export function perCell<T>(
  compute: (cell: LintCell) => T
): (cell: LintCell) => T {
  let last: LintCell | null = null;
  let value: T | undefined;
  return cell => {
    if (cell !== last) {
      value = compute(cell);
      last = cell;
    }
    return value as T;
  };
}

const mentionsCache = new WeakMap<object, Map<string, boolean>>();

/**
 * Every word asked of notebookMentions so far, in the order first asked: the rules' gate words, a
 * couple of dozen. A notebook's first question searches its cells for all of them in one pass
 * (one regex) instead of one substring search of every cell per word: most gate words are absent,
 * and each absent word cost a full read of the notebook's code.
 */
const gateWords: string[] = [];
const gateWordSet = new Set<string>();
/** regexes matching any of a list of words, by the list (joined with NUL): few distinct lists */
const anyWordRegExps = new Map<string, RegExp>();

function anyWordRegExp(words: readonly string[]): RegExp {
  const key = words.join('\u0000');
  let re = anyWordRegExps.get(key);
  if (re === undefined) {
    re = new RegExp(words.map(escapeRegExp).join('|'), 'g');
    anyWordRegExps.set(key, re);
  }
  return re;
}

/** Which of `words` occur in the source of a cell the engine walks (`LintCell.isPython`). */
export function wordsInWalkedCells(
  cells: readonly LintCell[],
  words: readonly string[]
): Set<string> {
  const found = new Set<string>();
  if (words.length === 1) {
    const word = words[0];
    if (cells.some(lc => lc.isPython && lc.cell.source.includes(word))) {
      found.add(word);
    }
    return found;
  }
  const re = anyWordRegExp(words);
  for (const lc of cells) {
    if (!lc.isPython) {
      continue;
    }
    const source = lc.cell.source;
    re.lastIndex = 0;
    for (let m = re.exec(source); m !== null; m = re.exec(source)) {
      // every word that starts here (one may begin another: `MLFLOW_`, `MLFLOW_URI`), then on
      // from the next character, so that no occurrence overlapping this one is skipped
      for (const word of words) {
        if (!found.has(word) && source.startsWith(word, m.index)) {
          found.add(word);
        }
      }
      if (found.size === words.length) {
        return found;
      }
      re.lastIndex = m.index + 1;
    }
  }
  return found;
}

/**
 * Whether `word` (a name, or a piece of one: no `.`) is text of a cell whose tree the engine walks
 * (`LintCell.isPython`) or of an import alias's target. Node hooks run only on those cells, a
 * call's dotted name and a string are text of their cell, and a qualified name (`qualify`) is an
 * alias's target followed by text of the cell: so a node can hold the word only if this says so,
 * and rules that look for certain callees or strings subscribe to no node in the other notebooks
 * (most of them). Markdown, raw and unparsed cells (more than half of a notebook's text) are not
 * read. Only for gating node hooks: findings made from other hooks must not depend on it.
 * Computed once per notebook and word: the first question about a notebook answers every gate
 * word known by then (`gateWords`), in one pass over its cells.
 */
export function notebookMentions(context: RuleContext, word: string): boolean {
  let byWord = mentionsCache.get(context.cells);
  if (!byWord) {
    byWord = new Map();
    mentionsCache.set(context.cells, byWord);
  }
  let found = byWord.get(word);
  if (found === undefined) {
    if (!gateWordSet.has(word)) {
      gateWordSet.add(word);
      gateWords.push(word);
    }
    const answered = byWord;
    const pending = gateWords.filter(w => !answered.has(w));
    const inText = wordsInWalkedCells(context.cells, pending);
    let targets: string[] | undefined;
    for (const w of pending) {
      let yes = inText.has(w);
      if (!yes) {
        targets ??= [...importAliases(context).values()];
        yes = targets.some(target => target.includes(w));
      }
      byWord.set(w, yes);
    }
    found = byWord.get(word) === true;
  }
  return found;
}

/** Whether a call in the notebook can qualify to `mlflow.*` (the MLflow rules' first test). */
export function mentionsMlflow(context: RuleContext): boolean {
  return notebookMentions(context, 'mlflow');
}

/** Lazily computed per notebook: `once(() => importAliases(context))`. */
export function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}

/**
 * Whether a Python code cell that does not parse mentions `pattern`: rules that report an
 * ABSENCE (no set_experiment, no end_run, no seed) stay quiet when an unreadable cell may hold it.
 */
export function unparsedCellsMention(
  context: RuleContext,
  pattern: RegExp
): boolean {
  return context.cells.some(
    lc => isUnparsedPythonCell(lc) && pattern.test(lc.cell.source)
  );
}

/** a run of Python's name characters: a name, a keyword, a number's digits */
const WORD_RUN = new RegExp(`${TOKEN_CHARACTER.source}+`, 'gu');
const unparsedWordsCache = new WeakMap<readonly LintCell[], Set<string>>();

/**
 * The words (runs of Python's name characters) of the Python code cells that do not parse, their
 * comments left out (`# re-run this cell` reads no `re`), strings kept (`eval("np.pi")` may read
 * `np`): what such a cell may read, for a rule that reports a name nothing reads. Collected once
 * per notebook, so that asking about each import costs a Set lookup, not a scan of those cells.
 */
export function unparsedCellsWords(context: RuleContext): Set<string> {
  let words = unparsedWordsCache.get(context.cells);
  if (words === undefined) {
    words = new Set();
    for (const lc of context.cells) {
      if (!isUnparsedPythonCell(lc)) {
        continue;
      }
      const source = lc.cell.source;
      const end = { from: source.length, to: source.length };
      // exec from each piece's start, no slices: a word cannot run into a comment's `#`
      WORD_RUN.lastIndex = 0;
      for (const comment of [...commentSpans(lc), end]) {
        for (let m = WORD_RUN.exec(source); m; m = WORD_RUN.exec(source)) {
          if (m.index >= comment.from) {
            break;
          }
          words.add(m[0]);
        }
        WORD_RUN.lastIndex = comment.to;
      }
    }
    unparsedWordsCache.set(context.cells, words);
  }
  return words;
}

/**
 * Where a code cell's comments are, in order: the Comment nodes of its tree, the error-recovered
 * one too where the cell does not parse (lezer reads a comment as a token, inside or after broken
 * code, and never inside a string); for a cell without a tree, its lines that start with `#`.
 */
export function commentSpans(lc: LintCell): { from: number; to: number }[] {
  const source = lc.cell.source;
  if (!source.includes('#')) {
    return [];
  }
  const spans: { from: number; to: number }[] = [];
  const tree = lc.analysis?.parsed.tree;
  if (tree) {
    tree.iterate({
      enter(node) {
        if (node.name === 'Comment') {
          spans.push({ from: node.from, to: node.to });
        }
      }
    });
    return spans;
  }
  for (const m of source.matchAll(/^[ \t]*(#[^\n]*)/gm)) {
    const from = m.index + m[0].length - m[1].length;
    spans.push({ from, to: from + m[1].length });
  }
  return spans;
}

/** A Python code cell that does not parse: the rules know of it only its text. */
export function isUnparsedPythonCell(lc: LintCell): boolean {
  return (
    lc.cell.kind === 'code' && lc.cell.language === 'python' && !lc.isPython
  );
}

/**
 * a docstring: a string that is the first statement of a class or function body. A cell's first
 * string is no module docstring: the notebook shows its value and binds it to `_`.
 */
function isDocstring(node: SyntaxNode): boolean {
  const statement = node.parent;
  if (
    statement?.name !== 'ExpressionStatement' ||
    statement.firstChild?.from !== node.from
  ) {
    return false;
  }
  const body = statement.parent;
  let first = body?.firstChild ?? null;
  while (first && (first.name === ':' || first.name === 'Comment')) {
    first = first.nextSibling;
  }
  return (
    first?.from === statement.from &&
    body?.name === 'Body' &&
    /^(FunctionDefinition|ClassDefinition)$/.test(body.parent?.name ?? '')
  );
}

/**
 * `at` is inside a string literal of the cell's parsed source (false where the cell was not
 * parsed). The masker leaves a line that looks like a magic or shell command inside a
 * triple-quoted string alone, as IPython does: it is text, not a command.
 */
export function inStringLiteral(lc: LintCell, at: number): boolean {
  const tree = lc.analysis?.parsed.tree;
  if (!tree) {
    return false;
  }
  for (
    let node: SyntaxNode | null = tree.resolveInner(at, 1);
    node;
    node = node.parent
  ) {
    if (node.name === 'String' || node.name === 'FormatString') {
      return true;
    }
  }
  return false;
}

/**
 * A cell of a Databricks notebook whose first line is one of Databricks' language magics other
 * than Python's or markdown's (`%sh`, `%sql`, `%scala`, `%r`, `%fs`): Databricks runs the whole
 * cell in that language, even in an .ipynb whose metadata does not say it came from Databricks
 * (then it was read as Python), so a `#` in it (`wget https://x.org/f.csv#v2`) opens no Python
 * comment. Elsewhere `%R x <- 1` or `%sx ls` is an IPython line magic and the next line is Python.
 */
function inDatabricksLanguageCell(lc: LintCell): boolean {
  const m = /^\s*%([A-Za-z][\w-]*)(?![\w%])/.exec(lc.cell.source);
  const lang = m ? databricksLanguageMagic(m[1]) : undefined;
  return lang !== undefined && lang !== 'python' && lang !== 'markdown';
}

/**
 * Text that documents rather than runs: a comment or a docstring at `at` in the cell's parsed
 * source (false where the cell was not parsed; `runtime` is the notebook's). Rules that match a cell's raw text with a regex ask
 * it before reporting a path or URI the code never uses.
 */
export function inProse(
  lc: LintCell,
  at: number,
  runtime: NotebookRuntime
): boolean {
  const tree = lc.analysis?.parsed.tree;
  if (!tree || (runtime === 'databricks' && inDatabricksLanguageCell(lc))) {
    return false;
  }
  const node = tree.resolveInner(at, 1);
  return (
    node.name === 'Comment' || (node.name === 'String' && isDocstring(node))
  );
}

/**
 * The cell's comments: Comment nodes of its parse tree (never text inside a string), or, for a
 * cell that is not parsed Python, its lines that start with `#`.
 */
export function commentsOf(lc: LintCell): string[] {
  const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
  if (!tree) {
    return lc.lines.filter(line => /^[ \t]*#/.test(line));
  }
  const comments: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.name === 'Comment') {
        comments.push(lc.textOf(node));
      }
    }
  });
  return comments;
}

/** a negation before the words turns them around: "do not skip this cell", "no need to restart" */
const NEGATION = /\b(not|never|no)\b|n't\b/i;

/** the text says `words` (a pattern without the g flag), and nothing before them negates it */
export function saysUnnegated(text: string, words: RegExp): boolean {
  const m = words.exec(text);
  return m !== null && !NEGATION.test(text.slice(0, m.index));
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
