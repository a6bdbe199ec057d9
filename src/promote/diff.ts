/**
 * A line diff for the preview: existing module text against the planned text, shown as
 * unified hunks. Pure; common prefix and suffix are trimmed first so the quadratic part
 * only sees the changed middle (a promote usually appends one function). And the one
 * changed span of a cell's text (`changedSpan`), which promote and Undo Promote replace.
 */

export type DiffLineKind = 'context' | 'add' | 'remove';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** 1-based line in the old text (context and remove lines) */
  oldLine?: number;
  /** 1-based line in the new text (context and add lines) */
  newLine?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: DiffLine[];
}

export interface TextDiff {
  hunks: DiffHunk[];
  added: number;
  removed: number;
  /** true when the old text was empty or absent: the whole file is new */
  isNewFile: boolean;
}

/** One replaced span of a text: `text` in place of `[from, to)`. */
export interface TextSpan {
  from: number;
  to: number;
  text: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The one span where `after` differs from `before` (their common prefix and suffix left out),
 * or null when they are equal: what a cell edit replaces, so the rest of the cell's text (and
 * the undo history of the typing in it) is left as it was. In UTF-16 code units, as the
 * shared model counts; never inside a surrogate pair. Linear.
 */
export function changedSpan(before: string, after: string): TextSpan | null {
  if (before === after) {
    return null;
  }
  const most = Math.min(before.length, after.length);
  let prefix = 0;
  while (
    prefix < most &&
    before.charCodeAt(prefix) === after.charCodeAt(prefix)
  ) {
    prefix++;
  }
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) {
    prefix--;
  }
  let suffix = 0;
  while (
    suffix < most - prefix &&
    before.charCodeAt(before.length - 1 - suffix) ===
      after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) {
    suffix--;
  }
  return {
    from: prefix,
    to: before.length - suffix,
    text: after.slice(prefix, after.length - suffix)
  };
}

/** Split into lines without inventing an empty last line for a trailing newline. */
export function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/** Every line of both texts, in order, tagged as kept, added or removed. */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);

  // Longest common subsequence table over the changed middle, filled from the end.
  const n = midA.length;
  const m = midB.length;
  const table: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) {
    table.push(new Uint32Array(m + 1));
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] =
        midA[i] === midB[j]
          ? table[i + 1][j + 1] + 1
          : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }

  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  const keep = (text: string) =>
    out.push({ kind: 'context', text, oldLine: oldLine++, newLine: newLine++ });
  for (let k = 0; k < prefix; k++) {
    keep(a[k]);
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      keep(midA[i]);
      i++;
      j++;
    } else if (i < n && (j >= m || table[i + 1][j] >= table[i][j + 1])) {
      // Removals before additions, as `diff -u` shows a replaced line.
      out.push({ kind: 'remove', text: midA[i], oldLine: oldLine++ });
      i++;
    } else {
      out.push({ kind: 'add', text: midB[j], newLine: newLine++ });
      j++;
    }
  }
  for (let k = a.length - suffix; k < a.length; k++) {
    keep(a[k]);
  }
  return out;
}

/** Unified-diff hunks with `context` unchanged lines around each change. */
export function diffTexts(
  oldText: string | null,
  newText: string,
  context = 3
): TextDiff {
  const lines = diffLines(oldText ?? '', newText);
  const changed = lines
    .map((line, index) => (line.kind === 'context' ? -1 : index))
    .filter(index => index >= 0);
  const hunks: DiffHunk[] = [];
  let start = -1;
  let end = -1;
  const flush = () => {
    if (start < 0) {
      return;
    }
    const slice = lines.slice(start, end + 1);
    const firstOld = slice.find(l => l.oldLine !== undefined)?.oldLine;
    const firstNew = slice.find(l => l.newLine !== undefined)?.newLine;
    const oldCount = slice.filter(l => l.kind !== 'add').length;
    const newCount = slice.filter(l => l.kind !== 'remove').length;
    hunks.push({
      // As `diff -u` writes it: an empty side starts at the line before.
      oldStart: firstOld ?? precedingLine(lines, start, 'old'),
      oldCount,
      newStart: firstNew ?? precedingLine(lines, start, 'new'),
      newCount,
      lines: slice
    });
  };
  for (const index of changed) {
    const from = Math.max(0, index - context);
    const to = Math.min(lines.length - 1, index + context);
    if (start >= 0 && from <= end + 1) {
      end = Math.max(end, to);
    } else {
      flush();
      start = from;
      end = to;
    }
  }
  flush();
  return {
    hunks,
    added: lines.filter(l => l.kind === 'add').length,
    removed: lines.filter(l => l.kind === 'remove').length,
    isNewFile: !oldText
  };
}

function precedingLine(
  lines: DiffLine[],
  index: number,
  side: 'old' | 'new'
): number {
  for (let k = index - 1; k >= 0; k--) {
    const value = side === 'old' ? lines[k].oldLine : lines[k].newLine;
    if (value !== undefined) {
      return value;
    }
  }
  return 0;
}

/** The diff as `diff -u` text (for copying, and for tests that read it). */
export function formatUnified(
  diff: TextDiff,
  oldName: string,
  newName: string
): string {
  const out = [
    `--- ${diff.isNewFile ? '/dev/null' : oldName}`,
    `+++ ${newName}`
  ];
  for (const hunk of diff.hunks) {
    out.push(
      `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@`
    );
    for (const line of hunk.lines) {
      const mark =
        line.kind === 'add' ? '+' : line.kind === 'remove' ? '-' : ' ';
      out.push(mark + line.text);
    }
  }
  return out.join('\n') + '\n';
}
