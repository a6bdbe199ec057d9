/**
 * Inline suppressions, written as comments in any cell language:
 *   `x = 1  # nbcraft: disable=NB101,unused-import`   this line (alone on a line: also the next line)
 *   `# nbcraft: disable-cell=NB101`                   the whole cell (no list: every rule)
 *   `# nbcraft: disable-file=NB302`                   the whole notebook
 * A notebook can also list rules in its metadata: `"nbcraft": {"disable": ["NB302"]}`.
 * flake8's and ruff's `# noqa` comments are read for the rules of NOQA_CODES, as ruff reads
 * flake8's: `# noqa: E711` suppresses NB210 on its line, and a bare `# noqa` those rules only.
 */
import type { SyntaxNode } from '@lezer/common';
import { firstIndexWhere, LineIndex } from '../notebook/lines';
import type { Notebook } from '../notebook/types';
import type { CellAnalysis } from '../python/types';
import type { Finding } from './types';

const DIRECTIVE =
  /nbcraft:\s*(disable-cell|disable-file|disable)\b(?:\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))?/;

/**
 * The rules that check exactly what a flake8 (pyflakes, pycodestyle, flake8-builtins) code checks,
 * which ruff implements under the same code: its `# noqa` comments mean the same check, so they
 * suppress these rules. Checked against ruff's rule docs (docs.astral.sh/ruff/rules). Left out:
 * F405 (NB204 reports the star import, F405 a name read after it: another line, another check),
 * E402 (per cell in ruff's notebooks, not after the first cell), S105/S106 and every secret rule
 * (a `# noqa` written for another tool must not hide a credential), and E999 (not suppressible).
 */
export const NOQA_CODES: Readonly<Record<string, readonly string[]>> = {
  NB103: ['F821'], // a name read before the cell that binds it: pyflakes' undefined name
  NB104: ['F821'], // undefined-name
  NB204: ['F403'], // undefined-local-with-import-star: `from m import *` used
  NB205: ['F401'], // unused-import
  NB206: ['E722'], // bare-except
  NB207: ['F541'], // f-string-missing-placeholders
  NB208: ['W291', 'W293'], // trailing-whitespace, blank-line-with-whitespace
  NB209: ['A001'], // builtin-variable-shadowing: the builtins (NB209's `display`, IPython's, too: harmless)
  NB210: ['E711'] // none-comparison
};

/**
 * `# noqa`, `# NOQA`, `#noqa: E711,F401`, `# noqa: E711 F401`, as flake8 and ruff read them (a
 * `# noqa E711` without its colon is a bare `# noqa` to both).
 */
const NOQA =
  /#\s*noqa(?![\w-])(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/gi;

/** The nbcraft rules a `# noqa` comment with these codes (none: a bare `# noqa`) suppresses. */
function noqaSelector(codes: string | undefined): RuleSelector {
  const wanted = codes
    ? new Set(
        codes
          .toUpperCase()
          .split(/[\s,]+/)
          .filter(Boolean)
      )
    : null;
  const keys = new Set<string>();
  for (const [rule, equivalents] of Object.entries(NOQA_CODES)) {
    if (!wanted || equivalents.some(c => wanted.has(c))) {
      keys.add(rule);
    }
  }
  return { all: false, keys };
}

/**
 * Where the `#` at `offset` of a cell's source is: `false` when it opens no comment (it is in a
 * string); else the span (offsets) its `# noqa` covers (see noqaSpan); `undefined` for a cell no
 * parser read (a `%%bash` cell).
 */
export type CommentAt = (
  cell: number,
  offset: number
) => { from: number; to: number } | false | undefined;

/**
 * The statements a `# noqa` covers over all their lines, as flake8 reads one for a logical line
 * and ruff for a finding's statement: the simple ones. A compound statement's comment (`if`,
 * `def`, a decorator, `match`, `case`) covers its own line only: its body is other lines' business.
 */
const SIMPLE_STATEMENTS: ReadonlySet<string> = new Set([
  'AssignStatement',
  'UpdateStatement',
  'ExpressionStatement',
  'DeleteStatement',
  'PassStatement',
  'BreakStatement',
  'ContinueStatement',
  'ReturnStatement',
  'YieldStatement',
  'PrintStatement',
  'RaiseStatement',
  'ImportStatement',
  'ScopeStatement',
  'AssertStatement',
  'StatementGroup'
]);

