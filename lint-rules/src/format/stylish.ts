/**
 * Human output, one line per finding: `path.ipynb:cell 3:2:5: NB101 [id] message`; the path and
 * message through ciSafe, so a notebook's name or code cannot run a CI logging command.
 */
import { errorText, humanLocation } from './location';
import { ciSafe, showControlCharacters } from '../promote/controlCharacters';
import type { Formatter } from './types';

/** A file's location: a line break in its name is shown as `\u000a`, never breaks the line. */
const where = (location: string) => ciSafe(showControlCharacters(location));

const paint = (on: boolean, code: number, s: string) =>
  on ? `\u001b[${code}m${s}\u001b[0m` : s;

export const stylish: Formatter = (results, context) => {
  const color = !!context.color;
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  // unsafe fixes `--fix` alone does not apply: named apart, as ruff's hidden fixes
  let hidden = 0;
  let fixed = 0;
  let unreadable = 0;
  for (const result of results) {
    fixed += result.fixed ?? 0;
    if (result.error) {
      unreadable++;
      const at =
        result.error.line !== undefined
          ? `:${result.error.line}:${result.error.column ?? 1}`
          : '';
      lines.push(
        `${paint(color, 1, where(`${result.path}${at}`))}: ${paint(color, 31, 'error')}: ${ciSafe(errorText(result))}`
      );
      continue;
    }
    for (const f of result.findings) {
      if (f.severity === 'error') {
        errors++;
      } else {
        warnings++;
      }
      const applies =
        !!f.fix && (f.fix.applicability !== 'unsafe' || !!context.unsafeFixes);
      if (applies) {
        fixable++;
      } else if (f.fix) {
        hidden++;
      }
      const code = paint(color, f.severity === 'error' ? 31 : 33, f.ruleCode);
      lines.push(
        `${paint(color, 1, where(humanLocation(result, f)))}: ${code} [${f.ruleId}] ${ciSafe(f.message)}${applies ? ' [*]' : ''}`
      );
    }
  }
  const total = errors + warnings;
  const summary: string[] = [];
  if (total > 0) {
    summary.push(
      `Found ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${results.length} file${results.length === 1 ? '' : 's'}.`
    );
    const hint =
      hidden > 0
        ? ` (${hidden} hidden fix${hidden === 1 ? '' : 'es'} can be enabled with \`--fix --unsafe-fixes\`)`
        : '';
    if (fixable > 0) {
      summary.push(`[*] ${fixable} fixable with the \`--fix\` option${hint}.`);
    } else if (hidden > 0) {
      summary.push(`No fixes available${hint}.`);
    }
  }
  if (fixed > 0) {
    summary.push(`Fixed ${fixed} problem${fixed === 1 ? '' : 's'}.`);
  }
  if (unreadable > 0) {
    summary.push(
      `${unreadable} file${unreadable === 1 ? '' : 's'} could not be linted.`
    );
  }
  if (total === 0 && unreadable === 0) {
    summary.push(
      `All checks passed (${results.length} file${results.length === 1 ? '' : 's'}).`
    );
  }
  return (
    [...lines, ...(lines.length ? [''] : []), ...summary].join('\n') + '\n'
  );
};
