/**
 * Placeholders: text a notebook leaves for its reader to replace. This module owns two of the
 * three questions, each answered by its own test because the same brackets mean different things
 * in each place; the third, whether a credential's value is a placeholder rather than a secret
 * (`changeme`, `xxxxxxxx`, `__add the client secret__`, `<your-api-key>`: support/secrets
 * `looksLikePlaceholder`, NB408 and NB504), stays there: it is asked of a value already known to sit where a
 * secret goes, and answers "not a secret" for any filler or instruction (a wider net, which here
 * would hide real findings), beside the secret rules' other value tests (redaction, needles).
 *
 * - Exercise blanks (NB201, `withExerciseBlanksFilled` and what it uses): CODE left unwritten, so
 *   that the cell does not parse until the student fills it in. Placeholder tokens
 *   (`summarizer = <FILL_IN>`, `pipe(<FILL_IN>)`, `documents=<FILL-IN>,`, `x = <YOUR_CODE_HERE>`;
 *   Databricks Academy's labs ship them under `# TODO`), and assignments left without a value in
 *   a cell that says it is an exercise (`endpoint = # TODO 7: Your code goes here`, `PROJECT = #
 *   Replace with your PROJECT`; Google Cloud's lab notebooks). The solutions copy holds the
 *   filled-in cells. Read on the cell's masked text (IPython syntax blanked, offsets kept), where a
 *   token outside a string is a syntax error: only exercise words (upper case, "your", "fill in")
 *   in an expression position count, since `a <b> c` is Python and `<b>` pasted HTML.
 * - Setting placeholders (NB102, `isSettingPlaceholder`): a VALUE left for the reader, inside a
 *   string literal that parses and would run as written (`WORKSPACE = "<workspacename>"`). There
 *   the usual form is a lower-case name, so the test is the string's shape instead: the whole
 *   string one bracketed name that is no HTML tag, or a name that can be nothing else.
 * - Filler text (NB305, `isFillerText`): words a writer leaves where a NAME or a summary goes, to
 *   replace later (`"""TODO: fill in"""`, `"""Untitled1"""`): no name, whatever its form.
 *
 * Whether a notebook or a cell is an exercise handed out, which decides where the blanks count,
 * is support/exercises.ts.
 */

import type { LintCell } from '../../engine/types';
import { LINE_BREAK, codeText, splitLines } from '../../python/literals';
import { commentSpans, isUnparsedPythonCell } from './syntax';

/** `<FILL_IN>`, `<FILL IN>`, `<your-project-id>`: a letter, then words joined by `_`, `-` or one space */
const TOKEN = /<([A-Za-z][\w-]*(?: [\w-]+)*)>/g;
/**
 * What an exercise writes between the brackets: upper-case words joined by `_`, `-` or a space
 * (`FILL_IN`, `YOUR_CODE_HERE`, `PROJECT_ID`) or `TODO`, or words that speak to the student
 * (`your-project-id`, `fill in`, `code here`). Anything else in angle brackets is what a real
 * error looks like: HTML (`<b>`, `<html>`), a type parameter (`<T>`), a pasted repr
 * (`<built-in function len>`, `<Figure size 640x480 with 1 Axes>`).
 */
const UPPER_BLANK = /^(?:[A-Z][A-Z0-9]*(?:[_ -][A-Z0-9]+)+|TODO)$/;
const WORDY_BLANK = /\byour\b|\bfill[ _-]?in\b|\bcode[ _-]here\b/i;

function isExerciseWord(name: string): boolean {
  return (
    (UPPER_BLANK.test(name) && /[A-Z][^A-Z]*[A-Z]/.test(name)) ||
    WORDY_BLANK.test(name)
  );
}

/**
 * `#FILL_IN` where a value goes (`search_space = #FILL_IN`, `SparkTrials(parallelism=#FILL_IN)`:
 * Databricks Academy's older labs): a comment that swallows the rest of the line, `)` included,
 * until the student replaces it with the value. Upper case only, as the labs write it, and only
 * before the line's closing brackets: `# FILL_IN the blanks below` is a comment about the cell.
 */
