import type { Notebook, NotebookCell } from '../../notebook/types';

/**
 * Words that say a failure is shown on purpose ("# Attempt to vacuum with the default retention",
 * "this will fail", "raises an error", "intentionally", "will lead to a syntax error", "as we can
 * observe by attempting this operation", "whenever an exception is raised"): a tutorial keeps such
 * a traceback to teach, and clearing it would lose the lesson.
 */
const EXPECTED_FAILURE =
  /\b(attempt(s|ing)? (to|this|that)|(will|should|would|is expected to|is going to|must) (fail|error|raise|throw)|(expect(ed)?|intentional(ly)?|on purpose)\b.{0,40}\b(error|exception|fail(ure|s)?)|raises? an? (error|exception)|this (fails|errors|raises|throws)|(will|would|should|can|may) (give|lead to|raise|produce|result in|cause|throw)( us)? (an?|the same|this|that)( [\w`]+){0,2} (error|exception)\b|(error|exception) (is|was|will be|gets) (raised|thrown))/i;

/** `ZeroDivisionError` -> "zero division error", as prose names it */
function inWords(ename: string): string {
  return ename
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/**
 * Whether the cell's own comments or the Markdown cell right above it say that running it fails:
 * in those words, or by naming the exception its saved output shows (`ValueError`, "a value
 * error").
 */
export function saysFailureIsExpected(
  nb: Notebook,
  cell: NotebookCell
): boolean {
  const comments = cell.source
    .split('\n')
    .filter(line => /^\s*(#|\/\/|--)/.test(line))
    .join('\n');
  const above: NotebookCell | undefined =
    cell.index > 0 ? nb.cells[cell.index - 1] : undefined;
  const markdown = above?.kind === 'markdown' ? above.source : '';
  const text = `${comments}\n${markdown}`;
  if (EXPECTED_FAILURE.test(text)) {
    return true;
  }
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  return cell.outputs.some(
    o =>
      o.outputType === 'error' &&
      !!o.ename &&
      /(Error|Exception)$/.test(o.ename) &&
      (text.includes(o.ename) || lower.includes(inWords(o.ename)))
  );
}
