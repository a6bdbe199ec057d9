import type { LintCell } from '../../engine/types';
import { LINE_BREAK } from '../../python/literals';

/**
 * The notebook's own Markdown marks a step optional: one owner for NB102 (an optional cell left
 * unrun is the notebook's own way through it) and NB603 (an optional install that upgrades a
 * package only when the reader's versions do not match is no set-up step to move to the top).
 */

/**
 * The Markdown right above marks the step optional in its first line (outside a code fence): a
 * heading that says so ("## A.2 (Optional) Run the experiment", "### Optional: tune", "####
 * Optionally list the environments") or a paragraph that starts so ("(Optional) Run the cell
 * below only if ..."). Skipping an optional step is the notebook's own way through it. A heading
 * that only uses the word ("## Drop rows whose optional fields are missing") marks nothing.
 */
const OPTIONAL_HEADING =
  /^#{1,6}[ \t]+(.*\(optional\)|.*\boptional:|([\w.]*\d[\w.]*[ \t]+)?[*_]*optional(ly)?\b)/i;
const OPTIONAL_PARAGRAPH = /^[*_]*\(?optional(ly)?\b/i;
/** a text's first line with text, trimmed */
function firstTextLine(text: string): string | undefined {
  return text
    .split(LINE_BREAK)
    .map(line => line.trim())
    .find(line => line !== '');
}
export function markedOptional(
  cells: readonly LintCell[],
  index: number
): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const above = cells[i].cell;
    if (!/\S/.test(above.source)) {
      continue;
    }
    if (above.kind !== 'markdown') {
      return false;
    }
    // the first line with text, read on its own: no pattern runs across the cell's lines
    const first = firstTextLine(above.source);
    return (
      first !== undefined &&
      (OPTIONAL_HEADING.test(first) || OPTIONAL_PARAGRAPH.test(first))
    );
  }
  return false;
}

/**
 * For each cell, whether the nearest Markdown with text above it is a heading that marks its
 * section optional (OPTIONAL_HEADING), so every code cell of that section up to the next Markdown
 * is part of the optional step (round 26: UNet_Industrial's Colab export notebook, "## Save
 * TF-Hub modules to Google Drive (Optional)" above `drive.mount(...)` and then the `!cp` to the
 * drive). A paragraph ("(Optional) Run the cell below") marks only the cell right below it
 * (markedOptional). One pass over the cells.
 */
export function underOptionalHeading(cells: readonly LintCell[]): boolean[] {
  const out: boolean[] = [];
  let optional = false;
  for (const lc of cells) {
    out.push(optional);
    const cell = lc.cell;
    if (cell.kind === 'markdown' && /\S/.test(cell.source)) {
      const first = firstTextLine(cell.source);
      optional = first !== undefined && OPTIONAL_HEADING.test(first);
    }
  }
  return out;
}
