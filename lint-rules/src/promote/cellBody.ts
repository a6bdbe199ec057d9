/**
 * Turns one selected cell into lines of a function body, and sorts out what must stay in the
 * notebook (IPython magics, wrapping cell magics) or move to the module (top-level imports).
 *
 * It works on the masked source (same length and lines as the cell, magics blanked), so every
 * position the analysis gives stays valid, and it never re-indents a line that lies inside a
 * multi-line string (that would change the string's value).
 */
import type { SyntaxNode } from '@lezer/common';
import { LineIndex } from '../notebook/lines';
import type { NotebookCell } from '../notebook/types';
import { maskIPythonSyntax } from '../python/mask';
import type { CellAnalysis, ImportBinding } from '../python/types';
import { isDeadExpression, trailingValueIsNone } from './expressionStatements';
import { refusalTexts } from './texts';
import type { PromotionRefusalReason } from './types';

/** Line magics that only set up the session: moving them before the call changes nothing. */
const HOISTABLE_MAGICS: ReadonlySet<string> = new Set([
  'matplotlib',
  'load_ext',
  'reload_ext',
  'autoreload',
  'aimport',
  'config',
  'pip',
  'conda',
  'precision',
  'pylab',
  'xmode',
  'colors',
  'automagic',
  'autocall',
  'pprint',
  'mamba',
  'micromamba',
  'pdb',
  'doctest_mode',
  'rehashx'
]);

/** Cell magics that only wrap a Python body and keep its bindings; they can wrap the call. */
const WRAPPING_CELL_MAGICS: ReadonlySet<string> = new Set(['time', 'capture']);

/** A magic that stays in the notebook, with where it sat among the selection's statements. */
export interface KeptMagic {
  cell: number;
  line: number;
  /** the magic's original source lines */
  text: string;
  name: string;
  target?: string;
  hoistable: boolean;
}

/** A statement position inside the selection, for ordering magics against code. */
export interface StatementMark {
  cell: number;
  line: number;
}

export interface CellBody {
  cell: number;
  /** the body lines, NOT yet indented; `indentable[i]` false for lines inside a multi-line string */
  lines: string[];
  indentable: boolean[];
  /** top-level unconditional imports removed from the body */
  imports: ImportBinding[];
  /** magics that stay in the notebook */
  magics: KeptMagic[];
  /** first and last Python statement (not an import, not a comment) in this cell */
  firstStatement?: StatementMark;
  lastStatement?: StatementMark;
  /** `%%time` / `%%capture` first line, or `%time` wrapping a statement */
  wrappers: { kind: 'cell' | 'line'; name: string; text: string }[];
  /** the trailing expression statement IPython displays, when it is displayed */
  displayed?: {
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    text: string;
  };
  /** the trailing expression exists but a `;` or a later magic hides it */
  trailingHidden: boolean;
  /** the trailing expression is `display(x)` with one positional argument */
  displayCallArg?: string;
  refusals: PromotionRefusalReason[];
  /** with `extractTrailing`: the displayed expression's lines, removed from `lines` */
  displayedLines?: { text: string; indentable: boolean }[];
}

const PROMOTE_MARKER = /^\s*#\s*nbcraft:\s*promote\b.*$/;

interface Removal {
  from: number;
  to: number;
}

/** Top-level statement nodes of a parsed cell, comments excluded. */
export function topLevelStatements(analysis: CellAnalysis): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const tree = analysis.parsed.tree;
  if (!tree) return out;
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name === 'Comment' || n.type.isError) continue;
    out.push(n);
  }
  return out;
}

/** Lines (0-based) that continue a multi-line string literal: re-indenting them changes the string. */
function stringContinuationLines(
  analysis: CellAnalysis,
  lines: LineIndex
): Set<number> {
  const inside = new Set<number>();
  const tree = analysis.parsed.tree;
  if (!tree) return inside;
  tree.iterate({
    enter(node) {
      if (
        node.name === 'String' ||
        node.name === 'FormatString' ||
        node.name === 'Bytes'
      ) {
        const a = lines.lineOf(node.from);
        const b = lines.lineOf(node.to);
        for (let l = a + 1; l <= b; l++) inside.add(l);
        return false;
      }
      return undefined;
    }
  });
  return inside;
}

function hasAwaitOutsideFunction(analysis: CellAnalysis): number | null {
  const tree = analysis.parsed.tree;
  if (!tree) return null;
  let found: number | null = null;
  tree.iterate({
    enter(node) {
      if (found !== null) return false;
      if (
        node.name === 'FunctionDefinition' ||
        node.name === 'LambdaExpression' ||
        node.name === 'ClassDefinition'
      )
        return false;
      if (node.name === 'await' || node.name === 'AwaitExpression') {
        found = node.from;
        return false;
      }
      return undefined;
    }
  });
  return found;
}

