/**
 * Exercises: whether a notebook, or a cell of it, is an exercise handed out to a student (an
 * .ipynb never run, Markdown that sets an exercise, an answer left unwritten), the context in
 * which NB201, NB104 and NB108 read a cell's blanks (support/placeholders.ts) as the student's.
 */

import type { LintCell, RuleContext } from '../../engine/types';
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
  return (
    context.notebook.format === 'ipynb' &&
    context.cells.every(
      lc =>
        lc.cell.kind !== 'code' ||
        (lc.cell.executionCount === null && lc.cell.outputs.length === 0)
    )
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
    (firstPrompt < index || namedAsExercise(context.notebook.path)) &&
    isUnrunIpynb(context)
  );
}

/** "exercise(s)" or "assignment(s)" as a word of a file name (`_` and `-` separate words) */
const EXERCISE_FILE_NAME =
  /(?:^|[^a-z])(?:exercises?|assignments?)(?:[^a-z]|$)/i;

/**
 * Whether the notebook's file name says it is an exercise or an assignment (`Exercise 6 -
 * Question.ipynb`, `C2W1_Assignment.ipynb`, `04_pytorch_custom_datasets_exercises.ipynb`): with
 * no code cell run, the name sets the exercise as a Markdown prompt would (dlaicourse's exercises
 * have no Markdown at all). The folders above it say nothing (`exercises/solutions/`).
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
