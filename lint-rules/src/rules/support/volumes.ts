import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';

/**
 * a Unity Catalog volume path: `/Volumes/<catalog>/<schema>/<volume>` (then perhaps a path), or
 * `dbfs:/Volumes/...`; a part may be an f-string placeholder (`{catalog}`). Volumes are always
 * addressed by those three names (https://docs.databricks.com/en/volumes/volume-files.html), so
 * macOS's `/Volumes/USB/data.csv` is none.
 */
const VOLUME_PATH = /^(dbfs:)?\/Volumes(\/[^/\s]+){3}(\/|$)/;
/** a literal's prefix and opening quote, and its closing quote */
const QUOTES = /^[rRuUbBfF]{0,2}('''|"""|'|")|('''|"""|'|")$/g;

/** an `a if c else b` or an `if` statement around the node: the code is written for both ways */
function conditional(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'ConditionalExpression' || p.name === 'IfStatement') {
      return true;
    }
  }
  return false;
}

/**
 * The notebook's code reads or writes a Unity Catalog volume: a string literal (or f-string) in
 * a parsed Python cell whose value starts with a volume path, not in a comment, a docstring or a
 * bare string statement, a message (`print("On UC, write to '/Volumes/...'")`: the value does not
 * start with the path), nor under a condition (`"/Volumes/..." if uc else "/dbfs/mnt/..."`: the
 * notebook is written for older runtimes too). "When you work with volumes, you must use a SQL
 * warehouse or a cluster running Databricks Runtime 13.3 LTS or above"
 * (https://docs.databricks.com/en/volumes.html).
 */
export function readsVolume(cells: readonly LintCell[]): boolean {
  return cells.some(lc => {
    const tree =
      lc.cell.kind === 'code' &&
      lc.isPython &&
      lc.cell.source.includes('/Volumes/')
        ? lc.analysis?.parsed.tree
        : undefined;
    let found = false;
    tree?.iterate({
      enter(ref) {
        if (found) {
          return false;
        }
        if (ref.name !== 'String' && ref.name !== 'FormatString') {
          return undefined;
        }
        const node = ref.node;
        found =
          VOLUME_PATH.test(lc.textOf(node).replace(QUOTES, '')) &&
          node.parent?.name !== 'ExpressionStatement' &&
          !conditional(node);
        return false;
      }
    });
    return found;
  });
}
