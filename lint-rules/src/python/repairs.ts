/**
 * Valid Python that @lezer/python's grammar does not read (a bare `yield`, an empty class
 * pattern, a parenthesized `with`, a float with a trailing dot, a starred comprehension target, a blank last line, a
 * continuation before a blank line), rewritten to text of the same length that it does, each
 * change recorded as a ParseRepair (repairUnsupported). parse.ts tries these after a cell fails
 * to parse.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { lineEnd, skipString } from './literals';
import { ParseRepair } from './types';

const BARE_YIELD = /\byield(?=[ \t]*(?:[)\]};,\r\n#]|$))/g;
const CASE_LINE = /^[ \t]*case\b.*$/gm;
const EMPTY_CLASS_PATTERN = /([A-Za-z_][\w.]*)\([ \t]*\)/g;

/** whether `at` lies in a string or a comment of `tree` */
export function insideStringOrComment(tree: Tree, at: number): boolean {
  return stringOrCommentAt(tree, at) !== null;
}

/** the outermost string or comment of `tree` that `at` lies in, or null */
export function stringOrCommentAt(tree: Tree, at: number): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  for (let n: SyntaxNode | null = tree.resolveInner(at, 1); n; n = n.parent) {
    if (
      n.name === 'String' ||
      n.name === 'FormatString' ||
      n.name === 'Comment'
    )
      found = n;
  }
  return found;
}

