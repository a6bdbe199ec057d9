/**
 * Placeholder tokens: the blanks of an exercise notebook that a student fills in
 * (`summarizer = <FILL_IN>`, `pipe(<FILL_IN>)`, `documents=<FILL-IN>,`, `x = <YOUR_CODE_HERE>`).
 * Databricks Academy's lab notebooks ship them under `# TODO`, and their Solutions copies hold the
 * filled-in cells: such a cell does not parse on purpose. Rules that judge a cell's syntax or
 * execution ask here, on the cell's masked text (IPython syntax blanked, offsets kept).
 */

/** `<FILL_IN>`, `<FILL IN>`, `<your-project-id>`: a letter, then words joined by `_`, `-` or one space */
const TOKEN = /<([A-Za-z][\w-]*(?: [\w-]+)*)>/g;

/** keywords after which an expression starts (`return <FILL_IN>`, `for x in <FILL_IN>:`) */
const EXPRESSION_KEYWORDS = new Set([
  'return',
  'yield',
  'in',
  'not',
  'and',
  'or',
  'if',
  'else',
  'elif',
  'while',
  'assert',
  'lambda',
  'await',
  'del'
]);

/**
 * An expression may start right before `at`: after an operator, an opening bracket, `=`, `,`, `:`,
 * `.` (a member to fill in), a keyword, or at the start of a line. After a name, a literal or a
 * closing bracket, `<` is a comparison (`a <b> c` is Python already).
 */
function expressionStartsAt(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0 || text[i] === '\n') return true;
  const c = text[i];
  if (/[=([{,:.+\-*/%&|^~@<>!]/.test(c)) return true;
  if (!/\w/.test(c)) return false;
  const word = /\w+$/.exec(text.slice(Math.max(0, i - 15), i + 1))?.[0] ?? '';
  return EXPRESSION_KEYWORDS.has(word);
}

export interface PlaceholderToken {
  from: number;
  to: number;
  /** the words inside the brackets (`FILL_IN`) */
  name: string;
}

/** The placeholder tokens of a cell's text in expression positions, in order. */
export function placeholderTokens(text: string): PlaceholderToken[] {
  if (!text.includes('<')) return [];
  const out: PlaceholderToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (expressionStartsAt(text, m.index)) {
      out.push({ from: m.index, to: m.index + m[0].length, name: m[1] });
    }
  }
  return out;
}

/**
 * The text with each placeholder token replaced by a name of the same length (`<FILL_IN>` ->
 * `_FILL_IN_`), so that positions stay and a parse of it finds the cell's other errors; null
 * when the text has no placeholder token.
 */
export function withPlaceholdersAsNames(text: string): string | null {
  const tokens = placeholderTokens(text);
  if (tokens.length === 0) return null;
  let out = '';
  let at = 0;
  for (const t of tokens) {
    out +=
      text.slice(at, t.from) + text.slice(t.from, t.to).replace(/\W/g, '_');
    at = t.to;
  }
  return out + text.slice(at);
}
