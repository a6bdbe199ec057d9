/**
 * The distribution names a `setup.py` gives as a literal, read as Python text and never run:
 * the `name=` keyword of each `setup(` call itself (at the call's own bracket level, so never an
 * `Extension(name=...)` or a `dict(name=...)` inside it, nor code after its closing paren), when
 * its value is a plain string literal followed by `,` or `)`. Adjacent literals are joined as
 * Python joins them (`"my" "pkg"` is `mypkg`); an f-string, bytes, a variable, a call or a
 * literal with more after it (`"a" + X`, `"A".lower()`) names nothing. Comments and the inside of
 * strings are skipped, so `setup(` or `name=` there is no call; `teardown_setup(` and
 * `def setup(` are not calls of `setup`. One pass over the text: linear in its length.
 */

type Token =
  | { kind: 'name'; text: string }
  | { kind: 'str'; value: string | null }
  | { kind: 'op'; text: string };

/** sticky: an identifier, a number, a run of blanks (a `\` continues a line) at lastIndex */
const WORD = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y;
const NUMBER = /\d[\w.]*/y;
const BLANKS = /[ \t\n\r\f\\]+/y;

/** The end of `re`'s match at `at` (sticky), or `at` when it does not match there. */
function matchEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : at;
}
/** prefixes whose literal is a plain `str` (the others: bytes, f-strings, t-strings) */
const PLAIN_PREFIX = /^(?:|r|u)$/i;
const STRING_PREFIX = /^(?:r|u|b|f|t|br|rb|fr|rf|tr|rt)$/i;

/** The end (exclusive) of the string literal whose quote starts at `at`. */
function stringEnd(text: string, at: number): number {
  const q = text[at];
  const triple = text.startsWith(q + q + q, at);
  let i = at + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2; // an escaped character, in a raw string too, never ends the literal
    } else if (triple ? text.startsWith(q + q + q, i) : c === q) {
      return i + (triple ? 3 : 1);
    } else if (!triple && c === '\n') {
      return i; // unterminated: it ends with its line
    } else {
      i++;
    }
  }
  return text.length;
}

/** Python's tokens, as far as a call's brackets, names, `=`, `,` and string literals go. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (matchEnd(BLANKS, text, i) > i) {
      i = BLANKS.lastIndex;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      out.push({ kind: 'str', value: literalValue(text, i, end, '') });
      i = end;
    } else if (matchEnd(WORD, text, i) > i) {
      const j = WORD.lastIndex;
      const word = text.slice(i, j);
      if (
        (text.startsWith('"', j) || text.startsWith("'", j)) &&
        STRING_PREFIX.test(word)
      ) {
        const end = stringEnd(text, j);
        out.push({ kind: 'str', value: literalValue(text, j, end, word) });
        i = end;
      } else {
        out.push({ kind: 'name', text: word });
        i = j;
      }
    } else if (matchEnd(NUMBER, text, i) > i) {
      out.push({ kind: 'op', text: '0' });
      i = NUMBER.lastIndex;
    } else if ('=!<>:'.includes(c) && text[i + 1] === '=') {
      out.push({ kind: 'op', text: c + '=' });
      i += 2;
    } else {
      out.push({ kind: 'op', text: c });
      i++;
    }
  }
  return out;
}

/** The text of a plain, closed string literal from `at` to `end`; null for any other literal. */
function literalValue(
  text: string,
  at: number,
  end: number,
  prefix: string
): string | null {
  if (!PLAIN_PREFIX.test(prefix)) return null;
  const q = text[at];
  const width = text.startsWith(q + q + q, at) ? 3 : 1;
  if (end - at < 2 * width || text[end - 1] !== q) return null;
  return text.slice(at + width, end - width);
}

const isOp = (t: Token | undefined, ops: string): boolean =>
  t?.kind === 'op' && ops.includes(t.text) && t.text.length === 1;

const isName = (t: Token | undefined, word: string): boolean =>
  t?.kind === 'name' && t.text === word;

/**
 * The literal names of the `setup(` calls, in the order of the calls; `valid` filters each
 * (PEP 508's name). An unclosed call names nothing.
 */
export function setupPyLiteralNames(
  text: string,
  valid: (name: string) => string | null
): string[] {
  const toks = tokens(text);
  /** the token at `k`, undefined past either end */
  const at = (k: number): Token | undefined => toks[k];
  const names = new Set<string>();
  let depth = 0;
  let call: { depth: number; decided: boolean; name: string | null } | null =
    null;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (isOp(t, '([{')) {
      depth++;
      if (
        call === null &&
        t.kind === 'op' &&
        t.text === '(' &&
        isName(at(i - 1), 'setup') &&
        !isName(at(i - 2), 'def')
      ) {
        call = { depth, decided: false, name: null };
      }
    } else if (isOp(t, ')]}')) {
      if (call !== null && depth === call.depth) {
        if (call.name !== null) names.add(call.name);
        call = null;
      }
      depth = Math.max(0, depth - 1);
    } else if (
      call !== null &&
      !call.decided &&
      depth === call.depth &&
      t.kind === 'name' &&
      t.text === 'name' &&
      isOp(at(i - 1), '(,') &&
      isOp(at(i + 1), '=')
    ) {
      call.decided = true;
      let value: string | null = '';
      let j = i + 2;
      for (let s = at(j); s?.kind === 'str'; s = at(++j)) {
        value = value === null || s.value === null ? null : value + s.value;
      }
      if (j > i + 2 && value !== null && isOp(at(j), ',)')) {
        call.name = valid(value);
      }
    }
  }
  return [...names];
}