const WITH_PAREN = /^[ \t]*(?:async[ \t]+)?with[ \t]*\(/gm;
/** a digit followed by a dot that starts no attribute, digit or second dot: `1.`, `255.,`, `2.)` */
const TRAILING_DOT = /\d\.(?![\w.])/g;
/**
 * a line-continuation backslash followed by a blank or comment-only line (CPython ends the
 * statement at that line's end)
 */
const BACKSLASH_BEFORE_BLANK = /\\(?=(?:\r\n|\r(?!\n)|\n)[ \t\f]*[\r\n#])/g;
/** the cell's last line when it holds only blanks (and no line break follows it) */
const BLANK_LAST_LINE = /(?:^|\n)([ \t\f\r]+)$/;

/** whether the digits ending at `last` (a run of digits and `_`) are a number, not part of a name */
function startsNumber(text: string, last: number): boolean {
  let i = last;
  while (i > 0 && /[\d_]/.test(text[i - 1])) i--;
  return /\d/.test(text[i]) && (i === 0 || !/[\w.]/.test(text[i - 1]));
}

/**
 * A starred target in a comprehension's `for` (`[l for *_, l in E]`): @lezer/python 1.1.19's
 * grammar allows `*` in a for statement's target but not in a comprehension's (its compFor reads
 * `commaSep<expression>`), so the star is an error node there. The start of each such star: an
 * error node holding just `*` whose earlier siblings reach the comprehension's `for` before its
 * `in` or anything that opens or ends a target list.
 */
function comprehensionStars(tree: Tree, text: string): number[] {
  const stars: number[] = [];
  tree.iterate({
    enter(node) {
      if (!node.type.isError || node.to !== node.from + 1) return;
      if (text[node.from] !== '*') return false;
      for (let s = node.node.prevSibling; s; s = s.prevSibling) {
        if (s.name === 'for') {
          stars.push(node.from);
          break;
        }
        if (s.name !== ',' && !TARGET_PART.has(s.name) && !s.type.isError)
          break;
      }
      return false;
    }
  });
  return stars;
}
/** what a comprehension's target list may hold between its `for` and a star */
const TARGET_PART = new Set([
  'VariableName',
  'MemberExpression',
  'SubscriptExpression',
  'TupleExpression',
  'ArrayExpression',
  'ParenthesizedExpression'
]);

/**
 * `with (a as f, b as g):` (Python 3.10+): finds the closing parenthesis and the `as NAME` parts
 * at the top level inside it. Undefined when the parenthesis is not followed by `:`.
 */
function parenthesizedWith(
  text: string,
  open: number
):
  | { as: { from: number; to: number; nameFrom: number; name: string }[] }
  | undefined {
  const targets: {
    from: number;
    to: number;
    nameFrom: number;
    name: string;
  }[] = [];
  let depth = 1;
  let i = open + 1;
  const asName = /as[ \t]+([A-Za-z_]\w*)/y;
  while (i < text.length && depth > 0) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = skipString(text, i);
      continue;
    }
    if (c === '#') {
      i = lineEnd(text, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 1 && c === 'a' && /\s/.test(text[i - 1])) {
      asName.lastIndex = i;
      const m = asName.exec(text);
      if (m) {
        targets.push({
          from: i,
          to: i + m[0].length,
          nameFrom: i + m[0].length - m[1].length,
          name: m[1]
        });
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  if (depth !== 0) return undefined;
  let j = i;
  while (text[j] === ' ' || text[j] === '\t') j++;
  return text[j] === ':' && targets.length ? { as: targets } : undefined;
}

/**
 * Constructs @lezer/python lacks, rewritten to same-length text with the same names:
 * - a bare `yield` (no value; common in generators, @contextmanager functions, pytest fixtures)
 *   becomes `None `;
 * - an empty class pattern `case str():` becomes the value pattern `case str._:` (both read
 *   `str` and bind nothing);
 * - a parenthesized `with (a as f, b as g):` loses its `as NAME` parts (a tuple of context
 *   managers parses); the names are returned as with-targets for the scope pass to bind;
 * - a float written with a trailing dot (`1.`, `255.`), which the grammar reads as an attribute
 *   access with no name, loses the dot (`1 ` is still a number);
 * - a starred target in a comprehension's `for` (`[l for *_, l in E]`) loses the star (the
 *   name is still bound, as a plain target);
 * - a last line of only blanks, which the grammar takes for an indentation error, becomes a
 *   comment;
 * - a continuation backslash before a blank line (the statement ends there) becomes a blank.
 * Used only when the first parse has errors, and kept only if the repaired text parses cleanly.
 */
export function repairUnsupported(
  text: string,
  tree: Tree
): { text: string; repairs: ParseRepair[] } | undefined {
  const edits: { at: number; text: string }[] = [];
  const repairs: ParseRepair[] = [];
  if (text.includes('yield')) {
    for (const m of text.matchAll(BARE_YIELD)) {
      const at = m.index;
      if (!insideStringOrComment(tree, at)) {
        edits.push({ at, text: 'None ' });
        repairs.push({ kind: 'bare-yield', from: at, to: at + 5 });
      }
    }
  }
  if (/^[ \t]*case\b/m.test(text)) {
    for (const line of text.matchAll(CASE_LINE)) {
      for (const m of line[0].matchAll(EMPTY_CLASS_PATTERN)) {
        const at = line.index + m.index + m[1].length;
        if (!insideStringOrComment(tree, at)) {
          edits.push({
            at,
            text: '._' + ' '.repeat(m[0].length - m[1].length - 2)
          });
          repairs.push({
            kind: 'empty-class-pattern',
            from: at,
            to: at + m[0].length - m[1].length
          });
        }
      }
    }
  }
  if (text.includes('with')) {
    for (const m of text.matchAll(WITH_PAREN)) {
      const open = m.index + m[0].length - 1;
      if (insideStringOrComment(tree, open)) continue;
      const found = parenthesizedWith(text, open);
      if (!found) continue;
      for (const t of found.as) {
        edits.push({ at: t.from, text: ' '.repeat(t.to - t.from) });
        repairs.push({
          kind: 'with-as',
          from: t.nameFrom,
          to: t.to,
          name: t.name
        });
      }
    }
  }
  if (text.includes('.')) {
    for (const m of text.matchAll(TRAILING_DOT)) {
      // only a number that ends at the dot: not `x1.`, not inside strings or comments (an
      // f-string's replacement field holds Number tokens). Read from the text too: the tree's
      // error recovery may have left the number's digits in an error node (`else 0.,` late in
      // a long cell: round 12's NB201 false reports), so its token is not a Number there
      if (!startsNumber(text, m.index)) continue;
      const token = tree.resolveInner(m.index, 1);
      const number = token.name === 'Number' && token.to === m.index + 1;
      if (!number && insideStringOrComment(tree, m.index)) continue;
      edits.push({ at: m.index + 1, text: ' ' });
      repairs.push({
        kind: 'float-trailing-dot',
        from: m.index + 1,
        to: m.index + 2
      });
    }
  }
  if (text.includes('*') && text.includes('for')) {
    for (const at of comprehensionStars(tree, text)) {
      edits.push({ at, text: ' ' });
      repairs.push({ kind: 'comprehension-star-target', from: at, to: at + 1 });
    }
  }
  if (text.includes('\\')) {
    for (const m of text.matchAll(BACKSLASH_BEFORE_BLANK)) {
      if (!insideStringOrComment(tree, m.index)) {
        edits.push({ at: m.index, text: ' ' });
        repairs.push({
          kind: 'backslash-before-blank-line',
          from: m.index,
          to: m.index + 1
        });
      }
    }
  }
  const blankLast = BLANK_LAST_LINE.exec(text);
  if (blankLast) {
    // a last line of blanks deeper than its block (common after a masked `!cmd \` continuation)
    // is an indentation error to the grammar but nothing to CPython; as a comment it is nothing
    const at = text.length - blankLast[1].length;
    edits.push({ at, text: '#' });
    repairs.push({ kind: 'blank-last-line', from: at, to: text.length });
  }
  if (!edits.length) return undefined;
  let out = text;
  for (const e of edits)
    out = out.slice(0, e.at) + e.text + out.slice(e.at + e.text.length);
  return { text: out, repairs };
}