const COMMENT_TOKEN =
  /#[ \t]*(FILL[_-]?IN|FILL IN|YOUR_CODE_HERE)\b(?=[ \t)\]},:]*$)/gm;

/**
 * `## Fillin ##`, `.map(## FILLIN ##)`: a fill-in mark closed by `#`s of its own where a value goes
 * (UCSD's redacted Spark homeworks), any case: the closing `##` says it is a mark, not a note
 * (`# fill in later` stays the author's).
 */
const FENCED_TOKEN = /#{2,}[ \t]*(fill[ _-]?in)[ \t]*#{2,}(?=[ \t)\]},:]*$)/gim;

/**
 * `np.random.seed(###)`, `car_sales_X = ###`, `t.???`, `temperatures = ???`: three `#` or three
 * `?` alone where a value goes, before the line's end or a closing `,` `)` `]` `}` `:` (zero-to-
 * mastery's and the pyspark course's exercises). No words say it is a blank, so only in a cell
 * that never ran (`unrunCell`): `###` there swallows the rest of the line, and `???` is no IPython
 * help syntax (that is one or two `?` after a name). A `###` only where a value goes on the same
 * line (after `=`, a bracket, `,`, `.`, an operator or a keyword such as `return`): alone on its
 * line it is a comment (a heading inside a dict, or the only line of a block: CPython emits no
 * INDENT for a comment line, so `for i in x:` over it is a real IndentationError).
 */
const BARE_BLANK = /(?<![#?\w])(#{3}|\?{3})(?=[ \t]*(?:[,)\]}:]|$))/gm;

/**
 * a comment where a value goes (after `=`, `(`, `[`, `{`, `,` or a name's `.` on its line: `df.#<- can
 * you complete this?`), up to the line's
 * closing brackets: `assert (# please complete this)`. Matched greedily to the line's end and
 * the closing brackets trimmed after (trimValueComment): a lazy body before a `[ \t)\]},:]*$`
 * lookahead retried the lookahead at every character, quadratic on `x = (#` and 80,000 `)`.
 * The lookbehind comes after the `#`, so it is only tried at a `#`.
 */
const VALUE_COMMENT = /#(?<=(?:[=([{,]|[A-Za-z_]\.)[ \t]*#)[^\n]*/gm;
/** the line's closing brackets and blanks at the end of a VALUE_COMMENT match */
const CLOSERS = new Set([' ', '\t', ')', ']', '}', ',', ':', '\r']);

function trimValueComment(comment: string): string {
  let end = comment.length;
  while (end > 1 && CLOSERS.has(comment[end - 1])) end--;
  return comment.slice(0, end);
}

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
  'await',
  // `from <FILL_IN>`, `import <FILL_IN>`: the module is the blank (withExerciseBlanksFilled)
  'from',
  'import'
]);

/**
 * An expression may start right before `at`: after an operator, an opening bracket, `=`, `,`, `:`,
 * `.` (a member to fill in), a keyword, or at the start of a line (with `lineStart`). After a
 * name, a literal or a closing bracket, `<` is a comparison (`a <b> c` is Python already).
 */
function expressionStartsAt(
  text: string,
  at: number,
  lineStart = true
): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0 || text[i] === '\n') return lineStart;
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

/**
 * The placeholder tokens of a cell's text in expression positions, in order; with `unrunCell`
 * (the cell has no execution count and no output) also a comment that speaks to the student where
 * a value goes (`assert (# please complete this)`), and with `bareBlanks` (an unrun cell of an
 * exercise: bareBlanksCued) the bare `###`/`???` blanks.
 */