/**
 * The masked cell text as the user wrote it. When @lezer/python needed a repaired copy to parse
 * (python/parse.ts: a bare `yield` read as `None `, `1.` as `1 `, `with (a as f, ...)` without
 * its `as f`), the analysis holds that copy; its spans line up with the original, but the module
 * must get the user's code, not the parser's stand-in.
 */
function writtenText(source: string, analysis: CellAnalysis): string {
  return analysis.parsed.repairs?.length
    ? maskIPythonSyntax(source).text
    : analysis.parsed.masked.text;
}

/** What the planner knows about the cell beyond its text. */
export interface CellContext {
  /** the cell as stored (execution count and outputs tell whether its last line showed a value) */
  cell: NotebookCell;
  /** whether the notebook binds this name itself (then `print` is not the builtin) */
  shadowed: (name: string) => boolean;
  /** whether the notebook binds the name by an import (a module's `sort` is not list.sort) */
  imported: (name: string) => boolean;
}

/**
 * Analyse one selected cell. `cellIndex` is the notebook index (for messages); `source` the
 * cell's text as the user wrote it; `isLast` says whether its trailing expression may be
 * displayed (only the last cell's display survives promotion).
 */
export function buildCellBody(
  cellIndex: number,
  source: string,
  analysis: CellAnalysis,
  extractTrailing = false,
  context?: CellContext
): CellBody {
  const masked = writtenText(source, analysis);
  const maskedLines = new LineIndex(masked);
  const starts = maskedLines.starts;
  const srcLines = source.split('\n');
  const body: CellBody = {
    cell: cellIndex,
    lines: [],
    indentable: [],
    imports: [],
    magics: [],
    wrappers: [],
    trailingHidden: false,
    refusals: []
  };
  const scope = analysis.scope;
  if (!scope) return body;

  const refuse = (r: Omit<PromotionRefusalReason, 'cell'>) =>
    body.refusals.push({ ...r, cell: cellIndex });
  const lineOfName = (re: RegExp): number | undefined => {
    const i = srcLines.findIndex(l => re.test(l));
    return i >= 0 ? i : undefined;
  };

  if (scope.globals.length || scope.nonlocals.length) {
    const names = [...scope.globals, ...scope.nonlocals];
    refuse({
      code: 'global-declaration',
      ...refusalTexts(
        {
          id: 'cellLevelDeclaration',
          data: {
            statement: `${scope.globals.length ? 'global' : 'nonlocal'} ${names.join(', ')}`
          }
        },
        { id: 'cellLevelDeclarationHint' }
      ),
      line: lineOfName(/^\s*(global|nonlocal)\b/)
    });
  }
  if (scope.starImports.length) {
    refuse({
      code: 'star-import',
      ...refusalTexts(
        { id: 'starImport', data: { module: scope.starImports[0] } },
        { id: 'starImportHint', data: { module: scope.starImports[0] } }
      ),
      line: lineOfName(/import\s+\*/)
    });
  }
  if (scope.usesExecEval) {
    refuse({
      code: 'exec-eval',
      ...refusalTexts({ id: 'execEval' }, { id: 'execEvalHint' }),
      line: lineOfName(/\b(exec|eval|globals|locals|vars)\s*\(/)
    });
  }
  if (scope.topLevelReturnOrYield) {
    refuse({
      code: 'return-yield',
      ...refusalTexts({ id: 'returnYield' }, { id: 'returnYieldHint' }),
      line: lineOfName(/^\s*(return|yield)\b/)
    });
  }
  if (scope.breakOutsideLoop) {
    refuse({
      code: 'syntax-error',
      ...refusalTexts(
        { id: 'breakOutsideLoop' },
        { id: 'breakOutsideLoopHint' }
      ),
      line: lineOfName(/^\s*(break|continue)\b/)
    });
  }
  if (scope.nestedGlobalWrites.length) {
    refuse({
      code: 'global-declaration',
      ...refusalTexts(
        {
          id: 'nestedGlobal',
          data: { names: scope.nestedGlobalWrites.join(', ') }
        },
        { id: 'nestedGlobalHint' }
      ),
      line: lineOfName(/^\s+global\b/)
    });
  }
  if (scope.reads.includes('__name__')) {
    refuse({
      code: 'module-name',
      ...refusalTexts({ id: 'moduleName' }, { id: 'moduleNameHint' }),
      line: lineOfName(/__name__/)
    });
  }
  const awaitAt = hasAwaitOutsideFunction(analysis);
  if (awaitAt !== null) {
    refuse({
      code: 'top-level-await',
      ...refusalTexts({ id: 'topLevelAwait' }, { id: 'topLevelAwaitHint' }),
      line: maskedLines.lineOf(awaitAt)
    });
  }

  const statements = topLevelStatements(analysis);
  const stmtLines = statements.map(n => ({
    node: n,
    first: maskedLines.lineOf(n.from),
    last: maskedLines.lineOf(Math.max(n.from, n.to - 1))
  }));

  // Magics: decide for each whether it wraps, stays in the notebook, or blocks promotion.
  const magicLines = new Set<number>();
  const timeLines = new Set<number>();
  for (const m of analysis.parsed.masked.magics) {
    // an automagic line (`cd data`, a one-line cell) runs only alone in its cell: kept in the
    // replacement cell it needs its `%`; IPython drops its indentation, so it is not nested
    const text = m.automagic
      ? '%' + srcLines[m.line].trimStart()
      : srcLines.slice(m.line, m.endLine + 1).join('\n');
    const nested =
      !m.automagic &&
      (stmtLines.some(s => s.first < m.line && m.line <= s.last) ||
        /^\s/.test(srcLines[m.line] ?? ''));
    if (m.name === 'run') {
      refuse({
        code: 'run-magic',
        ...refusalTexts({ id: 'runMagic' }, { id: 'runMagicHint' }),
        line: m.line
      });
      continue;
    }
    if (m.kind === 'cell-magic') {
      if (
        m.bodyIsPython &&
        WRAPPING_CELL_MAGICS.has(m.name) &&
        !(m.name === 'capture' && m.args.trim())
      ) {
        body.wrappers.push({
          kind: 'cell',
          name: m.name,
          text: srcLines[m.line]
        });
        magicLines.add(m.line);
        continue;
      }
      refuse({
        code: m.bodyIsPython ? 'magic-placement' : 'not-python',
        ...refusalTexts(
          m.bodyIsPython
            ? {
                id: 'cellMagic',
                data: { magic: `%%${m.name}${m.args ? ' ' + m.args : ''}` }
              }
            : {
                id: 'cellMagicNotPython',
                data: { magic: `%%${m.name}`, language: m.name }
              },
          { id: 'leaveCellOut' }
        ),
        line: m.line
      });
      continue;
    }
    if (m.bodyIsPython) {
      if (m.name === 'time' && !nested) {
        body.wrappers.push({ kind: 'line', name: m.name, text: `%${m.name}` });
        timeLines.add(m.line);
        continue; // the statement itself stays in the masked text, and so in the body
      }
      refuse({
        code: 'magic-placement',
        ...refusalTexts(
          { id: 'lineMagic', data: { magic: `%${m.name}` } },
          { id: 'lineMagicHint' }
        ),
        line: m.line
      });
      continue;
    }
    if (nested) {
      refuse({
        code: 'magic-placement',
        ...refusalTexts(
          { id: 'nestedMagic', data: { line: String(m.line + 1) } },
          { id: 'nestedMagicHint' }
        ),
        line: m.line
      });
      continue;
    }
    for (let l = m.line; l <= m.endLine; l++) magicLines.add(l);
    body.magics.push({
      cell: cellIndex,
      line: m.line,
      text,
      name: m.name,
      target: m.target,
      hoistable:
        m.kind === 'line-magic' || m.kind === 'pip'
          ? HOISTABLE_MAGICS.has(m.name)
          : m.kind === 'help'
    });
  }

  // The displayed trailing expression (IPython shows it unless `;` ends the cell or a magic follows).
  const lastStmt = stmtLines.length ? stmtLines[stmtLines.length - 1] : null;
  // a last line whose value is None (`print(...)`) displayed nothing: it stays a plain statement
  const trailing =
    scope.trailingExpression &&
    context &&
    lastStmt?.first === scope.trailingExpression.line &&
    trailingValueIsNone(
      context.cell,
      lastStmt.node,
      masked,
      context.shadowed,
      context.imported
    )
      ? undefined
      : scope.trailingExpression;
  if (trailing) {
    const endOffset = starts[trailing.endLine] + trailing.endColumn;
    const rest = masked
      .slice(endOffset)
      .replace(/#[^\n]*/g, '')
      .trim();
    const magicAfter = body.magics.some(
      m =>
        m.line > trailing.endLine ||
        (m.line === trailing.endLine && m.line !== trailing.line)
    );
    if (rest.startsWith(';') || magicAfter) body.trailingHidden = true;
    else body.displayed = trailing;
    const call = /^display\s*\(([\s\S]*)\)\s*$/.exec(trailing.text);
    if (
      call &&
      !/^\s*\*/.test(call[1]) &&
      splitTopLevelArgs(call[1]).length === 1 &&
      !/^\s*\w+\s*=[^=]/.test(call[1])
    ) {
      body.displayCallArg = call[1].trim();
    }
  }

  // Statements: imports leave the body; the rest marks where code starts and ends.
  const removals: Removal[] = [];
  const removedLines = new Set<number>();
  for (const s of stmtLines) {
    const allMagic = (() => {
      for (let l = s.first; l <= s.last; l++)
        if (!magicLines.has(l)) return false;
      return true;
    })();
    if (allMagic) continue;
    const extracted = extractTrailing && body.displayed?.line === s.first;
    if (!extracted && !timeLines.has(s.first) && isDeadExpression(s.node)) {
      // computed and thrown away: inside a function it does nothing
      removals.push({ from: s.node.from, to: s.node.to });
      for (let l = s.first; l <= s.last; l++) removedLines.add(l);
      continue;
    }
    if (s.node.name === 'ImportStatement') {
      const binds = scope.imports.filter(
        b => !b.conditional && b.line >= s.first && b.line <= s.last
      );
      if (binds.length) {
        body.imports.push(...binds);
        removals.push({ from: s.node.from, to: s.node.to });
        for (let l = s.first; l <= s.last; l++) removedLines.add(l);
        continue;
      }
    }
    const mark = { cell: cellIndex, line: s.first };
    body.firstStatement ??= mark;
    body.lastStatement = { cell: cellIndex, line: s.last };
  }

  // Build the body lines: masked text minus removed statements, magic lines and marker lines.
  const inString = stringContinuationLines(analysis, maskedLines);
  if (extractTrailing && body.displayed) {
    const d = body.displayed;
    const from = starts[d.line] + d.column;
    const to = starts[d.endLine] + d.endColumn;
    removals.push({ from, to });
    const exprLines = masked.slice(from, to).split('\n');
    body.displayedLines = exprLines.map((text, k) => ({
      text,
      indentable: !inString.has(d.line + k)
    }));
    for (let l = d.line; l <= d.endLine; l++) removedLines.add(l); // drop the lines it leaves empty
  }
  const edited = applyRemovals(masked, removals);
  const editedLines = edited.split('\n');
  const originalLines = masked.split('\n');
  for (let i = 0; i < editedLines.length; i++) {
    let line = editedLines[i];
    if (magicLines.has(i)) continue;
    if (PROMOTE_MARKER.test(srcLines[i] ?? '') && !inString.has(i)) continue;
    if (
      removedLines.has(i) &&
      !/\S/.test(line.replace(/;/g, '')) &&
      /\S/.test(originalLines[i])
    )
      continue;
    if (!inString.has(i)) {
      // `%time x = 1` is masked as `0;      x = 1`: in the body the statement stands alone at column 0
      if (timeLines.has(i)) line = line.replace(/^\s*0;\s*/, '');
      const stmt = stmtLines.find(s => s.first === i);
      if (stmt && /^\s+\S/.test(line)) line = line.replace(/^\s+/, '');
    }
    body.lines.push(inString.has(i + 1) ? line : line.trimEnd());
    body.indentable.push(!inString.has(i));
  }
  return body;
}

/** Blanks [from, to) ranges (line breaks kept) and the `;` that separated a removed statement from its neighbour. */
function applyRemovals(text: string, removals: Removal[]): string {
  if (!removals.length) return text;
  const sorted = [...removals].sort((a, b) => b.from - a.from);
  let out = text;
  for (const r of sorted) {
    let from = r.from;
    let to = r.to;
    // a statement node of a simple statement may stop before its newline; keep the newline
    while (to > from && out[to - 1] === '\n') to--;
    const after = /^[ \t]*;[ \t]*/.exec(out.slice(to));
    if (after) to += after[0].length;
    else {
      const before = /;[ \t]*$/.exec(out.slice(0, from));
      if (before) from -= before[0].length;
    }
    // keep the removed text's line breaks: line i of the result is still line i of the cell
    out =
      out.slice(0, from) +
      out.slice(from, to).replace(/[^\n]/g, '') +
      out.slice(to);
  }
  return out;
}

/** Splits call arguments at top-level commas (brackets and strings respected, roughly). */
export function splitTopLevelArgs(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      cur += c;
      if (c === '\\') {
        cur += text[++i] ?? '';
      } else if (text.startsWith(quote, i)) {
        cur += quote.slice(1);
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      cur += quote;
      i += quote.length - 1;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts;
}
