const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * Templates cut once at their placeholders: [text, key, placeholder as written, text, key, ...].
 * A small memo: the templates are the rules' messages (and the lab's translations of them), a
 * few hundred at most; it starts over past MAX_TEMPLATES so that odd callers cannot grow it.
 */
const compiled = new Map<string, readonly string[]>();
const MAX_TEMPLATES = 2000;

function compile(template: string): readonly string[] {
  let parts = compiled.get(template);
  if (parts === undefined) {
    const cut: string[] = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      cut.push(template.slice(last, m.index), m[1], m[0]);
      last = m.index + m[0].length;
    }
    cut.push(template.slice(last));
    if (compiled.size >= MAX_TEMPLATES) {
      compiled.clear();
    }
    compiled.set(template, cut);
    parts = cut;
  }
  return parts;
}

/**
 * Fills {{name}} placeholders of a message template; a placeholder whose name `data` lacks stays
 * as written. The template is cut at its placeholders once, not scanned again per finding.
 */
export function formatMessage(
  template: string,
  data?: Record<string, string | number>
): string {
  if (!data) {
    return template;
  }
  const parts = compile(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 3) {
    const key = parts[i];
    out += (key in data ? String(data[key]) : parts[i + 1]) + parts[i + 2];
  }
  return out;
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

/** `text` as a regular expression that matches exactly it. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` without its trailing characters that `char` (a one-character pattern, no `g` flag)
 * matches: the linear form of `text.replace(/[...]+$/, '')`. A `[...]+$` pattern is tried from
 * every character of a long run that does not reach the end, and each try scans the rest of the
 * run (quadratic: 50 KB of `/` took 14 s); this walks back from the end once.
 */
export function trimEndWhere(text: string, char: RegExp): string {
  let end = text.length;
  while (end > 0 && char.test(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}