/** Where a walk up from a comment stops: a statement, a block, or a compound's part. */
function endsWalk(n: SyntaxNode): boolean {
  return (
    /(Statement|Definition|Clause|Body|Decorator)$/.test(n.name) ||
    n.name === 'Script'
  );
}

/**
 * The span a `# noqa` at `offset` covers in a parsed cell: the simple statement it is in, or
 * whose last line it ends (`)  # noqa: F401` after a parenthesized import); else its own
 * comment. `false` when no comment starts there (a `# noqa` inside a string).
 */
function noqaSpan(
  comment: SyntaxNode,
  source: string
): { from: number; to: number } | false {
  if (comment.name !== 'Comment') {
    return false;
  }
  for (let n = comment.parent; n; n = n.parent) {
    if (SIMPLE_STATEMENTS.has(n.name)) {
      return { from: n.from, to: n.to };
    }
    if (endsWalk(n)) {
      break;
    }
  }
  const before = comment.prevSibling;
  if (
    before &&
    SIMPLE_STATEMENTS.has(before.name) &&
    // from the end of the statement's text: a `StatementGroup` (`x = 1;`) holds its line break
    !/[\r\n]/.test(
      source
        .slice(before.from, comment.from)
        .slice(source.slice(before.from, before.to).trimEnd().length)
    )
  ) {
    return { from: before.from, to: comment.to };
  }
  return comment;
}

/** CommentAt for the cells of an analysed notebook: a Python cell's parse tree says. */
export function noqaCommentAt(
  perCell: ReadonlyMap<number, CellAnalysis>
): CommentAt {
  return (cell, offset) => {
    const parsed = perCell.get(cell)?.parsed;
    // a `%%bash` cell's tree is a tree of blanks: it cannot say
    if (!parsed?.tree || parsed.masked.cellLanguage) {
      return undefined;
    }
    const span = noqaSpan(
      parsed.tree.resolveInner(offset, 1),
      parsed.masked.text
    );
    return span && { from: span.from, to: span.to };
  };
}

/** Without a parse tree: a `#` outside the quotes its line opens and closes opens a comment. */
function plainComment(line: string, at: number): boolean {
  let quote = '';
  for (let i = 0; i < at; i++) {
    const ch = line[i];
    if (quote && ch === '\\') {
      i++;
    } else if (quote ? ch === quote : ch === '"' || ch === "'") {
      quote = quote ? '' : ch;
    }
  }
  return quote === '';
}

/** A set of rule codes/ids; `all` means every rule. */
interface RuleSelector {
  all: boolean;
  keys: Set<string>;
}

function selector(list: string | undefined): RuleSelector {
  if (!list) {
    return { all: true, keys: new Set() };
  }
  return {
    all: false,
    keys: new Set(
      list
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    )
  };
}

function matches(sel: RuleSelector, finding: Finding): boolean {
  return (
    sel.all || sel.keys.has(finding.ruleCode) || sel.keys.has(finding.ruleId)
  );
}

/**
 * The lines of each cell its `# noqa` comments cover: one range per statement (the selectors of
 * its comments merged), sorted, looked up with a binary search, so that a statement of N lines
 * with a `# noqa` on each costs N, not N² (review RG1).
 */
class NoqaRanges {
  private byCell = new Map<
    number,
    Map<string, { from: number; to: number; sel: RuleSelector }>
  >();
  private sorted = new Map<number, { ranges: Range[]; maxTo: number[] }>();

  add(cell: number, from: number, to: number, codes: string | undefined) {
    let ranges = this.byCell.get(cell);
    if (!ranges) {
      ranges = new Map();
      this.byCell.set(cell, ranges);
    }
    const key = `${from}:${to}`;
    const sel = noqaSelector(codes);
    const range = ranges.get(key);
    if (range) {
      sel.keys.forEach(k => range.sel.keys.add(k));
    } else {
      ranges.set(key, { from, to, sel });
    }
  }

  isEmpty(): boolean {
    return this.byCell.size === 0;
  }

