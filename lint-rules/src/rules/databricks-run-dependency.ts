import { defineRule } from '../engine/types';
import { inStringLiteral } from './support/syntax';

/** `%run ./helpers` injects names no reader, linter or test can see. */
export default defineRule<Record<string, never>, 'runMagic'>({
  meta: {
    code: 'NB604',
    id: 'databricks-run-dependency',
    category: 'databricks',
    description:
      "%run pulls another notebook's names into this one: a hidden dependency.",
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      runMagic:
        "%run {{target}} injects that notebook's names invisibly; move the shared code to a Python module and import it."
    }
  },
  create(context) {
    return {
      cell(lc) {
        // the lines are read only in a cell that has a `%run` (most have none)
        if (lc.cell.kind !== 'code' || !lc.cell.source.includes('%run')) {
          return;
        }
        lc.lines.forEach((line, i) => {
          const m = /^(\s*)%run\s+(\S+)(\s+\S)?/.exec(line);
          // `%run script.py --arg x` runs a program with its arguments, as `python script.py`
          // would: what it leaves behind is not what the notebook reads
          const scriptWithArguments =
            m !== null && m[2].endsWith('.py') && !!m[3];
          if (!m || scriptWithArguments) {
            return;
          }
          const from = lc.offsetAt({ line: i, column: m[1].length });
          // a `%run` line inside a triple-quoted string (a help text) is text IPython never runs
          if (!inStringLiteral(lc, from)) {
            context.report({
              messageId: 'runMagic',
              data: { target: m[2] },
              cell: lc.cell,
              from,
              to: from + line.trimEnd().length - m[1].length
            });
          }
        });
      }
    };
  }
});
