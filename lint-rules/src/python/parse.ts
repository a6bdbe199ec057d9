/**
 * Parsing a cell with @lezer/python after masking. Lezer recovers from errors by inserting error
 * nodes; a tree that holds any is plausibly wrong, so the cell is reported as a syntax error and
 * nothing downstream may analyse it.
 */
import type { Tree, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';
import { LineIndex } from '../notebook/lines';
import {
  invalidCharacterMessage,
  joinLines,
  mayEndInsideString,
  splitLines,
  TOKEN_CHARACTER,
  unterminatedString
} from './literals';
import { maskAutomagicCell, maskIPythonSyntax } from './mask';
import { commaHandlerAt, rewritePython2 } from './python2';
import {
  insideStringOrComment,
  repairUnsupported,
  stringOrCommentAt
} from './repairs';
import {
  MaskedSource,
  ParsedCell,
  ParseRepair,
  SyntaxErrorInfo
} from './types';

function describeError(text: string, from: number, to: number): string {
  if (from >= text.length)
    return 'invalid syntax: unexpected end of cell (an unclosed bracket, string or block?)';
  const snippet = text
    .slice(from, Math.max(to, from + 1))
    .split('\n')[0]
    .trim();
  return snippet
    ? `invalid syntax near '${snippet.length > 30 ? snippet.slice(0, 30) + '…' : snippet}'`
    : 'invalid syntax';
}

interface ErrorSpot {
  from: number;
  to: number;
  message?: string;
  /** a line indented unlike its block (CPython stops there, before a later open string) */
  indent?: boolean;
}

/** a CRLF line end, with the run of backslashes before it */
const CRLF = /(\\*)\r\n/g;
/** a lone CR (after CRLF's are read): the grammar's string tokens do not end at one */
const LONE_CR = /\r/g;

/**
 * Parses `text` with @lezer/python, its CRLF line ends read as CPython reads them: as one '\n'.
 * The grammar escapes the '\r' alone of a backslash before CRLF, so a string continued over a
 * CRLF ends at the '\n' (an "unterminated string" CPython accepts), and it fails on some long
 * CRLF cells whose LF copy it parses; it gets a copy of the same length with each '\r\n' read as
 * ' \n', or after a backslash as '\n ' (the blank starts the next line: a continued line, where
 * it means nothing, or one after an error the backslash already makes): every character but a
 * line break keeps its offset, so an error found on a backslash is where the text has it. A lone '\r' is read as '\n' (same
 * length): the grammar would carry a one-quote string on over it.
 */
function parseGrammar(text: string): Tree {
  if (!text.includes('\r')) return parser.parse(text);
  return parser.parse(
    text
      .replace(CRLF, (_, run: string) => (run ? run + '\n ' : ' \n'))
      .replace(LONE_CR, '\n')
  );
}

const PRINT_STATEMENT =
  parser.nodeSet.types.find(t => t.name === 'PrintStatement')?.id ?? -1;

/**
 * The first (leftmost) error node, or Python-2 print statement, of a tree. Reads the tree's
 * packed buffers directly (4 numbers per node: type, start, end, size): no node objects, and
 * about ten times faster than a cursor walk, which matters because every cell goes through it.
 */
function firstError(tree: Tree): ErrorSpot | undefined {
  let best: ErrorSpot | undefined;
  const types = parser.nodeSet.types;
  const consider = (type: number, from: number, to: number) => {
    if (best && best.from <= from) return;
    if (types[type].isError) best = { from, to };
    else if (type === PRINT_STATEMENT)
      best = { from, to, message: 'Python 2 print statement: use print(...)' };
  };
  const visit = (t: Tree, offset: number) => {
    consider(t.type.id, offset, offset + t.length);
    for (let i = 0; i < t.children.length; i++) {
      const child = t.children[i];
      const at = offset + t.positions[i];
      // duck-typed: a second copy of @lezer/common in a bundle would defeat instanceof
      if ('buffer' in child) {
        const b = child.buffer;
        for (let j = 0; j < b.length; j += 4) {
          const type = b[j];
          if (type === PRINT_STATEMENT || types[type].isError)
            consider(type, at + b[j + 1], at + b[j + 2]);
        }
      } else visit(child, at);
    }
  };
  visit(tree, 0);
  return best;
}

/** A table by node type id of the given names (one array lookup per node instead of name tests). */
function typeTable(names: readonly string[]): Uint8Array {
  const table = new Uint8Array(parser.nodeSet.types.length);
  for (const t of parser.nodeSet.types)
    if (names.includes(t.name)) table[t.id] = 1;
  return table;
}

/** Statements that hold blocks of statements (everything else is skipped without a descent). */
const COMPOUND_STATEMENT = typeTable([
  'IfStatement',
  'WhileStatement',
  'ForStatement',
  'TryStatement',
  'WithStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement',
  'MatchStatement',
  'MatchClause'
]);
const BLOCK = typeTable(['Body', 'MatchBody']);
/** children of a block that are not statements */
const NOT_A_STATEMENT = typeTable([':', 'Comment']);

/**
 * @lezer/python ignores indentation it does not expect (`x = 1` then `    y = 2` parses as two
 * statements); CPython raises IndentationError and so does IPython. This finds the first
 * statement that starts a line at another indentation than its block's first statement.
 * A cell whose first line is indented is dedented by IPython, so at the cell level a statement
 * may also start at column 0; one whose first line (blank lines aside, as IPython drops them) is
 * not, a comment included, is not dedented, so its statements start at column 0 (`# note` then
 * `    x = 1`: "unexpected indent"). One cursor walks the blocks: no node object per statement.
 */
/** a cell whose first line that is not blank starts at column 0 */
const FIRST_LINE_UNINDENTED = /^(?:[ \t\f]*(?:\r\n|\r|\n))*[^ \t\f\r\n]/;

function unexpectedIndent(tree: Tree, text: string): ErrorSpot | undefined {
  // `^` of a multiline JavaScript regex matches after '\n' and after a lone '\r' alike
  if (!/^[ \t]+[^\s#]/m.test(text)) return undefined;
  let found: ErrorSpot | undefined;
  /** the blanks before `from` on its line, or null when something else precedes it */
  const indentBefore = (from: number): string | null => {
    let i = from - 1;
    for (; i >= 0 && text[i] !== '\n' && text[i] !== '\r'; i--)
      if (text[i] !== ' ' && text[i] !== '\t') return null;
    return text.slice(i + 1, from);
  };
  /** the statements of the block at the cursor; the cursor ends where it started */
  const checkBlock = (cursor: TreeCursor, cellLevel: boolean) => {
    if (!cursor.firstChild()) return;
    let expected: string | null | undefined =
      cellLevel && FIRST_LINE_UNINDENTED.test(text) ? '' : undefined;
    do {
      if (NOT_A_STATEMENT[cursor.type.id] === 1) continue;
      const indent = indentBefore(cursor.from);
      // the first statement decides; `if x: a` (a one-line suite) has nothing to compare
      if (expected === undefined) expected = indent;
      if (indent === null || expected === null || indent === expected) continue;
      if (cellLevel && indent === '') continue;
      if (!found || cursor.from < found.from)
        found = {
          from: cursor.from,
          to: cursor.to,
          message:
            'unexpected indentation (this line is not indented like its block)',
          indent: true
        };
      break;
    } while (cursor.nextSibling());
    cursor.parent();
  };
  /** the blocks inside the node at the cursor; the cursor ends where it started */
  const visit = (cursor: TreeCursor) => {
    if (!cursor.firstChild()) return;
    do {
      const type = cursor.type.id;
      if (BLOCK[type] === 1) {
        checkBlock(cursor, false);
        visit(cursor);
      } else if (COMPOUND_STATEMENT[type] === 1) visit(cursor);
    } while (cursor.nextSibling());
    cursor.parent();
  };
  const cursor = tree.cursor();
  checkBlock(cursor, true);
  visit(cursor);
  return found;
}

/**
 * a backslash at the cell's end, then at most one LF or lone CR (CPython 3.11's ast.parse accepts
 * a final backslash-CRLF, and NB201 follows it)
 */
const BACKSLASH_AT_END = /\\(?:\r(?!\n)|\n)?$/;

/**
 * The first error of a parsed cell: the grammar's, a line indented unlike its block, or a
 * continuation backslash at the cell's end (CPython reads past the end: "unexpected EOF").
 */
function grammarError(tree: Tree, text: string): ErrorSpot | undefined {
  // a line indented unlike its block before the grammar's first error is CPython's first error
  const grammar = firstError(tree);
  const indent = unexpectedIndent(tree, text);
  const error =
    grammar && !(indent && indent.from < grammar.from) ? grammar : indent;
  const end = text.includes('\\') ? BACKSLASH_AT_END.exec(text) : null;
  // the grammar's error on the final backslash itself (no line break after it) is this one
  if (
    !end ||
    (error && error.from < end.index) ||
    insideStringOrComment(tree, end.index)
  )
    return error;
  const at = end.index + 1;
  return { from: at, to: at, message: 'unexpected EOF while parsing' };
}

/**
 * IPython's `leading_indent` transform: a cell whose first line is indented loses that indentation
 * on every line that has it. Whether the cell, so dedented, parses (only tried for a cell that
 * failed and whose lines all carry the first line's indentation).
 */
function parsesDedented(text: string): boolean {
  const indent = /^[ \t]+/.exec(text)?.[0];
  if (!indent) return false;
  const { lines, breaks } = splitLines(text);
  if (!lines.every(l => l.startsWith(indent) || !l.trim())) return false;
  const dedented = joinLines(
    lines.map(l => l.slice(indent.length)),
    breaks
  );
  const tree = parseGrammar(dedented);
  return !grammarError(tree, dedented);
}

/**
 * A string a line ends inside, in a cell the grammar parsed: @lezer/python ends a single-quoted
 * string token at the line break without an error (`y = 'abc` then `z = 2` parses), where CPython
 * stops with "unterminated string literal". Undefined when every string closes.
 */
function openStringInParsedCell(
  masked: MaskedSource
): SyntaxErrorInfo | undefined {
  const text = masked.text;
  if (!text.includes("'") && !text.includes('"')) return undefined;
  const code = magicsBlanked(masked);
  if (!mayEndInsideString(code)) return undefined;
  const open = unterminatedString(code);
  if (!open || open.other !== undefined || open.triple) return undefined;
  const pos = new LineIndex(text).position(open.at);
  return {
    line: pos.line,
    column: pos.column,
    message: 'unterminated string literal'
  };
}

/**
 * The masked text with every line magic, shell command and help request blanked, even those whose
 * argument is Python (`%timeit s = "it's"; t = 'x`): IPython passes the argument to the magic as
 * one string, so its quotes open nothing in the cell CPython compiles.
 */
function magicsBlanked(masked: MaskedSource): string {
  if (!masked.magics.some(m => m.kind !== 'cell-magic')) return masked.text;
  const { lines, breaks } = splitLines(masked.text);
  for (const m of masked.magics) {
    if (m.kind === 'cell-magic') continue;
    for (let l = m.line; l <= m.endLine && l < lines.length; l++) {
      const from = l === m.line ? m.column : 0;
      const to = l === m.endLine ? m.endColumn : lines[l].length;
      lines[l] =
        lines[l].slice(0, from) +
        ' '.repeat(Math.max(0, Math.min(to, lines[l].length) - from)) +
        lines[l].slice(Math.min(to, lines[l].length));
    }
  }
  return joinLines(lines, breaks);
}

export interface ParseOptions {
  /**
   * The notebook's metadata says Python 2 (isPython2Notebook): a cell that does not parse is
   * parsed again with Python 2's syntax rewritten (python2.ts), unless a `%%python3` magic runs
   * it on Python 3.
   */
  python2?: boolean;
  /**
   * The notebook's Python is 3.14 or later (pythonParseOptions), which reads `except A, B:` as a
   * tuple of exception types (PEP 758); before it, that is Python 2's syntax and an error.
   */
  exceptTuples?: boolean;
}

/** Parses already-masked text. */
export function parseMasked(
  masked: MaskedSource,
  options: ParseOptions = {}
): ParsedCell {
  if (masked.cellLanguage !== undefined)
    return { ok: false, masked, tree: null };
  const text = masked.text;
  const tree = parseGrammar(text);
  let error = grammarError(tree, text);
  if (!error) return commaHandlerChecked(masked, tree, options);
  // a one-line cell that is no Python but that IPython's automagic runs (`ls ../input`)
  const automagic = masked.magics.length ? undefined : maskAutomagicCell(text);
  if (automagic) {
    const magicTree = parseGrammar(automagic.text);
    if (!grammarError(magicTree, automagic.text))
      return commaHandlerChecked(automagic, magicTree, options);
  }
  // the text and tree the repairs below start from: Python 2's syntax rewritten, in its notebooks
  let base = { text, tree, repairs: [] as ParseRepair[] };
  const python2 =
    options.python2 && !hasCellMagic(masked, 'python3')
      ? rewritePython2(text, insideStringOrComment, tree)
      : undefined;
  if (python2) {
    const rewritten = parseGrammar(python2.text);
    base = { text: python2.text, tree: rewritten, repairs: python2.repairs };
    error = grammarError(rewritten, python2.text);
    if (!error) return python2Parsed(masked, base);
  }
  const repaired = repairUnsupported(base.text, base.tree);
  if (repaired !== undefined) {
    const second = parseGrammar(repaired.text);
    const remaining = grammarError(second, repaired.text);
    if (!remaining) {
      const all = {
        text: repaired.text,
        tree: second,
        repairs: [...base.repairs, ...repaired.repairs]
      };
      if (python2) return python2Parsed(masked, all);
      return parsedUnlessOpenString({
        ok: true,
        masked: { ...masked, text: repaired.text },
        tree: second,
        repairs: repaired.repairs
      });
    }
    // the first error left once valid constructs are repaired (not a `1.` before the real one)
    error = remaining;
  }
  if (parsesDedented(text))
    return { ok: false, masked, tree, runsDedented: true };
  // CPython, once its parser fails, tokenizes the rest of the source and reports a tokenizer
  // error found there first: an unterminated string anywhere in the cell, even after the error
  const open = unterminatedString(magicsBlanked(masked));
  const lines = new LineIndex(text);
  const errorAt = Math.min(error.from, text.length);
  let at = errorAt;
  let message = error.message ?? describeError(text, error.from, error.to);
  if (
    open &&
    open.other === undefined &&
    !(error.indent && errorAt < open.at)
  ) {
    at = open.at;
    message = open.triple
      ? 'unterminated triple-quoted string literal'
      : 'unterminated string literal';
  } else if (
    open?.other !== undefined &&
    lines.position(open.at).line < lines.position(errorAt).line
  ) {
    // a tokenizer error on a line before the grammar's (`x = 09`, then an unclosed bracket)
    at = open.at;
    message = open.other;
  }
  const pos = lines.position(at);
  const syntaxError: SyntaxErrorInfo = {
    line: pos.line,
    column: pos.column,
    message
  };
  return { ok: false, masked, tree, syntaxError };
}

/**
 * A cell the grammar accepts, unless it has a handler written `except E, e:` (commaHandlerAt): in
 * a Python 2 notebook that binds `e`, so the cell is read with Python 2's syntax rewritten; on
 * Python 3 before 3.14 it is a syntax error, reported at the comma.
 */
function commaHandlerChecked(
  masked: MaskedSource,
  tree: Tree,
  options: ParseOptions
): ParsedCell {
  // only a cell with `except` in it can hold `except E, e:` (skips a walk of every other tree)
  const comma =
    options.exceptTuples || !masked.text.includes('except')
      ? -1
      : commaHandlerAt(tree);
  if (comma < 0) return parsedUnlessOpenString({ ok: true, masked, tree });
  const text = masked.text;
  if (options.python2 && !hasCellMagic(masked, 'python3')) {
    const python2 = rewritePython2(text, insideStringOrComment, tree);
    const rewritten = python2 && parseGrammar(python2.text);
    if (python2 && rewritten && !grammarError(rewritten, python2.text))
      return python2Parsed(masked, { ...python2, tree: rewritten });
    return parsedUnlessOpenString({ ok: true, masked, tree });
  }
  const pos = new LineIndex(text).position(comma);
  return {
    ok: false,
    masked,
    tree,
    syntaxError: {
      line: pos.line,
      column: pos.column,
      message:
        'multiple exception types must be parenthesized: Python 2 syntax; only Python 3.14+ reads this as a tuple of exception types'
    }
  };
}

/** whether the cell starts with the cell magic `name` (as the mask read it) */
function hasCellMagic(masked: MaskedSource, name: string): boolean {
  return masked.magics.some(m => m.kind === 'cell-magic' && m.name === name);
}

/**
 * A Python 2 cell that parses once its Python 2 syntax is rewritten: no syntax error, and its tree
 * is linted like any other (the rewrites keep what it binds: python2.ts).
 */
function python2Parsed(
  masked: MaskedSource,
  rewritten: { text: string; tree: Tree; repairs: ParseRepair[] }
): ParsedCell {
  const parsed = parsedUnlessOpenString({
    ok: true,
    masked: { ...masked, text: rewritten.text },
    tree: rewritten.tree,
    repairs: rewritten.repairs
  });
  return parsed.ok ? parsed : { ...parsed, masked };
}

/** A parse the grammar accepted, unless a line ends inside a string (then not ok, located). */
function parsedUnlessOpenString(parsed: ParsedCell): ParsedCell {
  const syntaxError =
    openStringInParsedCell(parsed.masked) ??
    invalidCharacter(parsed.masked.text, parsed.tree);
  return syntaxError ? { ...parsed, ok: false, syntaxError } : parsed;
}

const NON_ASCII = /[^\p{ASCII}]/gu;

/**
 * A character outside ASCII, strings and comments that is no part of a name, in a cell the
 * grammar parsed: @lezer/python reads any such character as part of a name (`f(“delta”)` with
 * quotes pasted from a word processor, `x² = 1`); CPython's tokenizer stops there with "invalid
 * character '“' (U+201C)" (or "invalid non-printable character U+00A0" for a no-break space).
 */
function invalidCharacter(
  text: string,
  tree: Tree | null
): SyntaxErrorInfo | undefined {
  if (!tree || !/[^\p{ASCII}]/u.test(text)) return undefined;
  NON_ASCII.lastIndex = 0;
  for (let m; (m = NON_ASCII.exec(text));) {
    const c = m[0];
    if (TOKEN_CHARACTER.test(c)) continue;
    // the rest of a string or comment (a line of `─` in a comment) is skipped at once
    const skipped = stringOrCommentAt(tree, m.index);
    if (skipped) {
      NON_ASCII.lastIndex = Math.max(skipped.to, m.index + c.length);
      continue;
    }
    const pos = new LineIndex(text).position(m.index);
    return {
      line: pos.line,
      column: pos.column,
      message: invalidCharacterMessage(c)
    };
  }
  return undefined;
}

/** Masks IPython syntax and parses the cell. `ok` is false for syntax errors and for non-Python cells. */
export function parseCell(
  source: string,
  cellMagicBodyIsPython = false,
  options: ParseOptions = {}
): ParsedCell {
  return parseMasked(maskIPythonSyntax(source, cellMagicBodyIsPython), options);
}