  suppresses(cell: number, line: number, finding: Finding): boolean {
    const byKey = this.byCell.get(cell);
    if (!byKey) {
      return false;
    }
    let index = this.sorted.get(cell);
    if (!index) {
      const ranges = [...byKey.values()].sort((a, b) => a.from - b.from);
      const maxTo: number[] = [];
      ranges.forEach((r, i) => maxTo.push(Math.max(r.to, maxTo[i - 1] ?? -1)));
      index = { ranges, maxTo };
      this.sorted.set(cell, index);
    }
    const { ranges, maxTo } = index;
    // the last range that starts at or before the line, then back while one may reach it
    const last = firstIndexWhere(ranges.length, i => ranges[i].from > line) - 1;
    for (let i = last; i >= 0 && maxTo[i] >= line; i--) {
      const r = ranges[i];
      if (r.from <= line && line <= r.to && matches(r.sel, finding)) {
        return true;
      }
    }
    return false;
  }
}

interface Range {
  from: number;
  to: number;
  sel: RuleSelector;
}

export interface Suppressions {
  isSuppressed(finding: Finding): boolean;
}

const NOTHING_SUPPRESSED: Suppressions = { isSuppressed: () => false };

export function collectSuppressions(
  nb: Notebook,
  commentAt: CommentAt = () => undefined
): Suppressions {
  const fileSelectors: RuleSelector[] = [];
  const cellSelectors = new Map<number, RuleSelector[]>();
  const lineSelectors = new Map<string, RuleSelector[]>();
  const noqaRanges = new NoqaRanges();
  const add = <K>(map: Map<K, RuleSelector[]>, key: K, sel: RuleSelector) => {
    const list = map.get(key);
    if (list) {
      list.push(sel);
    } else {
      map.set(key, [sel]);
    }
  };

  const meta = nb.metadata.nbcraft as { disable?: unknown } | undefined;
  if (meta && Array.isArray(meta.disable)) {
    fileSelectors.push({
      all: false,
      keys: new Set(
        meta.disable.filter((x): x is string => typeof x === 'string')
      )
    });
  }

  for (const cell of nb.cells) {
    const directives = cell.source.includes('nbcraft:');
    const noqa = cell.kind === 'code' && /noqa/i.test(cell.source);
    if (!directives && !noqa) {
      continue;
    }
    // the lines, each with its line break (`\n`, `\r\n`, a lone `\r`), cut where the index
    // found them (its last line is empty after a final break: it holds no directive)
    const index = new LineIndex(cell.source);
    const { starts } = index;
    const lineOf = (offset: number) => index.lineOf(offset);
    for (let lineNo = 0; lineNo < starts.length; lineNo++) {
      const line = cell.source.slice(
        starts[lineNo],
        starts[lineNo + 1] ?? cell.source.length
      );
      if (noqa) {
        for (const q of line.matchAll(NOQA)) {
          const span = commentAt(cell.index, starts[lineNo] + q.index);
          if (
            span === false ||
            (span === undefined && !plainComment(line, q.index))
          ) {
            continue;
          }
          noqaRanges.add(
            cell.index,
            span ? lineOf(span.from) : lineNo,
            span ? lineOf(Math.max(span.from, span.to - 1)) : lineNo,
            q[1]
          );
          break;
        }
      }
      const m = directives ? DIRECTIVE.exec(line) : null;
      if (!m) {
        continue;
      }
      const sel = selector(m[2]);
      if (m[1] === 'disable-file') {
        fileSelectors.push(sel);
      } else if (m[1] === 'disable-cell') {
        add(cellSelectors, cell.index, sel);
      } else {
        add(lineSelectors, `${cell.index}:${lineNo}`, sel);
        // a directive alone on its line covers the line below it
        if (/^\s*(#|--|\/\/|<!--)/.test(line)) {
          add(lineSelectors, `${cell.index}:${lineNo + 1}`, sel);
        }
      }
    }
  }

  if (
    fileSelectors.length === 0 &&
    cellSelectors.size === 0 &&
    lineSelectors.size === 0 &&
    noqaRanges.isEmpty()
  ) {
    return NOTHING_SUPPRESSED; // the common case: no directive anywhere, nothing to look up per finding
  }
  return {
    isSuppressed(finding: Finding): boolean {
      if (fileSelectors.some(s => matches(s, finding))) {
        return true;
      }
      if (finding.cell === null) {
        return false;
      }
      if (
        (cellSelectors.get(finding.cell) ?? []).some(s => matches(s, finding))
      ) {
        return true;
      }
      if (finding.start && finding.output === undefined) {
        const sels =
          lineSelectors.get(`${finding.cell}:${finding.start.line}`) ?? [];
        return (
          sels.some(s => matches(s, finding)) ||
          noqaRanges.suppresses(finding.cell, finding.start.line, finding)
        );
      }
      return false;
    }
  };
}
