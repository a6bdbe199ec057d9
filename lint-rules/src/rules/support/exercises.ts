/**
 * Exercises: whether a notebook, or a cell of it, is an exercise handed out to a student (an
 * .ipynb never run, Markdown that sets an exercise, an answer left unwritten), the context in
 * which NB201, NB104 and NB108 read a cell's blanks (support/placeholders.ts) as the student's.
 */

import type { LintCell, RuleContext } from '../../engine/types';
import { codeText, lineWithoutComment } from '../../python/literals';
import {
  EXERCISE_HEADING,
  emptyAssignments,
  leavesAnswerUnwritten,
  placeholderTokens,
  speaksToStudent,
  withExerciseBlanksFilled
} from './placeholders';
import { commentSpans } from './syntax';

/**
 * A cell that does not parse and says it is an exercise's answer: a placeholder token
 * (`API_KEY = <YOUR_API_KEY>`), a comment that speaks to the student, or a blank
 * (leavesAnswerUnwritten) under Markdown that sets an exercise. A bare `x = ` alone is a typo
 * (azureml-examples' `classification_job.resources = `), not an exercise.
 */
function setsExercise(lc: LintCell, context: RuleContext): boolean {
  if (!leavesAnswerUnwritten(lc)) {
    return false;
  }
  const text = lc.analysis?.parsed.masked.text ?? lc.cell.source;
  return (
    withExerciseBlanksFilled(text) !== null ||
    exercisePromptAbove(context.notebook.cells, lc.cell.index) ||
    commentSpans(lc).some(({ from, to }) =>
      speaksToStudent(lc.cell.source.slice(from, to))
    )
  );
}

/**
 * An .ipynb none of whose code cells ran: no execution count, no output (a .py script format has
 * neither, so says nothing). An exercise is handed out so; its solution copy has run.
 */
export function isUnrunIpynb(context: RuleContext): boolean {
  return context.notebook.format === 'ipynb' && !someCellRan(context);
}

/** Whether a code cell was saved with an execution count or outputs: a kernel ran the notebook. */
export function someCellRan(context: RuleContext): boolean {
  return context.cells.some(
    lc =>
      lc.cell.kind === 'code' &&
      (lc.cell.executionCount !== null || lc.cell.outputs.length > 0)
  );
}

/**
 * Where an exercise handed out unrun starts (a notebook cell index), or null when the notebook
 * is none: an .ipynb whose code cells none ran (no execution count, no output; a .py script
 * format has neither, so says nothing) with a cell that sets an exercise (setsExercise). It
 * starts at that cell, or at the first code cell under Markdown that sets an exercise if that
 * is earlier: what cells from there read and no cell defines is the student's to write, not
 * state of a kernel (none ran it). Reads above it stay the notebook's own (nbstripout-ed
 * notebooks look unrun too).
 */
export function unrunExerciseStart(context: RuleContext): number | null {
  if (!isUnrunIpynb(context)) {
    return null;
  }
  const code = context.cells.filter(lc => lc.cell.kind === 'code');
  const blank = code.find(lc => setsExercise(lc, context));
  if (!blank) {
    return null;
  }
  const prompted = code.find(lc =>
    exercisePromptAbove(context.notebook.cells, lc.cell.index)
  );
  return Math.min(blank.cell.index, prompted?.cell.index ?? Infinity);
}

/**
 * Markdown right above a cell that sets an exercise (EXERCISE_HEADING, support/placeholders.ts,
 * and one phrase more): `> **Exercise:** Define the model hyperparameters.`
 */
const EXERCISE_PROMPT = new RegExp(
  `${EXERCISE_HEADING.source}|\\byour (?:own )?code\\b`,
  'i'
);

/**
 * Whether the cell right above `index` (blank cells skipped) is Markdown that sets an exercise:
 * then the code cell is the student's answer, and an assignment it leaves without a value
 * (`vocab_size = `) is a blank for them to fill, as one whose comment says so.
 */
export function exercisePromptAbove(
  cells: readonly { kind: string; source: string }[],
  index: number
): boolean {
  for (let i = index - 1; i >= 0; i--) {
    if (cells[i].source.trim() === '') continue;
    return (
      cells[i].kind === 'markdown' && EXERCISE_PROMPT.test(cells[i].source)
    );
  }
  return false;
}

/**
 * Whether the cell at `index` belongs to an exercise handed out: the notebook is an .ipynb none of
 * whose code cells ran (isUnrunIpynb) and Markdown above the cell sets an exercise
 * (EXERCISE_PROMPT: codebasics' "Exercise: GPU performance for fashion mnist dataset" heads the
 * notebook whose timed blocks hold only `# your code here`). `firstPrompt` is the index of the
 * notebook's first such Markdown cell (exercisePromptIndex), read once per notebook by the caller.
 */
