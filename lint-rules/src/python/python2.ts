/**
 * Python 2's own syntax, rewritten to same-length Python 3 so that a Python 2 notebook's cells
 * parse (positions unchanged): a cell that then parses failed only on Python-2-only syntax, and
 * one that still fails is reported at the first error that is not Python 2's. Used only for
 * cells of notebooks whose metadata says Python 2, and only when the cell does not parse as is.
 */
import type { Tree } from '@lezer/common';
import type { ParseRepair } from './types';

export interface Python2Rewrite {
  text: string;
  /**
   * where each rewrite is; `except E, e:` also records the name it binds (kind `except-as`, as
   * `with-as` does), blanked out of the text: the scope walker binds it in the handler
   */
  repairs: ParseRepair[];
}

/**
 * a statement's `print x` / `exec code`, with `print >>f, x`'s redirection: at a line's start or
 * after a `:` or `;` (`if debug: exec code`, `x = 1; exec code`)
 */
const PRINT_EXEC =
  /(^|[:;])([ \t]*)(print|exec)([ \t]+)(>>)?(?=[^\s=.,;:)\]}(])/gm;
/** `except E, e:` / `except (A, B), e:` (the comma outside brackets is checked below) */
const EXCEPT_COMMA =
  /^([ \t]*except\b)([^\n:#]*?),([ \t]*[A-Za-z_]\w*[ \t]*):/gm;
/** `raise E, value` */
const RAISE_COMMA = /^([ \t]*raise[ \t]+[\w.]+)[ \t]*,/gm;
const BACKTICKS = /`[^`\n]*`/g;
const NOT_EQUAL = /<>/g;
/**
 * `0777` (Python 3 says `0o777`; `00` is valid in both); not a float's exponent (`4.2e-06`,
 * valid in both, whose `06` is no octal literal)
 */
const OLD_OCTAL =
  /(?<![\w.])(?<![\d.][eE][+-]?)0(?=[0-7]*[1-7][0-7]*(?![\w.]))/g;
/** a long literal: `10L`, `0xffL` */
const LONG_SUFFIX = /(?<![\w.])(?:0[xX][\da-fA-F]+|\d+)([lL])(?!\w)/g;
/** `ur'...'` */
const UNICODE_RAW = /(?<!\w)[uU](?=[rR]['"])/g;

/** a lambda's parameters, or a def's after its `(` */
const PARAMETERS = /\blambda\b|\bdef[ \t]+[A-Za-z_]\w*[ \t]*\(/g;

/**
 * CPython's tokenizer refuses brackets nested deeper than MAXLEVEL, 200 (Parser/tokenizer.h;
 * "too many nested parentheses"): a parameter list nested deeper is no program's, and the bound
 * keeps `def f(` repeated along one line linear (each scan stops there).
 */
const MAX_NESTING = 200;

/** an open bracket of a parameter list being scanned */
interface OpenBracket {
  kind: 'tuple' | 'other' | 'def';
  at: number;
  /**
   * a tuple parameter as Python 2's grammar has it (`fpdef: NAME | '(' fplist ')'`, `fplist:
   * fpdef (',' fpdef)* [',']`): names, commas and nested tuples only, at least one
   */
  plain: boolean;
  holdsName: boolean;
  /** a trailing comma right before the `)` (`(a,)`), blanked with the brackets, or -1 */
  comma: number;
}

/**
 * The brackets of Python 2's tuple parameters (`lambda (user, text): ...`, `def f((a, b), c):`,
 * removed by PEP 3113) in the parameter list starting at `from`: a `(` where a parameter starts
 * (first, or after a top-level comma, also inside such a tuple), with its `)`. Blanking them leaves
 * the names as plain parameters, which Python 3 binds the same. A `(` in a default value
 * (`x=(1, 2)`) is no parameter's and stays, and so does a tuple Python 2 refused too (`lambda ():
 * 1`, `def g((a, *b)):`): its error is reported. Empty when the list does not close on its line.
 *
 * `failedLambdas` holds the starts of lambdas whose lists are known not to close: a lambda's scan
 * that reaches another lambda's start with nothing open behaves from there exactly as that
 * lambda's own scan would, so when it fails that one fails too and is not scanned again (`lambda
 * a, ` repeated along a line was quadratic).
 */
function tupleParameterBrackets(
  text: string,
  from: number,
  def: boolean,
  lambdaStarts: ReadonlySet<number>,
  failedLambdas: Set<number>
): number[] {
  if (!def && failedLambdas.has(from)) return [];
  const stack: OpenBracket[] = def
    ? [{ kind: 'def', at: from - 1, plain: false, holdsName: false, comma: -1 }]
    : [];
  const out: number[] = [];
  const passed: number[] = [];
  const fail = () => {
    for (const at of passed) failedLambdas.add(at);
    return [];
  };
  let expectParameter = true;
  for (let i = from; i < text.length; i++) {
    if (!def && stack.length === 0 && i !== from && lambdaStarts.has(i)) {
      if (failedLambdas.has(i)) return fail();
      passed.push(i);
    }
    const c = text[i];
    if (c === '\n' || c === '#' || c === '"' || c === "'") return fail();
    if (c === ' ' || c === '\t') continue;
    const top = stack.at(-1);
    if (c === ':' && stack.length === 0) return out;
    if (top && c !== ')' && c !== ']' && c !== '}')
      top.comma = c === ',' ? i : -1;
    if (c === '(' || c === '[' || c === '{') {
      if (stack.length >= MAX_NESTING) return fail();
      const tuple: boolean = c === '(' && expectParameter;
      if (!tuple && top?.kind === 'tuple') top.plain = false;
      stack.push({
        kind: tuple ? 'tuple' : 'other',
        at: i,
        plain: true,
        holdsName: false,
        comma: -1
      });
      expectParameter = tuple;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      const open = stack.pop();
      if (open === undefined) return fail();
      if (open.kind === 'def') return out;
      if (open.kind === 'tuple') {
        const valid = open.plain && open.holdsName;
        if (valid) out.push(open.at, i);
        if (valid && open.comma >= 0) out.push(open.comma);
        const parent = stack.at(-1);
        if (parent?.kind === 'tuple') {
          parent.plain &&= valid;
          parent.holdsName = true;
        }
      }
      expectParameter = false;
      continue;
    }
    if (c === ',') {
      expectParameter =
        top === undefined || top.kind === 'tuple' || top.kind === 'def';
      continue;
    }
    if (top?.kind === 'tuple') {
      // a name (not starting with a digit) is the only other thing a tuple parameter holds
      if (/\w/.test(c) && !(expectParameter && /\d/.test(c)))
        top.holdsName = true;
      else top.plain = false;
    }
    expectParameter = false;
  }
  return fail();
}

/**
 * The Python 2 constructs of `text` rewritten to Python 3 of the same length, or undefined when
 * it has none. `insideStringOrComment(tree, at)` tells code from strings and comments.
 */
export function rewritePython2(
  text: string,
  insideStringOrComment: (tree: Tree, at: number) => boolean,
  tree: Tree
): Python2Rewrite | undefined {
  const edits: { at: number; text: string }[] = [];
  const repairs: ParseRepair[] = [];
  const edit = (at: number, replacement: string, from = at, to = at) => {
    edits.push({ at, text: replacement });
    repairs.push({ kind: 'python2', from, to: Math.max(to, from + 1) });
  };
  const code = (at: number) => !insideStringOrComment(tree, at);
  // `print x` -> `pass; x`, `exec code` -> `pass;code`: the operand stays an expression
  // statement (@lezer/python reads `print;` and `print,` as print statements still)
  const statements = new Set<number>();
  const keywordStatement = (at: number, keyword: string) => {
    if (statements.has(at)) return;
    statements.add(at);
    const blanks = /^[ \t]*/.exec(text.slice(at + keyword.length))?.[0] ?? '';
    const length = keyword.length + blanks.length;
    edit(at, 'pass;'.padEnd(length), at, at + length);
    // names its code binds are out of sight, as with exec(): the scope says usesExecEval
    if (keyword === 'exec')
      repairs.push({ kind: 'python2-exec', from: at, to: at + 4 });
    if (text.startsWith('>>', at + length)) edit(at + length, '  ');
  };
  if (text.includes('print')) {
    // the grammar knows print statements, after a `:` or `;` too (`for x in xs: print x`)
    tree.iterate({
      enter: n => {
        if (n.name === 'PrintStatement' && text.startsWith('print', n.from))
          keywordStatement(n.from, 'print');
      }
    });
  }
  for (const m of text.matchAll(PRINT_EXEC)) {
    const keyword = m.index + m[1].length + m[2].length;
    if (code(keyword) && (m[1] === '' || code(m.index)))
      keywordStatement(keyword, m[3]);
  }
  for (const m of text.matchAll(EXCEPT_COMMA)) {
    if (!code(m.index + m[1].length - 1) || !balanced(m[2])) continue;
    // `except E, e:` -> `except E   :`, `e` bound in the handler from the repair
    const comma = m.index + m[1].length + m[2].length;
    edit(comma, ' '.repeat(1 + m[3].length), comma, comma + 1 + m[3].length);
    const name = /[A-Za-z_]\w*/.exec(m[3]);
    if (name) {
      const from = comma + 1 + name.index;
      repairs.push({
        kind: 'except-as',
        from,
        to: from + name[0].length,
        name: name[0]
      });
    }
  }
  for (const m of text.matchAll(RAISE_COMMA)) {
    const comma = m.index + m[0].length - 1;
    if (code(m.index + m[0].length - 2)) edit(comma, ';');
  }
  for (const m of text.matchAll(BACKTICKS)) {
    if (!code(m.index)) continue;
    edit(m.index, '(');
    edit(m.index + m[0].length - 1, ')');
  }
  for (const m of text.matchAll(NOT_EQUAL))
    if (code(m.index)) edit(m.index, '!=');
  for (const m of text.matchAll(OLD_OCTAL))
    if (code(m.index)) edit(m.index, ' ');
  for (const m of text.matchAll(LONG_SUFFIX)) {
    const at = m.index + m[0].length - 1;
    if (code(m.index)) edit(at, ' ');
  }
  for (const m of text.matchAll(UNICODE_RAW))
    if (code(m.index)) edit(m.index, ' ');
  if (text.includes('(')) {
    const matches = [...text.matchAll(PARAMETERS)];
    const lambdaStarts = new Set(
      matches.filter(m => m[0] === 'lambda').map(m => m.index + m[0].length)
    );
    const failedLambdas = new Set<number>();
    for (const m of matches) {
      if (!code(m.index)) continue;
      const brackets = tupleParameterBrackets(
        text,
        m.index + m[0].length,
        m[0] !== 'lambda',
        lambdaStarts,
        failedLambdas
      );
      for (const at of brackets) edit(at, ' ');
    }
  }
  if (!edits.length) return undefined;
  // one pass over the code units: a slice per edit was quadratic on a long cell
  const out = text.split('');
  for (const e of edits)
    for (let i = 0; i < e.text.length; i++) out[e.at + i] = e.text[i];
  return { text: out.join(''), repairs };
}

/**
 * The comma of the first handler written `except E, e:` (a comma, then a plain name last, no
 * `as`) in a tree that parses, or -1. @lezer/python accepts it as PEP 758's unparenthesized tuple
 * of exception types (Python 3.14+); Python 2 binds `e` there, and Python 3 before 3.14 raises
 * "multiple exception types must be parenthesized".
 */
export function commaHandlerAt(tree: Tree): number {
  let at = -1;
  tree.iterate({
    enter: n => {
      if (at >= 0) return false;
      if (n.name !== 'TryStatement') return undefined;
      let inExcept = false;
      let comma = -1;
      let last = '';
      for (let c = n.node.firstChild; c && at < 0; c = c.nextSibling) {
        if (c.name === 'except') {
          inExcept = true;
          comma = -1;
        } else if (c.name === 'Body') {
          if (inExcept && comma >= 0 && last === 'VariableName') at = comma;
          inExcept = false;
        } else if (inExcept) {
          if (c.name === 'as') inExcept = false;
          else if (c.name === ',' && comma < 0) comma = c.from;
          last = c.name;
        }
      }
      return undefined;
    }
  });
  return at;
}

/** whether every bracket opened in `s` is closed in it */
function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}