export function placeholderTokens(
  text: string,
  unrunCell = false,
  bareBlanks = unrunCell
): PlaceholderToken[] {
  const out: PlaceholderToken[] = [];
  /** where a token already starts: a `some()` over `out` per match made 80,000 `###,` quadratic */
  const starts = new Set<number>();
  const patterns = [TOKEN, COMMENT_TOKEN, FENCED_TOKEN];
  if (bareBlanks) patterns.push(BARE_BLANK);
  if (unrunCell) patterns.push(VALUE_COMMENT);
  for (const pattern of patterns) {
    const cue =
      pattern === TOKEN
        ? text.includes('<')
        : pattern === BARE_BLANK
          ? text.includes('###') || text.includes('???')
          : text.includes('#');
    if (!cue) continue;
    for (const m of text.matchAll(pattern)) {
      const matched = pattern === VALUE_COMMENT ? trimValueComment(m[0]) : m[0];
      if (
        (pattern === TOKEN
          ? isExerciseWord(m[1])
          : pattern !== VALUE_COMMENT || speaksToStudent(matched)) &&
        expressionStartsAt(
          text,
          m.index,
          pattern !== BARE_BLANK || m[1] === '???'
        ) &&
        !starts.has(m.index)
      ) {
        starts.add(m.index);
        out.push({
          from: m.index,
          to: m.index + matched.length,
          name: pattern === VALUE_COMMENT ? matched : m[1]
        });
      }
    }
  }
  return out.sort((a, b) => a.from - b.from);
}

/**
 * A comment that speaks to the student: `# TODO 7: Your code goes here`, `# Replace with your
 * PROJECT`, `# Enter your ENDPOINT here.`, `# FILL_IN`. A `# TODO` alone (`# TODO: handle nulls`), a data-cleaning note
 * (`# fill missing values`, `# fill in later`, `# replace with the median`) or a bare "your"
 * (`# load your data`) is the author's, and their `x =` a bug.
 */
const STUDENT_WORDS =
  /\b(?:please|can you) complete\b|\byour[ _-]code\b|\breplace (?:it |this )?with your\b|\benter your\b|\byour\b[^\n]{0,40}\bhere\b/i;
const STUDENT_MARKS = /\bTODO[ \t]*\d|\bFILL[ _-]?IN\b|\bYOUR_[A-Z]/;

export function speaksToStudent(comment: string): boolean {
  return STUDENT_WORDS.test(comment) || STUDENT_MARKS.test(comment);
}

/** the target of `name =`, `obj.attr =`, `d["k"] =`, `x: int =` (the text before the `=`, trimmed) */
const ASSIGNMENT_TARGET =
  /^[ \t]*[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:\[[^\]]*\])?)*(?:[ \t]*:[^=]*)?$/;
