/**
 * The blanks of an exercise notebook that a student fills in: placeholder tokens
 * (`summarizer = <FILL_IN>`, `pipe(<FILL_IN>)`, `documents=<FILL-IN>,`, `x = <YOUR_CODE_HERE>`;
 * Databricks Academy's labs ship them under `# TODO`), and assignments left without a value in a
 * cell that says it is an exercise (`endpoint = # TODO 7: Your code goes here`, `PROJECT = #
 * Replace with your PROJECT`; Google Cloud's lab notebooks). The solutions copy holds the
 * filled-in cells: such a cell does not parse on purpose. Rules that judge a cell's syntax or
 * execution ask here, on the cell's masked text (IPython syntax blanked, offsets kept).
 */

/** `<FILL_IN>`, `<FILL IN>`, `<your-project-id>`: a letter, then words joined by `_`, `-` or one space */
const TOKEN = /<([A-Za-z][\w-]*(?: [\w-]+)*)>/g;
/**
 * `#FILL_IN` where a value goes (`search_space = #FILL_IN`, `SparkTrials(parallelism=#FILL_IN)`:
 * Databricks Academy's older labs): a comment that swallows the rest of the line, `)` included,
 * until the student replaces it with the value. Upper case only, as the labs write it, and only
 * before the line's closing brackets: `# FILL_IN the blanks below` is a comment about the cell.
 */
const COMMENT_TOKEN =
  /#[ \t]*(FILL[_-]?IN|FILL IN|YOUR_CODE_HERE)\b(?=[ \t)\]},:]*$)/gm;

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
  const out: PlaceholderToken[] = [];
  for (const pattern of [TOKEN, COMMENT_TOKEN]) {
    if (!text.includes(pattern === TOKEN ? '<' : '#')) continue;
    for (const m of text.matchAll(pattern)) {
      if (expressionStartsAt(text, m.index)) {
        out.push({ from: m.index, to: m.index + m[0].length, name: m[1] });
      }
    }
  }
  return out.sort((a, b) => a.from - b.from);
}

/**
 * A comment that speaks to the student: `# TODO 7: Your code goes here`, `# Replace with your
 * PROJECT`, `# Fill in`. A `# TODO` alone (`# TODO: handle nulls`) or a data-cleaning note
 * (`# fill missing values`, `# replace with the median`) is the author's, and their `x =` a bug.
 */
const EXERCISE_COMMENT = /#[^\n]*(?:\byour\b|\bfill[ _-]?in\b)/i;
/**
 * `name =` (or `obj.attr =`, `d["k"] =`, `x: int =`) with nothing after the `=` but a comment;
 * group 1 is everything before the `=`
 */
const EMPTY_ASSIGNMENT =
  /^([ \t]*[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?(?:[ \t]*:[^=\n]*)?[ \t]*)=[ \t]*(?:#[^\n]*)?$/gm;

/**
 * The offsets of the `=` of each assignment left without a value, in a cell with a comment that
 * says it is an exercise; none in any other cell (`x =` alone is a real syntax error).
 */
export function emptyAssignments(text: string): number[] {
  if (!text.includes('=') || !EXERCISE_COMMENT.test(text)) return [];
  return [...text.matchAll(EMPTY_ASSIGNMENT)].map(m => m.index + m[1].length);
}

/**
 * The text with its blanks filled, each in place so that positions stay: a placeholder token
 * becomes a name of the same length (`<FILL_IN>` -> `_FILL_IN_`), and an empty assignment's `=`
 * a space (`endpoint =` reads as the expression `endpoint`). A parse of it finds the cell's other
 * errors. Null when the text has no blank.
 */
export function withExerciseBlanksFilled(text: string): string | null {
  const tokens = placeholderTokens(text);
  // `x = #FILL_IN`: the comment is the blank, filled as a token; the `=` stays
  const starts = new Set(tokens.map(t => t.from));
  const equals = emptyAssignments(text).filter(i => {
    let next = i + 1;
    while (text[next] === ' ' || text[next] === '\t') next++;
    return !starts.has(next);
  });
  if (tokens.length === 0 && equals.length === 0) return null;
  let out = '';
  let at = 0;
  for (const t of tokens) {
    out +=
      text.slice(at, t.from) + text.slice(t.from, t.to).replace(/\W/g, '_');
    at = t.to;
  }
  const filled = out + text.slice(at);
  return equals.reduce(
    (acc, i) => acc.slice(0, i) + ' ' + acc.slice(i + 1),
    filled
  );
}
