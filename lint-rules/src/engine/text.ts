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
