/**
 * Where a finding sits in a cell editor: the library reports 0-based line/column positions in
 * the cell source; CodeMirror wants document offsets. Pure, so the mapping is unit-tested.
 */
import { LineIndex, type Finding } from '@nbcraft/lint-rules';

/** A document range for a finding in its cell's `source`; never empty unless the cell is. */
export function findingRange(
  finding: Finding,
  source: string,
  lines: LineIndex = new LineIndex(source)
): { from: number; to: number } {
  const start = finding.start ?? { line: 0, column: 0 };
  const end = finding.end ?? start;
  const from = lines.offset(start.line, start.column);
  let to = Math.max(from, lines.offset(end.line, end.column));
  if (to === from) {
    // an empty span (e.g. "missing something here") is drawn on the rest of its line, or
    // on the character before it at a line end, so there is something to hover
    const lineEnd = lines.offset(start.line, Number.MAX_SAFE_INTEGER);
    if (lineEnd > from) {
      to = lineEnd;
    } else if (from > 0 && from !== lines.starts[lines.lineOf(from)]) {
      return { from: from - 1, to: from };
    }
  }
  return { from, to };
}
