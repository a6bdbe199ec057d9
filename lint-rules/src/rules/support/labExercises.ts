/**
 * Course labs handed out as a copy of their solution (round 28: training-data-analyst's
 * `deepdive2` labs, each beside a `solutions/` notebook of the same name): the answer cells are
 * emptied for the student (`# TODO 2` over `# TODO -- Your code here.`, `dataset_name = # TODO: Add
 * dataset name`) while the other cells keep the solution's execution counts and outputs. Such a
 * notebook ran, so support/exercises.ts (an exercise handed out unrun) does not see it; the marks
 * in its cells do. What cells from the first emptied answer on read, define late or leave without
 * a value is the student's to write (NB103, NB104, NB201).
 */
import type { RuleContext } from '../../engine/types';
import { lineWithoutComment } from '../../python/literals';
import { speaksToStudent } from './placeholders';

/** how many code cells must mark an answer before a notebook counts as a lab (one is an author's note) */
const MARKED_CELLS = 2;

/**
 * `= # TODO...`, `: # TODO...`, `[# TODO...`, `, # TODO...`: a TODO comment where a value goes
 * (after an `=`, a colon, an opening bracket or a comma)
 */
const VALUE_TODO = /[=:([{,][ \t]*#[ \t]*TODO\b/;

/**
 * A line's mark of an answer left to the student: its comment speaks to them (`# TODO 1a -- Your
 * code here`, `# TODO -- Your code here.`: speaksToStudent), or a TODO stands where a value goes
 * (`exp = # TODO: create an experiment`, `    experiment_id= # TODO: Add code for experiment id`).
 */
function marksAnswer(line: string): boolean {
  if (!line.includes('#')) return false;
  const code = lineWithoutComment(line);
  if (code.length === line.length) return false;
  return (
    speaksToStudent(line.slice(code.length)) ||
    (line.includes('TODO') && VALUE_TODO.test(line))
  );
}

/** a folder named as course material the student works in (`labs/`, `exercises/`, `lab/`) */
const LAB_FOLDER = /(?:^|[/\\])(?:labs?|exercises?|assignments?)[/\\]/i;
/**
 * Markdown that hands the notebook to a student (`__#TODO__ in this student lab notebook`, `**Lab
 * Task #2:**`, `TODO 2: **Split the data**`); not "student" alone (a chapter's example about
 * students cheating in an exam, round 11's judged NB104)
 */
const LAB_PROSE =
  /\bstudent (?:lab|notebook|version)\b|\blab task\b|#TODO\b|\bTODO[ \t]*\d/i;

const cache = new WeakMap<object, number | null>();

/**
 * Where a lab's emptied answers start (a notebook cell index), or null: the notebook marks answers
 * for the student (marksAnswer) in at least MARKED_CELLS code cells, and its folder (`labs/`) or
 * its Markdown (a "student lab notebook", a "Lab Task", a `TODO` to do) says it is course
 * material. Two `x = # TODO` lines in a project notebook that says neither are unfinished code.
 * One pass over the cells' lines, read once per notebook.
 */
export function labExerciseStart(context: RuleContext): number | null {
  const known = cache.get(context.notebook);
  if (known !== undefined) return known;
  let first: number | null = null;
  let marked = 0;
  for (const lc of context.cells) {
    if (lc.cell.kind !== 'code' || !lc.cell.source.includes('#')) continue;
    if (!lc.lines.some(marksAnswer)) continue;
    first ??= lc.cell.index;
    if (++marked >= MARKED_CELLS) break;
  }
  const start =
    marked >= MARKED_CELLS &&
    (LAB_FOLDER.test(context.notebook.path) ||
      context.notebook.cells.some(
        c => c.kind === 'markdown' && LAB_PROSE.test(c.source)
      ))
      ? first
      : null;
  cache.set(context.notebook, start);
  return start;
}

/** whether a comment closes every bracket it opens (a prose aside), as many of each kind */
function bracketsBalance(comment: string): boolean {
  let depth = 0;
  for (const c of comment) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return depth === 0;
}

/**
 * A lab cell's text as it reads once each TODO left where a value goes (VALUE_TODO, marksAnswer)
 * is filled in, positions kept: the comment becomes a name, `_` (`exp = # TODO: create an
 * experiment` reads `exp = _`), and keeps the brackets and colon it ends with, which the student's
 * code opens or closes (`pipeline_job = # TODO 5: Your code goes here(` over the call's arguments
 * reads `pipeline_job = _ (`; `for step in [# TODO: Loop over train and eval]:` reads `for step in
 * [_ ]:`). A keyword argument among others (the code line above ends with `(` or `,`) gets the
 * comma the student's value would have (`experiment_id= _,`). Null when no line has such a blank.
 */
export function withValueTodosFilled(text: string): string | null {
  if (!text.includes('TODO')) return null;
  const lines = text.split('\n');
  let filled = false;
  let previous = '';
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].replace(/\r$/, '');
    const code = lineWithoutComment(line);
    if (
      code.length < line.length &&
      line.includes('TODO') &&
      code.trim() !== '' &&
      VALUE_TODO.test(line.slice(Math.max(0, code.trimEnd().length - 1)))
    ) {
      const comment = line.slice(code.length).trimEnd();
      // only what the comment leaves open or closes (`(see the docs)` is prose)
      const kept = bracketsBalance(comment)
        ? ''
        : (/[()[\]{}:,]*$/.exec(comment.slice(1))?.[0] ?? '');
      const argument =
        kept === '' && code.trimEnd().endsWith('=') && /[(,]$/.test(previous);
      const value = argument && comment.length > 1 ? '_,' : '_';
      const pad = Math.max(0, comment.length - value.length - kept.length);
      lines[k] =
        code +
        value +
        ' '.repeat(pad) +
        kept +
        lines[k].slice(code.length + comment.length);
      filled = true;
    }
    const written = lineWithoutComment(lines[k]).trimEnd();
    if (written.trim() !== '') previous = written;
  }
  return filled ? lines.join('\n') : null;
}

/**
 * Whether the error a parse of a cell's filled text (blanks filled in: withExerciseBlanksFilled,
 * withValueTodosFilled) finds follows from a filled blank: an unexpected indentation on a line
 * (0-based) whose code line right above it (blank and comment lines skipped) is one the filling
 * changed. `pipeline_job = # TODO 5:
 * Your code goes here(` filled as `pipeline_job   # ...` leaves the call's arguments indented
 * under nothing, an "unexpected indentation" one line late (round 28 row 64); the cell's error is
 * the blank's own, where CPython reports it. Texts of one length, one line break each.
 */
export function errorFollowsFilledBlank(
  original: string,
  filled: string,
  error: { line: number; message: string }
): boolean {
  // only a line indented under the blank: the blank's comment took what opened its block or
  // bracket; any other error beside a blank is the cell's own, reported where it is
  if (!error.message.startsWith('unexpected indentation')) return false;
  const line = error.line;
  const before = original.split('\n');
  const after = filled.split('\n');
  for (let k = Math.min(line, after.length) - 1; k >= 0; k--) {
    const code = lineWithoutComment(after[k]).trim();
    if (code === '' && lineWithoutComment(before[k] ?? '').trim() === '')
      continue;
    return before[k] !== after[k];
  }
  return false;
}
