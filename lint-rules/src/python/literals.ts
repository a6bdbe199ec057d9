/**
 * Python's string literals and comments read from raw text, without a parse: for the quick
 * guesses made before (or instead of) the grammar (the notebook's runtime, a cell's open string).
 */

/**
 * What ends a line, the one owner of it in the Python reading: `\r\n`, a lone `\r` or `\n`
 * (CPython reads source with universal newlines; IPython splits a cell with `splitlines()`).
 */
export const LINE_BREAK = /\r\n|\r|\n/;

const LINE_BREAK_KEPT = new RegExp(`(${LINE_BREAK.source})`);

/** A text's lines without their breaks, and the break after each (`''` after the last). */
export interface SplitLines {
  lines: string[];
  breaks: string[];
}

/** Splits `text` at every line break (LINE_BREAK), keeping the breaks for `joinLines`. */
export function splitLines(text: string): SplitLines {
  const parts = text.split(LINE_BREAK_KEPT);
  const lines: string[] = [];
  const breaks: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    breaks.push(parts[i + 1] ?? '');
  }
  return { lines, breaks };
}

/** `lines` joined with the given breaks: the text back, same length when each line kept its. */
export function joinLines(
  lines: readonly string[],
  breaks: readonly string[]
): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) out += lines[i] + (breaks[i] ?? '');
  return out;
}

/**
 * The length of the line break at `i`: 2 for CRLF, 1 for a lone LF or a lone CR, 0 for none.
 * CPython's tokenizer translates each of the three to one '\n' before it reads a line, so a
 * backslash before any of them continues the line (in a string too) and any of them ends a
 * comment or a single-quoted string.
 */
export function lineBreakAt(text: string, i: number): number {
  const c = text[i];
  if (c === '\n') return 1;
  if (c !== '\r') return 0;
  return text[i + 1] === '\n' ? 2 : 1;
}

/** The offset after the backslash at `i` and the character (or line break) it escapes. */
function afterEscape(text: string, i: number): number {
  return i + 1 + Math.max(1, lineBreakAt(text, i + 1));
}

/** The offset of the line break ending the line that holds `i` (the text's length if none). */
export function lineEnd(text: string, i: number): number {
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Skips a string literal starting at `i` (its quote); returns the index after it. */
export function skipString(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  let p = i + close.length;
  while (p < text.length) {
    if (text[p] === '\\') p = afterEscape(text, p);
    else if (text.startsWith(close, p)) return p + close.length;
    else if (!triple && lineBreakAt(text, p)) return p;
    else p++;
  }
  return p;
}

export interface CodeText {
  /** the text with each comment and each string's contents blanked to spaces (offsets kept) */
  code: string;
  /** each string literal, quotes included: where it starts and ends in the text */
  strings: { from: number; to: number }[];
}

/** The code tokens of a cell's text apart from what its comments and strings say, in one pass. */
export function codeText(text: string): CodeText {
  const parts: string[] = [];
  const strings: { from: number; to: number }[] = [];
  let at = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const end = lineEnd(text, i);
      parts.push(text.slice(at, i), ' '.repeat(end - i));
      at = i = end;
    } else if (c === '"' || c === "'") {
      const end = skipString(text, i);
      strings.push({ from: i, to: end });
      // the quotes stay, the contents go (line breaks kept, so lines stay)
      parts.push(
        text.slice(at, i + 1),
        text.slice(i + 1, Math.max(i + 1, end - 1)).replace(/[^\r\n]/g, ' '),
        end - 1 > i ? text.slice(end - 1, end) : ''
      );
      at = i = end;
    } else {
      i++;
    }
  }
  parts.push(text.slice(at));
  return { code: parts.join(''), strings };
}

/** One line without its comment (from a `#` outside its strings to the end): what the line runs. */
export function lineWithoutComment(line: string): string {
  let at = line.indexOf('#');
  if (at < 0) return line;
  for (const s of codeText(line).strings) {
    if (at < s.from) break;
    if (at < s.to) {
      at = line.indexOf('#', s.to);
      if (at < 0) return line;
    }
  }
  return line.slice(0, at);
}

/**
 * The first string literal a line ends inside (opened with one quote character) or the text ends
 * inside (a triple-quoted one): CPython's "unterminated string literal" and "unterminated
 * triple-quoted string literal", reported where the string opens, at its prefix (`r'C:\'` at the
 * `r`) as CPython does, whereas the grammar fails on a later token or not at all. Comments,
 * closed triple-quoted strings and backslash continuations are skipped as the tokenizer does. An
 * f-string (or t-string) is trusted only where it ends at the same place read either way, before
 * Python 3.12 (at the next same quote) and after (PEP 701: its replacement fields may hold the
 * same quotes, `f"{'"'.join(names)}"`); where the two differ the scan gives no answer.
 */
