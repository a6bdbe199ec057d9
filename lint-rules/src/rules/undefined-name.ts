import { z } from 'zod';
import { defineRule, type RuleContext } from '../engine/types';
import { isSageNotebook } from '../notebook/languages';
import { maskAutomagicCell } from '../python/mask';
import { saysFailureIsExpected } from './support/expectedFailure';
import { unresolvedReads } from './support/names';
import { todoExerciseStart, unrunExerciseStart } from './support/exercises';
import { labExerciseStart } from './support/labExercises';

const options = z.object({
  knownGlobals: z.array(z.string()).default([]).meta({
    title: 'Known globals',
    description: 'Names the runtime provides (never reported).'
  })
});

/**
 * A `str.format` template of a notebook: a cell sets a parameter to a placeholder of its own name
 * (`catalog = "{catalog}"`, `prediction_length = {prediction_length}`), filled in before the
 * notebook runs (many-model-forecasting's `*_notebook_template.ipynb`). In real Python the second
 * form is a set of the name it binds, a NameError on a first binding: only a template says it.
 */
const SELF_PLACEHOLDER =
  /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?:(["'])\{\1\}\2|\{\1\})[ \t]*(#.*)?$/m;

function isFormatTemplate(context: RuleContext): boolean {
  return context.notebook.cells.some(
    c => c.kind === 'code' && SELF_PLACEHOLDER.test(c.source)
  );
}

/**
 * A lesson's deliberate NameError: the cell saved the NameError for this very name (`name 'hello'
 * is not defined`: the kernel that ran it had no such name either) and its comments or the
 * Markdown right above say the failure is expected (saysFailureIsExpected: "just typing text
 * causes an error ... a `NameError`", round 20's python_101). The error is the lesson.
 */
function showsNameErrorOnPurpose(
  context: RuleContext,
  read: { cell: number; name: string }
): boolean {
  const cell = context.notebook.cells[read.cell];
  return (
    cell.outputs.some(
      o =>
        o.outputType === 'error' &&
        o.ename === 'NameError' &&
        (o.evalue ?? o.text).includes(`'${read.name}' is not defined`)
    ) && saysFailureIsExpected(context.notebook, cell, { below: false })
  );
}

/** papermill's cell description, a comment line of its own: `#papermill_description=fit` */
const PAPERMILL_DESCRIPTION = /^[ \t]*#[ \t]*papermill_description[ \t]*=/m;

/**
 * What says the notebook is run by papermill when no cell is tagged `parameters` (papermill then
 * injects the parameters it is given as a new first cell, so a name no cell defines may be one):
 * papermill's metadata (an executed notebook), or a `#papermill_description=` comment (round 25).
 * Null when a cell is tagged `parameters` or nothing names papermill.
 */
function papermillWithoutParameters(context: RuleContext): string | null {
  const cells = context.notebook.cells;
  if (cells.some(c => c.tags.includes('parameters'))) return null;
  if (context.notebook.metadata.papermill !== undefined) {
    return "papermill's metadata";
  }
  const described = cells.find(
    c => c.kind === 'code' && PAPERMILL_DESCRIPTION.test(c.source)
  );
  return described
    ? `\`#papermill_description\` in cell ${described.index + 1}`
    : null;
}

/** A name no cell defines, no import provides and Python does not know: hidden kernel state. */
export default defineRule<
  z.output<typeof options>,
  | 'undefined'
  | 'usedBeforeDefined'
  | 'deleted'
  | 'unboundByExcept'
  | 'beforeSetup'
  | 'papermillParameter'
>({
  meta: {
    code: 'NB104',
    id: 'undefined-name',
    category: 'reproducibility',
    description:
      'A cell reads a name that no cell of the notebook defines (hidden state from a deleted cell or another notebook).',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      undefined:
        '"{{name}}" is not defined in any cell; it only exists in the kernel that ran this notebook. Define or import it in a cell above.',
      usedBeforeDefined:
        '"{{name}}" is used before it is defined: this cell binds it only below this line, so a top-to-bottom run fails here; it only exists in the kernel that ran this notebook. Define it above its first use.',
      deleted:
        '"{{name}}" was deleted by a `del` in cell {{deletedIn}} and no cell defines it again before this read, so a top-to-bottom run fails here with a NameError. Read it before the `del`, or define it again above.',
      papermillParameter:
        '"{{name}}" is not defined in any cell; the notebook is written for papermill ({{papermill}}) but no cell is tagged `parameters`: if papermill passes it, add a `parameters` cell that sets its default, so the notebook also runs without papermill; if not, define or import it in a cell above.',
      beforeSetup:
        '"{{name}}" is not defined above this read: the set-up call `{{setupCall}}(...)` in cell {{setupCell}} may put names into the notebook\'s globals, but a top-to-bottom run reaches this line first and fails with a NameError. Define or import it above, or read it below that call.',
      unboundByExcept:
        '"{{name}}" was removed at the end of the `except ... as {{name}}` clause in cell {{deletedIn}} (Python deletes that name when the clause ends), so a top-to-bottom run fails here with a NameError. Keep the exception in another name inside the clause, or define it again above.'
    },
    options
  },
  create(context) {
    return {
      notebookExit() {
        // a SageMath kernel's globals are Sage's hundreds (isSageNotebook)
        if (isSageNotebook(context.notebook)) {
          return;
        }
        // an exercise handed out unrun: what no cell defines from where it starts is the
        // student's to write, and no kernel ran it (the message's cause). A name an earlier cell
        // defines and a `del` took away is the notebook's own, not the kernel's: its message
        // says where it was deleted (a certain NameError on Restart & Run All). Nor a read only
        // in a function no cell references (inUnreferencedFunction): a sketch or a dead helper,
        // which a top-to-bottom run never looks up (rounds 21 and 22)
        const unresolved = (
          unresolvedReads(context, context.options.knownGlobals) ?? []
        ).filter(r => r.definedIn === null && !r.inUnreferencedFunction);
        // a one-line cell that opens with a magic's name no cell above binds (`pwd`, `ls -la`):
        // IPython's automagic (on by default) runs it as `%pwd`, whose names are no Python reads
        // (each cell asked once: a cell of many reads is read once)
        const magicOf = new Map<number, string | undefined>();
        const automagic = new Set<number>();
        for (const r of unresolved) {
          if (!magicOf.has(r.cell)) {
            magicOf.set(
              r.cell,
              maskAutomagicCell(context.notebook.cells[r.cell].source)
                ?.magics[0]?.name
            );
          }
          if (magicOf.get(r.cell) === r.name) automagic.add(r.cell);
        }
        const onPurpose = new Map<string, boolean>();
        const missing = unresolved.filter(r => {
          if (automagic.has(r.cell)) return false;
          const key = `${r.cell} ${r.name}`;
          let shown = onPurpose.get(key);
          if (shown === undefined) {
            shown = showsNameErrorOnPurpose(context, r);
            onPurpose.set(key, shown);
          }
          return !shown;
        });
        const exerciseFrom =
          missing.length > 0
            ? Math.min(
                unrunExerciseStart(context) ?? Infinity,
                todoExerciseStart(context) ?? Infinity,
                labExerciseStart(context) ?? Infinity
              )
            : Infinity;
        const undefinedReads = missing.filter(r => r.cell < exerciseFrom);
        // a template's names come from where it is filled in and run: its placeholders, and the
        // platform's globals (`spark`) in a template that says nothing else of its platform
        if (undefinedReads.length === 0 || isFormatTemplate(context)) {
          return;
        }
        // asked once, for the notebook's first undefined read
        let papermill: string | null | undefined;
        for (const r of undefinedReads) {
          const plain = !r.deletedIn && !r.definedBelow && !r.setupBelow;
          // `undefined`: not asked yet (`??=` would ask again after a null answer)
          if (plain && papermill === undefined) {
            papermill = papermillWithoutParameters(context);
          }
          context.report({
            messageId: r.deletedIn
              ? r.deletedIn.by === 'del'
                ? 'deleted'
                : 'unboundByExcept'
              : r.definedBelow
                ? 'usedBeforeDefined'
                : r.setupBelow
                  ? 'beforeSetup'
                  : plain && papermill
                    ? 'papermillParameter'
                    : 'undefined',
            data: {
              name: r.name,
              deletedIn: r.deletedIn ? r.deletedIn.cell + 1 : '',
              setupCall: r.setupBelow?.callee ?? '',
              setupCell: r.setupBelow ? r.setupBelow.cell + 1 : '',
              papermill: papermill ?? ''
            },
            cell: context.notebook.cells[r.cell],
            from: r.from,
            to: r.to
          });
        }
      }
    };
  }
});