export function exerciseHandedOut(
  context: RuleContext,
  index: number,
  firstPrompt: number
): boolean {
  return (
    (firstPrompt < index ||
      (namedAsExercise(context.notebook.path) && answersMarked(context))) &&
    isUnrunIpynb(context)
  );
}

/**
 * How many code cells must mark an answer for the student (a comment that speaks to them:
 * `#YOUR CODE GOES HERE`, `# TODO 3`, `# FILL_IN`) before a file name that says "exercise" or
 * "assignment" sets the exercise: the name alone is weak evidence (a territory assignment, an
 * exercise data set; round 21's attack review, R10), an exercise marks every answer, and one
 * such comment in an author's unfinished cell is a real error's neighbour.
 */
const MARKED_ANSWER_CELLS = 2;
const answersMarkedCache = new WeakMap<object, boolean>();

/** Whether MARKED_ANSWER_CELLS code cells of the notebook hold a comment to the student. */
function answersMarked(context: RuleContext): boolean {
  const known = answersMarkedCache.get(context.notebook);
  if (known !== undefined) return known;
  let cells = 0;
  for (const lc of context.cells) {
    if (lc.cell.kind !== 'code' || !lc.cell.source.includes('#')) continue;
    const marked = lc.lines.some(line => {
      if (!line.includes('#')) return false;
      return speaksToStudent(line.slice(lineWithoutComment(line).length));
    });
    if (marked && ++cells >= MARKED_ANSWER_CELLS) break;
  }
  const found = cells >= MARKED_ANSWER_CELLS;
  answersMarkedCache.set(context.notebook, found);
  return found;
}

/** "exercise(s)" or "assignment(s)" as a word of a file name (`_` and `-` separate words) */
const EXERCISE_FILE_NAME =
  /(?:^|[^a-z])(?:exercises?|assignments?)(?:[^a-z]|$)/i;

/**
 * Whether the notebook's file name says it is an exercise or an assignment (`Exercise 6 -
 * Question.ipynb`, `C2W1_Assignment.ipynb`, `04_pytorch_custom_datasets_exercises.ipynb`): with
 * no code cell run and answers marked for the student (answersMarked), the name sets the exercise
 * as a Markdown prompt would (dlaicourse's exercises have no Markdown at all). The folders above
 * it say nothing (`exercises/solutions/`).
 */
export function namedAsExercise(path: string): boolean {
  const name = path.slice(
    Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1
  );
  return EXERCISE_FILE_NAME.test(name);
}

/**
 * How many never-run cells mark their answers bare before a notebook counts as an exercise by
 * its blanks alone: an exercise leaves one in every answer (zero-to-mastery's `###` in 54 cells,
 * the pyspark course's `???` in 4 to 8, MIT's `= # TODO` in 2 to 4, a Lightning template's `???`
 * in 2), while a bare `threshold = ###`
 * or `x = # TODO` in a real program's cell (every nbstripout-ed notebook looks never run) is an
 * unfinished line, a real error.
 */
const BARE_BLANK_CELLS = 2;

/**
 * Whether the notebook's never-run .ipynb code cells leave bare blanks (`###` or `???` where a
 * value goes, `x = # TODO`) in at least BARE_BLANK_CELLS of them: with Markdown that sets an
 * exercise (exercisePromptAbove, exerciseHandedOut), the context in which NB201 reads a cell's
 * bare blanks as the student's. `text` is a cell's text to read (its masked text).
 */