/** a number token run into a letter no literal takes (`57d4216`): at its first digit, after a non-word character */
const INVALID_DECIMAL = /^[^\w.][0-9][0-9_]*[ac-dfghik-np-wyzAC-DFGHIK-NP-WYZ]/;
/**
 * The number tokens CPython's tokenizer rejects besides: leading zeros (`09`), a prefixed literal
 * run into a digit or letter it does not take (`0or`, `0b2`, `0xg`), a trailing `_` (`1_`)
 */
const INVALID_NUMBER =
  /^[^\w.](?:0[0-9_]*[1-9][0-9_]*(?![0-9_.eEjJ])|0[oO][0-7_]*[89a-zA-Z]|0[bB][01_]*[2-9a-zA-Z]|0[xX][0-9a-fA-F_]*[g-zG-Z]|[0-9][0-9_]*_(?![0-9]))/;
/**
 * A character of a Python name (Unicode's ID_Continue, as CPython's XID_Continue: letters, decimal
 * digits, combining marks, `_` and other connectors; not `²`): outside ASCII, one that is not this
 * starts no token (`→`, `“`): CPython's "invalid character".
 */
export const TOKEN_CHARACTER = /\p{ID_Continue}/u;

/** CPython's message for a character outside ASCII that starts no token (`“`, a no-break space) */
export function invalidCharacterMessage(c: string): string {
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{Z}\p{C}]/u.test(c)
    ? `invalid non-printable character ${code}`
    : `invalid character '${c}' (${code})`;
}
const OPENS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/**
 * characters the scan below passes over unchanged: not a comment, a quote, a backslash, a bracket,
 * a line break or a non-ASCII character, and no digit except one after a word character or a dot
 * (where INVALID_DECIMAL and INVALID_NUMBER cannot match)
 */