/** nothing after the `=` but blanks and a comment (group 1) */
const NOTHING_AFTER = /^[ \t\r]*(#[^\n]*|)$/;

/**
 * The `=` of `line` when it is an assignment left without a value (its comment, if any), else
 * null. Split by hand at the first `=`: no pattern scans the line twice.
 */
function emptyAssignmentOn(
  line: string
): { equals: number; comment: string } | null {
  const equals = line.indexOf('=');
  if (equals < 0 || line[equals + 1] === '=') return null;
  const after = NOTHING_AFTER.exec(line.slice(equals + 1));
  if (!after) return null;
  let end = equals;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (!ASSIGNMENT_TARGET.test(line.slice(0, end))) return null;
  return { equals, comment: after[1] };
}

/**
 * The offsets of the `=` of each assignment left without a value whose own comment, or a
 * comment line of the block right above it (blank lines and other such blanks between), speaks
 * to the student; with `exercise` (the cell is an exercise's answer: exercisePromptAbove), every
 * one. None elsewhere: `x =` alone is a real syntax error, and a comment further up
 * (or a `#` inside a string) says nothing about this line.
 */
export function emptyAssignments(
  text: string,
  exercise = false,
  bareBlanks = false
): number[] {
  if (!text.includes('=')) return [];
  const out: number[] = [];
  let exerciseAbove = exercise;
  let at = 0;
  const { lines, breaks } = splitLines(text);
  for (const [k, line] of lines.entries()) {
    const blank = emptyAssignmentOn(line);
    if (blank) {
      // `test_loss, test_acc = # TODO` in a cell never run: the bare mark is the blank's
      if (
        exerciseAbove ||
        speaksToStudent(blank.comment) ||
        (bareBlanks && BARE_MARK.test(blank.comment))
      ) {
        out.push(at + blank.equals);
      }
    } else if (/^[ \t]*#/.test(line)) {
      exerciseAbove ||= speaksToStudent(line);
    } else if (line.trim() !== '') {
      exerciseAbove = exercise;
    }
    at += line.length + breaks[k].length;
  }
  return out;
}

/**
 * Whether a cell's text leaves code for its reader to write: an exercise blank (a placeholder
 * token, an assignment whose comment speaks to the student) or any assignment left without a
 * value, comment or not (`lr = `, `criterion = # TODO define the loss`: Udacity's exercises). A
 * wider test than NB201's on purpose: a rule that asks what a cell which does not parse may
 * read (NB205) only keeps a finding back when it is wrong, where NB201 would hide a real error.
 */
export function leavesCodeUnwritten(text: string): boolean {
  return (
    placeholderTokens(text).length > 0 ||
    (text.includes('=') &&
      text.split(LINE_BREAK).some(line => emptyAssignmentOn(line) !== null))
  );
}

/**
 * A cell that does not parse and holds code not written yet: a blank (`tokenizer = <FILL_IN>`,
 * `lr = `), or a comment that marks one (`model = ???  # your code here`, `"max_depth": # TODO,`).
 * The student's answer may read any import (NB205) and define any name (NB104).
 */
export function leavesAnswerUnwritten(lc: LintCell): boolean {
  if (!isUnparsedPythonCell(lc)) {
    return false;
  }
  const source = lc.cell.source;
  if (leavesCodeUnwritten(lc.analysis?.parsed.masked.text ?? source)) {
    return true;
  }
  return commentSpans(lc).some(({ from, to }) =>
    commentLeavesCodeUnwritten(
      source.slice(from, to),
      source.slice(source.lastIndexOf('\n', from - 1) + 1, from)
    )
  );
}

/**
 * The exercise and blank words, one list for NB201 and NB108 (expectedFailure.ts). Markdown that
 * sets an exercise anywhere (EXERCISE_HEADING, NB108's unfilled exercise: the heading further up
 * whose exercise an error is about) also sets one right above a cell (EXERCISE_PROMPT, NB201's
 * gate for empty assignments); the prompt adds one phrase. "your code" right above a cell speaks
 * of that cell, where the code goes ("Write your code below"); in a paragraph further up it is as
 * often about running or checking code ("test your code", "your code should print"), and NB108
 * stops at the first exercise Markdown above the failing cell, so there it would end the search
 * before the heading that sets the exercise.
 */
/** Markdown that sets an exercise: "**Exercise:** Implement ...", "### Your Turn to Build a Network" */
export const EXERCISE_HEADING = /\bexercise\b|\byour turn\b/i;
/**
 * a comment that marks a blank the reader fills in: "## Your solution here", "## TODO: Implement
 * ...". Spaces are `[ \t]*`, never `\s*`: under the `m` flag `^\s*` crossed line breaks, so every
 * blank line re-read all the blank lines after it (40k blank lines: 7.8 s).
 */
export const BLANK_COMMENT =
  /^[ \t]*#+[ \t]*(?:(?:TODO:?[ \t]*)?implement\b|your (?:solution|code|answer)\b|type your code\b)/im;
/** a line that is a function's blank: "## TODO: Implement the softmax function here" */
export const BLANK_LINE = /^[ \t]*#+[ \t]*(?:TODO:?[ \t]*)?implement\b/i;

/** a comment that is only an exercise's mark, closing punctuation after it: `# TODO,`, `#FILL_IN)` */
const BARE_MARK =
  /^#[ \t]*(?:TODO|FILL[ _-]?IN|YOUR_[A-Z_]+)\b[ \t]*[,;)\]}:]*[ \t]*$/;
/** a line that ends where a value or an argument goes: after `:`, `=` or `(` */
const VALUE_GOES_HERE = /[:=(][ \t]*$/;

/**
 * Whether a comment of a cell that does not parse marks code left for the student to write: it
 * speaks to the student anywhere (`model = ???  # your code here`), or it stands where a value
 * goes and is only an exercise's mark (`"max_depth": # TODO,` in fabric-samples' 4B_Tune_EXERCISE,
 * `fit(  # TODO`). `lineBefore` is the text of the comment's line before it. A `# TODO: handle
 * nulls` note after a block's `:` is the author's: more than a mark.
 */
export function commentLeavesCodeUnwritten(
  comment: string,
  lineBefore: string
): boolean {
  return (
    speaksToStudent(comment) ||
    (BARE_MARK.test(comment) && VALUE_GOES_HERE.test(lineBefore)) ||
    closesCallAsComment(comment, lineBefore)
  );
}

/** a comment that ends with the closing brackets of its line (`# Your Embedding Layer)`) */
const SWALLOWED_CLOSER = /[)\]}][ \t]*$/;

