/** Offset <-> 0-based line/column conversion over one text, with the line starts computed once. */
import type { Position } from '../notebook/types';

export class LineIndex {
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) {
        starts.push(i + 1);
      } else if (ch === 13) {
        if (text.charCodeAt(i + 1) === 10) {
          i++;
        }
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, column: clamped - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    const line = Math.max(0, Math.min(pos.line, this.lineStarts.length - 1));
    return Math.min(this.lineStarts[line] + pos.column, this.text.length);
  }

  /** the text of one line without its line break */
  lineText(line: number): string {
    const start = this.lineStarts[line];
    const next =
      line + 1 < this.lineStarts.length
        ? this.lineStarts[line + 1]
        : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/** Fills {{name}} placeholders of a message template. */
export function formatMessage(
  template: string,
  data?: Record<string, string | number>
): string {
  if (!data) {
    return template;
  }
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole
  );
}

/** A replacement of `text[from, to)` by `text`, with offsets into the original text. */
export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

/**
 * The text with non-overlapping edits applied, all offsets meaning the original text (the one
 * edit applier of the library and the lab: fixes, promote's notebook edits, the lab's previews).
 */
export function applyTextEdits(
  text: string,
  edits: readonly TextEdit[]
): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) {
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  }
  return out;
}
