import { defineRule, LintCell } from '../engine/types';
import { LINE_BREAK } from '../python/literals';

const blank = (source: string) => !/\S/.test(source);

/**
 * Answer cells: the empty code cell right after an exercise's prompt, when at least
 * `ANSWER_PROMPTS` prompts have one under them. An exercise notebook leaves one under each prompt
 * ("## 6. Visualize at least 5 samples", "### Step 7. Merge ...") for the reader; a solutions
 * notebook may keep the answer's output there with its code removed. That is its content. A
 * prompt is Markdown that reads as one (a numbered step, exercise, question or task, a question
 * mark, "your code"), or any Markdown with text in a notebook that calls itself an exercise
 * (its first Markdown's first line says "Exercises", "Homework", "Ex2 - ..."): a work notebook outlined with
 * headings ("## Load data", "## Train") over empty cells is no exercise; one with three prompts
 * is, and then any heading over a blank cell is a prompt. A second empty cell under a prompt is
 * room for a longer answer; further ones count only when they kept a run (a count or outputs, the
 * solution's record): bare ones are strays like any other.
 */
const ANSWER_PROMPTS = 3;
const PROMPT =
  /\b(step|exercise|question|task|q)[ \t]*\d|\byour (own )?(code|answer|solution|question)\b|^#*[ \t]*bonus\b/i;
const EXERCISE_TITLE = /\b(exercises?|homework|assignments?|quiz|ex\d+)\b/i;

/** a line that ends in a question mark, before any emphasis (`**...?**`); no regex to backtrack */
function asks(line: string): boolean {
  let end = line.length;
  while (end > 0 && '*_ '.includes(line[end - 1])) {
    end--;
  }
  return line[end - 1] === '?';
}

/** the lines with text, trimmed */
function textLines(source: string): string[] {
  return source
    .split(LINE_BREAK)
    .map(line => line.trim())
    .filter(line => line !== '');
}

/** the first line with text, trimmed ('' if none) */
function firstLine(source: string): string {
  return textLines(source)[0] ?? '';
}

/**
 * Markdown that reads as an exercise's prompt in its first or last line (an introduction may
 * come before "### Step 1. Import the necessary libraries")
 */
function isPrompt(source: string, exercise: boolean): boolean {
  const lines = textLines(source);
  const last = lines[lines.length - 1] ?? '';
  return (
    /\w/.test(source) &&
    (exercise || PROMPT.test(lines[0] ?? '') || PROMPT.test(last) || asks(last))
  );
}

function answerCells(cells: readonly LintCell[]): Set<number> {
  const title = cells.find(
    c => c.cell.kind === 'markdown' && !blank(c.cell.source)
  );
  const answers = (exercise: boolean) => {
    const found = new Set<number>();
    let prompts = 0;
    /** blank cells under the current prompt so far */
    let run = 0;
    for (let i = 1; i < cells.length; i++) {
      const above = cells[i - 1].cell;
      const cell = cells[i].cell;
      if (cell.kind !== 'code' || !blank(cell.source)) {
        continue;
      }
      if (above.kind === 'markdown' && isPrompt(above.source, exercise)) {
        prompts++;
        run = 1;
        found.add(i);
      } else if (
        found.has(i - 1) &&
        // a second blank cell for a longer answer; more only when they kept a run
        (++run <= 2 || cell.executionCount !== null || cell.outputs.length > 0)
      ) {
        found.add(i);
      }
    }
    return prompts >= ANSWER_PROMPTS ? found : null;
  };
  // an exercise notebook by its title, or by three prompts that read as one: then its other
  // headings over blank cells ("#### 8.3 Plot.") are prompts too
  const exercise =
    (title !== undefined &&
      EXERCISE_TITLE.test(firstLine(title.cell.source))) ||
    answers(false) !== null;
  return (exercise ? answers(true) : null) ?? new Set();
}

/** Empty cells are noise in review and in the rendered notebook. */
export default defineRule<Record<string, never>, 'empty'>({
  meta: {
    code: 'NB202',
    id: 'empty-cell',
    category: 'code-quality',
    description: 'A code or Markdown cell is empty (or only whitespace).',
    defaultSeverity: 'warning',
    recommended: false,
    fixable: true,
    fixLabels: ['Delete the empty cell'],
    messages: {
      empty: 'Empty {{kind}} cell; delete it.'
    },
    dataTerms: { kind: ['code', 'Markdown'] }
  },
  create(context) {
    const deletable = context.notebook.format === 'ipynb';
    let answers: Set<number> | undefined;
    return {
      cell(lc) {
        const cell = lc.cell;
        // `\S` is a character that trim() keeps: whitespace-only, as trim() === '' says, without the copy
        if (cell.kind === 'raw' || !blank(cell.source)) {
          return;
        }
        answers ??= answerCells(context.cells);
        if (answers.has(cell.index)) {
          return;
        }
        // an empty cell that carries something (outputs, tags such as papermill's `parameters`)
        // is kept: deleting it would lose more than whitespace
        const bare = cell.outputs.length === 0 && cell.tags.length === 0;
        context.report({
          messageId: 'empty',
          data: { kind: cell.kind === 'code' ? 'code' : 'Markdown' },
          cell,
          fix:
            deletable && bare
              ? {
                  description: 'Delete the empty cell',
                  edits: [
                    {
                      cell: cell.index,
                      from: 0,
                      to: cell.source.length,
                      text: '',
                      deleteCell: true
                    }
                  ]
                }
              : undefined
        });
      }
    };
  }
});
