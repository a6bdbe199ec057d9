import { defineRule } from '../engine/types';
import { isSageNotebook, pythonParseOptions } from '../notebook/languages';
import { parseMasked } from '../python';
import type { MagicSpan, MaskedSource } from '../python/types';
import { saysFailureIsExpected } from './support/expectedFailure';
import {
  exerciseHandedOut,
  exercisePromptAbove,
  exercisePromptIndex,
  isUnrunIpynb,
  bareBlanksCued,
  opensAsTodo,
  withTodoInstructionsFilled
} from './support/exercises';
import {
  errorFollowsFilledBlank,
  labExerciseStart,
  withValueTodosFilled
} from './support/labExercises';
import { withExerciseBlanksFilled } from './support/placeholders';

/**
 * Whether a cell's text is a JSON document with comments (JSONC: `//` comments, trailing commas),
 * not Python: a cluster or job configuration kept in a code cell for readers to copy (round 9:
 * databricks-blogposts' "Cluster Config JSON" cell). Read with the comments and trailing commas
 * taken out (strings kept whole: `"https://..."`), it must parse as a JSON object or array.
 */
function isJsonDocument(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  let out = '';
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '"') {
      let j = i + 1;
      while (j < trimmed.length && trimmed[j] !== '"' && trimmed[j] !== '\n')
        j += trimmed[j] === '\\' ? 2 : 1;
      out += trimmed.slice(i, j + 1);
      i = j;
    } else if (c === '/' && trimmed[i + 1] === '/') {
      while (i < trimmed.length && trimmed[i] !== '\n') i++;
      out += '\n';
    } else out += c;
  }
  try {
    const value: unknown = JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/** A Python cell that does not parse: it fails when run, and nbcraft cannot check it further. */
export default defineRule<Record<string, never>, 'syntaxError'>({
  meta: {
    code: 'NB201',
    id: 'syntax-error',
    category: 'code-quality',
    description: 'A Python code cell does not parse.',
    defaultSeverity: 'error',
    recommended: true,
    scope: 'cell',
    messages: {
      syntaxError:
        'Cell does not parse ({{message}}); fix the syntax. The other Python checks skip this cell.'
    }
  },
  create(context) {
    // Sage's preparser accepts more than Python's grammar (isSageNotebook)
    if (isSageNotebook(context.notebook)) return {};
    /** the notebook's top-level bindings (read once, only for a notebook with an automagic line) */
    let bound: Set<string> | undefined;
    const boundNames = (): Set<string> =>
      (bound ??= new Set(
        context.analysis.dataflow.cells.flatMap(d => d.defines)
      ));
    /** the cell's automagic line when its name is a variable the notebook binds */
    const shadowedAutomagic = (masked: MaskedSource): MagicSpan | null =>
      masked.magics.find(m => m.automagic && boundNames().has(m.name)) ?? null;
    /** the first Markdown cell setting an exercise (read once, only for a cell that does not parse) */
    let firstPrompt: number | undefined;
    /** whether never-run cells mark answers bare in several places (read once, as firstPrompt) */
    let bareCue: boolean | undefined;
    return {
      cell(lc) {
        const parsed = lc.analysis?.parsed;
        const shadowed = parsed?.ok ? shadowedAutomagic(parsed.masked) : null;
        if (shadowed && lc.cell.language === 'python') {
          // IPython runs `ls ../input` as %ls only while no variable is named ls
          // (prefilter.is_shadowed): in a notebook that binds ls, the line is Python, and no Python
          const from = lc.offsetAt({
            line: shadowed.line,
            column: shadowed.column
          });
          context.report({
            messageId: 'syntaxError',
            data: {
              message: `'${shadowed.name}' is a variable of this notebook, so IPython does not run this line as the ${shadowed.name} magic`
            },
            cell: lc.cell,
            from,
            to: from
          });
          return;
        }
        if (
          lc.cell.kind !== 'code' ||
          lc.cell.language !== 'python' ||
          !parsed ||
          parsed.ok ||
          parsed.masked.cellLanguage ||
          // (a Python 2 notebook's cell that fails only on Python 2's syntax, `print x`,
          // `except E, e:`, parses: python/python2.ts; any other error is reported as anywhere)
          parsed.runsDedented
        ) {
          return;
        }
        // a tutorial's cell that ran, failed with the SyntaxError it meant to show, and says so
        if (
          lc.cell.outputs.some(
            o => o.outputType === 'error' && o.ename === 'SyntaxError'
          ) &&
          // not the Markdown below: prose about syntax ('a missing bracket gives a SyntaxError')
          // says nothing about this cell
          saysFailureIsExpected(context.notebook, lc.cell, {
            below: false,
            syntaxError: true
          })
        ) {
          return;
        }
        // an exercise's blanks (`summarizer = <FILL_IN>`) do not parse on purpose: the cell is
        // judged as it reads once they are filled in, so an error elsewhere is still reported
        // (under Markdown that sets an exercise, every assignment left without a value is one)
        // (every empty assignment only in a notebook handed out unrun: a solution that ran
        // and still has `mean = ` has a real error)
        // (a block whose body is only a comment to the student, only in an exercise handed out:
        // unrun, under Markdown that sets it)
        firstPrompt ??= exercisePromptIndex(context.notebook.cells);
        const prompted = exercisePromptAbove(
          context.notebook.cells,
          lc.cell.index
        );
        const handedOut = exerciseHandedOut(
          context,
          lc.cell.index,
          firstPrompt
        );
        // a cell of an .ipynb that never ran (a .py script format says nothing of it)
        const unrunCell =
          context.notebook.format === 'ipynb' &&
          lc.cell.executionCount === null &&
          lc.cell.outputs.length === 0;
        // its bare blanks (`threshold = ###`, `x = # TODO`) only in an exercise: never run is
        // also every nbstripout-ed notebook, where such a line is unfinished code
        const bareBlanks =
          unrunCell &&
          (prompted ||
            handedOut ||
            (bareCue ??= bareBlanksCued(
              context,
              c => c.analysis?.parsed.masked.text ?? c.cell.source
            )));
        // a lab's `# TODO` cell (Databricks Academy): every assignment left without a value and
        // every bare `# TODO` mark is the learner's blank, and its instructions in prose and
        // `# FILL_IN` comments are what the learner replaces (withTodoInstructionsFilled)
        const todo = opensAsTodo(parsed.masked.text);
        // a course lab's emptied answers (support/labExercises): its TODO blanks are the student's
        const labFrom = labExerciseStart(context);
        const lab = labFrom !== null && lc.cell.index >= labFrom;
        const todosFilled = lab
          ? withValueTodosFilled(parsed.masked.text)
          : null;
        const blanksFilled =
          withExerciseBlanksFilled(
            todosFilled ?? parsed.masked.text,
            todo || lab || (prompted && isUnrunIpynb(context)),
            handedOut,
            unrunCell,
            todo || lab || bareBlanks
          ) ?? todosFilled;
        const filled = todo
          ? (withTodoInstructionsFilled(blanksFilled ?? parsed.masked.text) ??
            blanksFilled)
          : blanksFilled;
        const judged = filled
          ? parseMasked(
              { ...parsed.masked, text: filled },
              pythonParseOptions(context.notebook)
            )
          : parsed;
        if (
          judged.ok ||
          judged.runsDedented ||
          // a JSON document kept in a code cell (`//` comments): configuration, not code
          isJsonDocument(parsed.masked.text)
        ) {
          return;
        }
        // an error the filled text has right after a filled blank is the blank's: reported where
        // the cell as written fails (CPython's place), not a line late
        const where = (filled &&
        judged.syntaxError &&
        errorFollowsFilledBlank(parsed.masked.text, filled, judged.syntaxError)
          ? parsed.syntaxError
          : judged.syntaxError) ?? {
          line: 0,
          column: 0,
          message: 'invalid syntax'
        };
        const from = lc.offsetAt({ line: where.line, column: where.column });
        context.report({
          messageId: 'syntaxError',
          data: { message: where.message },
          cell: lc.cell,
          from,
          to: from
        });
      }
    };
  }
});