/**
 * An argument written as a description of itself: `model.add(# Your Embedding Layer)`,
 * `model.compile(# Pick a loss function and an optimizer)` (dlaicourse's NLP exercises, round 17).
 * The comment stands right after the `(` and holds the call's own `)`: the line's brackets do
 * not close without it, so the cell cannot parse until the student writes the argument. A
 * comment after `f(` on a call that goes on below (`f(  # the data`, then `x)`) holds no closer.
 */
function closesCallAsComment(comment: string, lineBefore: string): boolean {
  if (!/\([ \t]*$/.test(lineBefore) || !SWALLOWED_CLOSER.test(comment)) {
    return false;
  }
  let open = 0;
  for (const c of lineBefore) {
    if (c === '(' || c === '[' || c === '{') open++;
    else if (c === ')' || c === ']' || c === '}') open--;
  }
  return open > 0;
}

/**
 * The comments that are all a block's body holds and that speak to the student (speaksToStudent):
 * `with tf.device('/CPU:0'):` then only `    # your code here` (codebasics' GPU-benchmarking
 * exercise, under `%%timeit`), the body left for the student to write. CPython rejects such a
 * block ("IndentationError: expected an indented block after 'with' statement": a comment is no
 * statement, the tokenizer emits no INDENT for a comment-only line). Each span runs from the
 * comment's `#` to its line's end. A block whose comment is the author's (`# TODO later`,
 * `# nothing yet`) or that has no comment at all stays an error, as does one whose comment sits
 * no deeper than the line ending in `:` (it is not the block's body) or is followed by code
 * inside the block.
 */
function placeholderBodies(text: string): { from: number; to: number }[] {
  if (!text.includes('#')) return [];
  const { lines, breaks } = splitLines(text);
  // the same lines with comments and strings' contents blanked (line breaks and offsets kept)
  const code = splitLines(codeText(text).code).lines;
  const out: { from: number; to: number }[] = [];
  /** the indentation of the last code line when it ends with `:` (a block's header) */
  let header: number | null = null;
  let pending: { from: number; to: number } | null = null;
  let at = 0;
  for (const [k, line] of lines.entries()) {
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    if (code[k].trim() === '') {
      if (
        header !== null &&
        pending === null &&
        line[indent] === '#' &&
        indent > header &&
        speaksToStudent(line)
      ) {
        pending = { from: at + indent, to: at + line.length };
      }
    } else {
      if (pending && header !== null && indent <= header) out.push(pending);
      header = /:[ \t]*$/.test(code[k]) ? indent : null;
      pending = null;
    }
    at += line.length + breaks[k].length;
  }
  if (pending) out.push(pending);
  return out;
}

/**
 * Where the `from` keyword is when the text before `at` on its line is only `from` and blanks
 * (`    from <FILL_IN>`), else -1. Walks back over blanks only: bounded by the text between the
 * token and the line's start, read once per token.
 */
function fromKeywordBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === at || text.slice(i - 4, i) !== 'from') return -1;
  const keyword = i - 4;
  let j = keyword;
  while (j > 0 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  return j === 0 || text[j - 1] === '\n' ? keyword : -1;
}
/** nothing but blanks and a comment */
const REST_EMPTY = /^[ \t\r]*(?:#.*)?$/;
function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/** Coursera/deeplearning.ai's graded cells: `### START CODE HERE ###` ... `### END CODE HERE ###` */
const START_CODE = /^[ \t]*#+[ \t]*START CODE HERE\b/;
const END_CODE = /^[ \t]*#+[ \t]*END CODE HERE\b/;
const NONE_WORD = /\bNone\b/g;

/**
 * The offsets of each `None` between a `### START CODE HERE ###` line and its `### END CODE
 * HERE ###` (or the cell's end): deeplearning.ai's assignments write every piece the learner
 * fills in as `None`, names too (`def None():`, `None = None`, `class X(None):`), which makes the
 * cell a syntax error until it is done. Each is read as a name (`N0ne`, the same length): an
 * expression `None` stays an expression, and the cell's other errors still show.
 */
function noneBlanks(text: string): number[] {
  if (!text.includes('START CODE HERE') || !text.includes('None')) return [];
  const out: number[] = [];
  const { lines, breaks } = splitLines(text);
  let inside = false;
  let at = 0;
  for (const [k, line] of lines.entries()) {
    if (START_CODE.test(line)) inside = true;
    else if (END_CODE.test(line)) inside = false;
    else if (inside && line.includes('None')) {
      for (const m of line.matchAll(NONE_WORD)) out.push(at + m.index);
    }
    at += line.length + breaks[k].length;
  }
  return out;
}

/**
 * The text with its blanks filled, each in place so that positions stay: a placeholder token
 * becomes a name of the same length (`<FILL_IN>` -> `_FILL_IN_`), an empty assignment's `=`
 * a space (`endpoint =` reads as the expression `endpoint`), and a block body that is only a
 * comment speaking to the student (placeholderBodies) the statement `0`, with `handedOut` only
 * (exerciseHandedOut). A parse of it finds the cell's other errors. Null when the text has no blank.
 */
export function withExerciseBlanksFilled(
  text: string,
  exercise = false,
  handedOut = false,
  unrunCell = false,
  bareBlanks = unrunCell
): string | null {
  const tokens = placeholderTokens(text, unrunCell, bareBlanks);
  // `x = #FILL_IN`: the comment is the blank, filled as a token; the `=` stays
  const starts = new Set(tokens.map(t => t.from));
  const equals = emptyAssignments(text, exercise, bareBlanks).filter(i => {
    let next = i + 1;
    while (text[next] === ' ' || text[next] === '\t') next++;
    return !starts.has(next);
  });
  // a block's comment-only body only in an exercise handed out (handedOut): in a notebook that
  // ran, or one that sets no exercise, `def train(model):` over `# your code here` is a real
  // IndentationError (CPython: "expected an indented block"), as NB201 reports it
  const bodies = handedOut ? placeholderBodies(text) : [];
  const nones = noneBlanks(text);
  if (
    tokens.length === 0 &&
    equals.length === 0 &&
    bodies.length === 0 &&
    nones.length === 0
  )
    return null;
  // one pass over the text's code units: a slice per blank made 50,000 blanks quadratic
  const chars = text.split('');
  for (const t of tokens) {
    for (let i = t.from; i < t.to; i++) if (/\W/.test(chars[i])) chars[i] = '_';
    // `from <FILL_IN>` with nothing after: the statement is the blank (`from` becomes `0 or`,
    // an expression over the token), while `from <FILL_IN> import x` parses once the token is a name
    const from = fromKeywordBefore(text, t.from);
    if (from >= 0 && REST_EMPTY.test(text.slice(t.to, lineEnd(text, t.to)))) {
      for (let i = 0; i < 4; i++) chars[from + i] = '0 or'[i];
    }
  }
  for (const i of nones) chars[i + 1] = '0';
  for (const i of equals) chars[i] = ' ';
  // a block's placeholder comment becomes the statement `0` (spaces after it): the block has a body
  for (const b of bodies) {
    chars[b.from] = '0';
    for (let i = b.from + 1; i < b.to; i++) chars[i] = ' ';
  }
  return chars.join('');
}

/**
 * HTML's tag names: `"<b>"`, `"<div>"` as a whole string are markup, not a setting to fill in.
 */
const HTML_TAGS =
  /^(html|head|body|div|span|table|thead|tbody|tr|td|th|script|style|br|hr|img|pre|code|ul|ol|li|em|strong|small|sub|sup|label|input|button|form|select|option|iframe|svg|path|link|meta|title|center|font|p|a|b|i|u|h[1-6])$/i;
/** `<workspacename>`, `<subscription-id>`, `<your.host>`: a letter, then word characters, `.`, `-` */
const SETTING_PLACEHOLDER = /<([A-Za-z][\w.-]*)>/g;

/**
 * The whole value an instruction to the reader: paste, enter, insert or put, then "your ..." or
 * "... here" (round 28, IBM's samples: `username = 'PASTE YOUR USERNAME HERE'`, `'PASTE THE
 * PLATFORM URL HERE'`). Nothing before the verb and nothing after "here", so a message that
 * asks for input (`'Please enter your name here: ' + name`) or mentions pasting is not one.
 */
const READER_INSTRUCTION =
  /^(?:paste|enter|insert|put)\b[\w ./:-]*\b(?:your\b[\w ./:-]*|here)$/i;

/**
 * A string literal (its source text, quotes and prefix included) that is a value left for the
 * reader to fill in: an instruction to the reader as the whole value (READER_INSTRUCTION), one
 * angle-bracketed name as the whole value (`"<workspacename>"`), or a name
 * that cannot be anything else anywhere in it (hyphenated or "your...": `'<subscription-id>'`,
 * `"abfss://<your-workspace>@onelake..."`). Not HTML (a closing tag, a tag name HTML has), not a
 * comparison in SQL (`"WHERE a<limit AND b>0"`). Which strings to ask about (a simple
 * assignment's whole value, not a list of tokens like `["<pad>", "<unk>"]`) is the caller's.
 */
export function isSettingPlaceholder(literal: string): boolean {
  const value = literal
    .replace(/^[A-Za-z]*('''|"""|'|")/, '')
    .replace(/('''|"""|'|")$/, '');
  if (value.includes('</')) {
    return false;
  }
  // an instruction is a short line (and the pattern backtracks over a long one)
  if (value.length <= 200 && READER_INSTRUCTION.test(value)) {
    return true;
  }
  const whole = /^<([A-Za-z][\w.-]*)>$/.exec(value);
  if (whole) {
    return !HTML_TAGS.test(whole[1]);
  }
  for (const m of value.matchAll(SETTING_PLACEHOLDER)) {
    if (m[1].includes('-') || /^your/i.test(m[1])) {
      return true;
    }
  }
  return false;
}

/**
 * A marker (`TODO`, `FIXME`, `XXX`, `TBD`, `WIP`) alone or as a note's label (`TODO: fill in`),
 * or a default name (`test`, `untitled`, Jupyter's and Colab's `Untitled1`, `placeholder`,
 * `lorem ipsum`, `fill in`), alone or labelling a note
 */
const FILLER =
  /^(?:todo|fixme|xxx+|tbd|wip|test|untitled\d*|placeholder|fill[ _-]?in|lorem ipsum)\b[ \t]*(?::.*)?$/i;

/**
 * Whether words that stand where a name or a summary goes are filler left to replace (FILLER),
 * not a name: `TODO: fill in`, `Untitled1`, `test`. A name that starts with such a word
 * (`Test harness for the churn model`, `TODO app backend`) is a name.
 */
export function isFillerText(words: string): boolean {
  return FILLER.test(words.trim());
}
