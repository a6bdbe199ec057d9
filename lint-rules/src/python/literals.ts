/**
 * Python's string literals and comments read from raw text, without a parse: for the quick
 * guesses made before (or instead of) the grammar (the notebook's runtime, a cell's open string).
 */

/** Skips a string literal starting at `i` (its quote); returns the index after it. */
export function skipString(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  let p = i + close.length;
  while (p < text.length) {
    if (text[p] === '\\') p += 2;
    else if (text.startsWith(close, p)) return p + close.length;
    else if (!triple && text[p] === '\n') return p;
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
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      parts.push(text.slice(at, i), ' '.repeat(end - i));
      at = i = end;
    } else if (c === '"' || c === "'") {
      const end = skipString(text, i);
      strings.push({ from: i, to: end });
      // the quotes stay, the contents go (line breaks kept, so lines stay)
      parts.push(
        text.slice(at, i + 1),
        text.slice(i + 1, Math.max(i + 1, end - 1)).replace(/[^\n]/g, ' '),
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
