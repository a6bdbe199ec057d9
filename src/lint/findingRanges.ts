/**
 * Where a finding sits in a cell editor: the library reports 0-based line/column positions in
 * the cell source; CodeMirror wants document offsets. Pure, so the mapping is unit-tested.
 */
import type { Finding } from '@nbcraft/lint-rules';

/** Offsets where each line of `text` starts (CodeMirror's line breaks: \n, \r\n, \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) {
      i++;
    }
    if (ch === 10 || ch === 13) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The offset of a 0-based line/column, clamped into the text (a stale position never throws). */
export function offsetAt(
  text: string,
  starts: readonly number[],
  line: number,
  column: number
): number {
  if (line >= starts.length) {
    return text.length;
  }
  const lineStart = starts[Math.max(0, line)];
  const next = line + 1 < starts.length ? starts[line + 1] : text.length + 1;
  // the end of the line's own text (before its line break)
  let lineEnd = next - 1;
  if (line + 1 < starts.length && text.charCodeAt(lineEnd - 1) === 13) {
    lineEnd--;
  }
  lineEnd = Math.min(lineEnd, text.length);
  return Math.min(lineStart + Math.max(0, column), lineEnd);
}

/** A document range for a finding in its cell's `source`; never empty unless the cell is. */
export function findingRange(
  finding: Finding,
  source: string,
  starts: readonly number[] = lineStarts(source)
): { from: number; to: number } {
  const start = finding.start ?? { line: 0, column: 0 };
  const end = finding.end ?? start;
  const from = offsetAt(source, starts, start.line, start.column);
  let to = Math.max(from, offsetAt(source, starts, end.line, end.column));
  if (to === from) {
    // an empty span (e.g. "missing something here") is drawn on the rest of its line, or
    // on the character before it at a line end, so there is something to hover
    const lineEnd = offsetAt(
      source,
      starts,
      start.line,
      Number.MAX_SAFE_INTEGER
    );
    if (lineEnd > from) {
      to = lineEnd;
    } else if (from > 0 && source.charCodeAt(from - 1) !== 10) {
      return { from: from - 1, to: from };
    }
  }
  return { from, to };
}