export function bareBlanksCued(
  context: RuleContext,
  text: (lc: LintCell) => string
): boolean {
  if (context.notebook.format !== 'ipynb') return false;
  let cells = 0;
  for (const lc of context.cells) {
    if (
      lc.cell.kind !== 'code' ||
      lc.cell.executionCount !== null ||
      lc.cell.outputs.length > 0
    )
      continue;
    const source = text(lc);
    if (!/###|\?\?\?|=[ \t]*#/.test(source)) continue;
    if (
      placeholderTokens(source, false, true).some(
        t => t.name === '###' || t.name === '???'
      ) ||
      emptyAssignments(source, false, true).length > 0
    )
      cells++;
    if (cells >= BARE_BLANK_CELLS) return true;
  }
  return false;
}

/** the index of the notebook's first Markdown cell that sets an exercise, or Infinity */
export function exercisePromptIndex(
  cells: readonly { kind: string; source: string }[]
): number {
  const i = cells.findIndex(
    c => c.kind === 'markdown' && EXERCISE_PROMPT.test(c.source)
  );
  return i < 0 ? Infinity : i;
}

/**
 * `# TODO` alone as a cell's first line: how Databricks Academy's labs mark each cell the learner
 * writes (`# TODO` over `breed = TODO`, over `dataset = # TODO` lines, over the instructions in
 * prose, or over nothing). A note that says more (`# TODO: handle nulls`) is the author's.
 */
const TODO_HEAD = /^\s*#[ \t]*TODO[ \t]*:?[ \t]*(?:\r?\n|$)/;

/** Whether the cell opens with a lone `# TODO` line (TODO_HEAD). */
export function opensAsTodo(source: string): boolean {
  return source.includes('TODO') && TODO_HEAD.test(source);
}

/** the names a lab writes where the learner's code goes (`breed = TODO`, `n = FILL_IN`) */
const BLANK_NAMES = ['TODO', 'FILL_IN'];

/**
 * Where a lab's exercise starts (a notebook cell index), or null: the first cell that opens as a
 * `# TODO` cell (opensAsTodo) and leaves its answer unwritten: it holds no code (comments only),
 * reads a blank name (`breed = TODO`) or does not parse. What cells from there read and no cell
 * defines is the learner's to write (round 19: `even_or_odd`, checked by the lab's `assert` cell
 * below an empty `# TODO` cell), not state of a kernel. A `# TODO` cell over working code says
 * nothing, and so does any in a notebook some cell of which ran (someCellRan): there a lone
 * `# TODO` is the author's note, and what later cells read unbound is a kernel's hidden state.
 * (A .py or Databricks source notebook saves no runs, so a lab's stays an exercise.)
 */
export function todoExerciseStart(context: RuleContext): number | null {
  if (someCellRan(context)) {
    return null;
  }
  for (const lc of context.cells) {
    if (lc.cell.kind !== 'code' || !opensAsTodo(lc.cell.source)) continue;
    const parsed = lc.analysis?.parsed;
    if (
      !parsed?.ok ||
      codeText(parsed.masked.text).code.trim() === '' ||
      BLANK_NAMES.some(name =>
        lc.analysis?.scope?.readsBeforeBind.includes(name)
      )
    ) {
      return lc.cell.index;
    }
  }
  return null;
}

/** Python's keywords and soft keywords: two plain words side by side are no Python unless one is */
const PYTHON_WORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield match case type print exec'
  ).split(' ')
);
/**
 * a line of words and prose punctuation only, perhaps a list item (`  - max_depth with a default
 * of 1`), with backticks around code (`Log the model \`ada\``): no `=`, no quotes, no brackets
 * but a prose aside's parentheses
 */
const PROSE =
  /^[ \t]*(?:[-*][ \t]+)?[\w'.,;:!?`()/#-]+(?:[ \t]+[\w'.,;:!?`()/#-]+)+[ \t]*$/;
/** a web address alone on its line (the documentation an instruction points to) */
const ADDRESS = /^[ \t]*https?:\/\/\S+[ \t]*$/;
const PLAIN_WORD = /^[A-Za-z_]\w*$/;

/**
 * Whether a line is an instruction in prose (`Create a Spark UDF from this logged model`, `Apply
 * the UDF to \`sparkDF\` (you may have to drop columns)`) or a web address alone: prose
 * (PROSE) with two plain words side by side, neither a keyword (PYTHON_WORDS), which no Python
 * statement has. Read word by word, once.
 */
function isInstruction(line: string): boolean {
  if (ADDRESS.test(line)) return true;
  if (!PROSE.test(line)) return false;
  const words = line.trim().split(/[ \t]+/);
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1];
    const b = words[i];
    if (
      PLAIN_WORD.test(a) &&
      PLAIN_WORD.test(b) &&
      !PYTHON_WORDS.has(a) &&
      !PYTHON_WORDS.has(b)
    ) {
      return true;
    }
  }
  return false;
}

/** a `# FILL_IN` comment, wherever it stands (its line's code may go on after it in the lab) */
const FILL_IN_COMMENT = /#[ \t]*FILL[_-]?IN\b/g;

/**
 * A `# TODO` cell's text (opensAsTodo) as it reads once the learner has written it, positions
 * kept, or null when nothing is filled: each line of instructions in prose (isInstruction) is
 * blanked, and each `# FILL_IN` comment becomes a name of its length (`run_id=# FILL_IN,
 * experiment_id=# FILL_IN):` reads `run_id=__FILL_IN, experiment_id=__FILL_IN):`). A parse of it
 * finds the cell's other errors.
 */
export function withTodoInstructionsFilled(text: string): string | null {
  const chars = text.split('');
  let filled = false;
  let at = 0;
  for (const line of text.split('\n')) {
    if (isInstruction(line)) {
      for (let i = at; i < at + line.length; i++) chars[i] = ' ';
      filled = true;
    }
    at += line.length + 1;
  }
  if (text.includes('FILL')) {
    for (const m of text.matchAll(FILL_IN_COMMENT)) {
      for (let i = m.index; i < m.index + m[0].length; i++) {
        chars[i] = /\w/.test(text[i]) ? text[i] : '_';
      }
      filled = true;
    }
  }
  return filled ? chars.join('') : null;
}