const PLAIN = /(?:[^#'"\\0-9()[\]{}\r\n\x80-\uffff]|(?<=[\w.])[0-9])+/y;

/**
 * CPython reports the first tokenizer error of the source: one of another kind before any open
 * string comes first (a backslash that continues no line, an invalid number, an invalid
 * character), and so does a closing bracket that matches none (`x = )`, `(]`), and a dedent to
 * no outer indentation level.
 */
function otherTokenizerError(text: string, i: number): string | undefined {
  const c = text[i];
  if (c === '\\') {
    return !lineBreakAt(text, i + 1)
      ? 'unexpected character after line continuation character'
      : undefined;
  }
  if (c >= '0' && c <= '9') {
    const around = (text[i - 1] ?? ' ') + text.slice(i, i + 40);
    return INVALID_DECIMAL.test(around) || INVALID_NUMBER.test(around)
      ? 'invalid number literal'
      : undefined;
  }
  return c > '\x7f' && !TOKEN_CHARACTER.test(c)
    ? invalidCharacterMessage(c)
    : undefined;
}

/**
 * one token of the strings-and-comments reading alone: a run of other characters, a backslash
 * with the character it escapes, a comment, a closed triple-quoted string, a closed string on one
 * line (ends as `stringEnd` reads them without replacement fields)
 */
const SKELETON =
  /[^#'"\\]+|\\(?:\r\n|[\s\S])?|#[^\r\n]*|'''(?:[^'\\]|\\(?:\r\n|[\s\S])|'(?!''))*'''|"""(?:[^"\\]|\\(?:\r\n|[\s\S])|"(?!""))*"""|'(?:[^'\\\r\n]|\\(?:\r\n|[\s\S]))*'|"(?:[^"\\\r\n]|\\(?:\r\n|[\s\S]))*"/y;

/**
 * Whether `unterminatedString` can find a string a line ends inside: false when the text reads as
 * closed strings, comments and other characters throughout. Those are the places the scan
 * reads strings at until it stops (its other checks only stop it sooner, and an f-string it
 * reads on at the same end), so false means no `{ triple: false }` finding; a cheap test, one
 * regex step per token, for the cells the grammar accepted (most of them).
 */
export function mayEndInsideString(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    SKELETON.lastIndex = i;
    if (!SKELETON.test(text)) return true;
    i = SKELETON.lastIndex;
  }
  return false;
}

/** what the scan for an open string found: the string, or another tokenizer error first */
export type TokenizerFinding =
  | { at: number; triple: boolean; other?: undefined }
  | { at: number; other: string };

export function unterminatedString(text: string): TokenizerFinding | undefined {
  const brackets: string[] = [];
  const indents = [0];
  let continued = false;
  let i = 0;
  while (i < text.length) {
    if (
      (i === 0 ||
        text[i - 1] === '\n' ||
        (text[i - 1] === '\r' && text[i] !== '\n')) &&
      brackets.length === 0 &&
      !continued &&
      !dedentsConsistently(text, i, indents)
    ) {
      return {
        at: i,
        other: 'unindent does not match any outer indentation level'
      };
    }
    continued = false;
    // a run of characters that open, close and break nothing (names, operators, spaces, digits
    // inside a name or after a dot), skipped in one step: most of a cell
    PLAIN.lastIndex = i;
    if (PLAIN.test(text)) {
      i = PLAIN.lastIndex;
      continue;
    }
    const c = text[i];
    if (c === '#') {
      const eol = lineEnd(text, i);
      if (eol >= text.length) return undefined;
      i = eol + lineBreakAt(text, eol);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      brackets.push(c);
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      if (brackets.pop() !== OPENS[c]) {
        return { at: i, other: `unmatched '${c}'` };
      }
      i++;
      continue;
    }
    if (c !== '"' && c !== "'") {
      const other = otherTokenizerError(text, i);
      if (other) return { at: i, other };
      if (c === '\\') continued = true;
      i = c === '\\' ? afterEscape(text, i) : i + 1;
      continue;
    }
    const prefix = stringPrefix(text, i);
    const start = i - prefix.length;
    const end = stringEnd(text, i, false);
    if (/[fFtT]/.test(prefix) && stringEnd(text, i, true) !== end) {
      return undefined;
    }
    if (end === 'open') return { at: start, triple: false };
    // only a triple-quoted string runs to the end of the text unclosed
    if (end === undefined) return { at: start, triple: true };
    i = end;
  }
  return undefined;
}

/**
 * At a logical line's start: its indentation opens a block, stays, or returns to an outer level
 * (the stack of levels kept in `indents`); false when it returns to none. Blank and comment-only
 * lines do not count.
 */
function dedentsConsistently(
  text: string,
  lineStart: number,
  indents: number[]
): boolean {
  let j = lineStart;
  while (text[j] === ' ' || text[j] === '\t' || text[j] === '\f') j++;
  if (j >= text.length || '\r\n#'.includes(text[j])) return true;
  const width = j - lineStart;
  if (width > indents[indents.length - 1]) {
    indents.push(width);
    return true;
  }
  while (width < indents[indents.length - 1]) indents.pop();
  return width === indents[indents.length - 1];
}

/** the letters before a quote that make it a string prefix (`r`, `rb`, `f`), or '' */
function stringPrefix(text: string, quote: number): string {
  return (
    /(?<![\w.])[rRbBuUfFtT]{1,2}$/.exec(
      text.slice(Math.max(0, quote - 3), quote)
    )?.[0] ?? ''
  );
}

/**
 * Where the string whose quote is at `i` ends (the offset after its closing quote): 'open' when a
 * line (single quotes) or the text ends inside it, undefined for an unclosed triple-quoted string.
 * With `fields`, `{...}` replacement fields are read as Python 3.12 does (nested strings of any
 * quote, brackets; `{{` is a literal brace); a field over a line end gives undefined.
 */
function stringEnd(
  text: string,
  i: number,
  fields: boolean
): number | 'open' | undefined {
  const c = text[i];
  const triple = text.startsWith(c.repeat(3), i);
  const close = triple ? c.repeat(3) : c;
  i += close.length;
  for (;;) {
    if (i >= text.length) return triple ? undefined : 'open';
    const d = text[i];
    if (d === '\\') {
      i = afterEscape(text, i);
      continue;
    }
    if (!triple && lineBreakAt(text, i)) return 'open';
    if (text.startsWith(close, i)) return i + close.length;
    if (fields && d === '{') {
      if (text[i + 1] === '{') {
        i += 2;
        continue;
      }
      const after = fieldEnd(text, i + 1);
      if (after === undefined) return undefined;
      i = after;
      continue;
    }
    i++;
  }
}

/** the offset after the `}` closing a replacement field whose expression starts at `i` */
function fieldEnd(text: string, i: number): number | undefined {
  let depth = 0;
  while (i < text.length) {
    const d = text[i];
    if (lineBreakAt(text, i)) return undefined;
    if (d === '"' || d === "'") {
      const end = stringEnd(text, i, /[fFtT]/.test(stringPrefix(text, i)));
      if (typeof end !== 'number') return undefined;
      i = end;
      continue;
    }
    if (d === '(' || d === '[' || d === '{') depth++;
    else if (d === ')' || d === ']') depth--;
    else if (d === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return undefined;
}
