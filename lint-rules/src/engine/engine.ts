/**
 * The lint engine: one analysis of the notebook, one lezer tree walk per Python cell, with each
 * node dispatched to the rules that subscribed to its type (visitor map), plus per-cell text hooks
 * and per-notebook hooks. Findings come back located in the cell and in the file itself.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Notebook, NotebookCell, Position } from '../notebook/types';
import { analyzeNotebook } from '../python';
import type { CellAnalysis } from '../python/types';
import { collectSuppressions, noqaCommentAt } from './suppressions';
import { LineIndex } from '../notebook/lines';
import { formatMessage } from './text';
import {
  docsUrl,
  EnabledRule,
  Finding,
  LintCell,
  NotebookAnalysisView,
  ReportDescriptor,
  RepositoryState,
  RuleContext,
  RuleListeners
} from './types';

/** A rule threw: the engine names the rule and the cell so the CLI can report it, located. */
export class RuleFailure extends Error {
  constructor(
    readonly ruleId: string,
    readonly cell: number | null,
    cause: unknown
  ) {
    super(
      `rule ${ruleId} failed${cell !== null ? ` on cell ${cell + 1}` : ''}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`
    );
    this.name = 'RuleFailure';
  }
}

/** Whether a code cell holds Python that parsed cleanly (and so may be walked and scoped). */
export function isLintablePython(
  cell: NotebookCell,
  analysis: CellAnalysis | undefined
): boolean {
  return (
    cell.kind === 'code' &&
    cell.language === 'python' &&
    !!analysis &&
    analysis.parsed.ok &&
    !!analysis.parsed.tree &&
    !analysis.parsed.masked.cellLanguage
  );
}

/**
 * A cell as the rules see it. A class, not an object literal with closures: a notebook pass makes
 * one per cell, and its helpers live once on the prototype. Positions and lines are made lazily.
 */
class EngineLintCell implements LintCell {
  readonly isPython: boolean;
  readonly text: string;
  private lineIndex: LineIndex | undefined;
  private sourceLines: string[] | undefined;

  constructor(
    readonly cell: NotebookCell,
    readonly analysis: CellAnalysis | undefined
  ) {
    this.isPython = isLintablePython(cell, analysis);
    this.text =
      this.isPython && analysis ? analysis.parsed.masked.text : cell.source;
  }

  textOf(node: { from: number; to: number }): string {
    return this.cell.source.slice(node.from, node.to);
  }

  positionAt(offset: number): Position {
    return this.index().position(offset);
  }

  offsetAt(pos: Position): number {
    return this.index().offset(pos.line, pos.column);
  }

  get lines(): string[] {
    this.sourceLines ??= this.cell.source.split(/\r?\n|\r/);
    return this.sourceLines;
  }

  private index(): LineIndex {
    this.lineIndex ??= new LineIndex(this.cell.source);
    return this.lineIndex;
  }
}

/**
 * What the engine keeps per cell for the cell-scope rules (`RuleMeta.scope === 'cell'`): the
 * inputs those findings depend on, and the findings themselves. Their cell index, cell id, file
 * span and fix edits' cell are re-derived from the CURRENT notebook on reuse (cells above may have
 * grown, shrunk, moved).
 */
export interface CellFindingsEntry {
  source: string;
  kind: NotebookCell['kind'];
  language: string;
  magic: string | undefined;
  executionCount: number | null;
  outputs: NotebookCell['outputs'];
  outputsKey: string;
  metadata: NotebookCell['metadata'];
  metadataKey: string;
  rulesKey: string;
  findings: CachedFinding[];
}

interface CachedFinding {
  finding: Finding;
  /** where the file span comes from: the cell span, or the cell's first character (outputs) */
  anchor: 'span' | 'origin';
}

/** Owned by the caller, one per open notebook; key: cell id, else `#index`. */
export type CellFindingsCache = Map<string, CellFindingsEntry>;

export interface LintNotebookOptions {
  /** a precomputed analysis (the browser caches it); computed here when absent */
  analysis?: NotebookAnalysisView;
  /** keep findings that inline suppressions silence (default false) */
  keepSuppressed?: boolean;
  /**
   * Reuse the findings of cell-scope rules for cells unchanged since the last lint with this cache
   * (the live linter re-lints after every keystroke). Notebook-scope rules always run; the result
   * equals the uncached one.
   */
  cellFindingsCache?: CellFindingsCache;
  /** the notebook's git repository (RuleContext.repository) */
  repository?: RepositoryState;
  /**
   * Without `analysis`: cell analyses by source to reuse and fill (`analyzeNotebook`'s `cache`),
   * e.g. shared by the notebooks of one CLI run.
   */
  analysisCache?: Map<string, CellAnalysis>;
}

interface Listener {
  rule: EnabledRule;
  hooks: RuleListeners;
}

const rulesKeys = new WeakMap<readonly EnabledRule[], string>();

/**
 * The cell rules and their settings (keyed on the caller's rule list, which the live linter
 * keeps while the config is unchanged): a cached entry made with other ones is stale.
 */
function rulesKeyOf(rules: readonly EnabledRule[]): string {
  let key = rulesKeys.get(rules);
  if (key === undefined) {
    key = JSON.stringify(
      rules
        .filter(r => r.rule.meta.scope === 'cell')
        .map(r => [r.rule.meta.id, r.severity, r.options ?? null])
    );
    rulesKeys.set(rules, key);
  }
  return key;
}

function cacheKeyOf(cell: NotebookCell): string {
  return cell.id ?? `#${cell.index}`;
}

function entryMatches(
  entry: CellFindingsEntry,
  cell: NotebookCell,
  rulesKey: string
): boolean {
  return (
    entry.rulesKey === rulesKey &&
    entry.source === cell.source &&
    entry.kind === cell.kind &&
    entry.language === cell.language &&
    entry.magic === cell.magic &&
    entry.executionCount === cell.executionCount &&
    (entry.outputs === cell.outputs ||
      entry.outputsKey === JSON.stringify(cell.outputs)) &&
    (entry.metadata === cell.metadata ||
      entry.metadataKey === JSON.stringify(cell.metadata))
  );
}

const CELL_ORIGIN: Position = { line: 0, column: 0 };

/**
 * Where a finding about a cell sits in the file: its span ('span'), or the cell's first
 * character ('origin': findings about outputs, which have no place in the source).
 */
function cellFileSpan(
  cell: NotebookCell,
  anchor: CachedFinding['anchor'],
  start: Position,
  end: Position
): Finding['file'] {
  const s = cell.toFilePosition(anchor === 'span' ? start : CELL_ORIGIN);
  const e = anchor === 'span' ? cell.toFilePosition(end) : s;
  return {
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column
  };
}

/** A cached finding, placed where its cell is now. */
function relocate(cached: CachedFinding, cell: NotebookCell): Finding {
  const f: Finding = { ...cached.finding, cell: cell.index };
  if (cell.id) {
    f.cellId = cell.id;
  } else {
    delete f.cellId;
  }
  const start = f.start ?? CELL_ORIGIN;
  f.file = cellFileSpan(cell, cached.anchor, start, f.end ?? start);
  if (f.fix) {
    f.fix = {
      ...f.fix,
      edits: f.fix.edits.map(edit => ({ ...edit, cell: cell.index }))
    };
  }
  return f;
}

export function lintNotebook(
  nb: Notebook,
  rules: readonly EnabledRule[],
  options: LintNotebookOptions = {}
): Finding[] {
  const analysis: NotebookAnalysisView =
    options.analysis ?? analyzeNotebook(nb, { cache: options.analysisCache });
  const cells: LintCell[] = nb.cells.map(
    cell => new EngineLintCell(cell, analysis.perCell.get(cell.index))
  );
  let fileIndex: LineIndex | undefined;
  const fileLines = () => (fileIndex ??= new LineIndex(nb.text));
  const findings: Finding[] = [];
  const cache = options.cellFindingsCache;

  const create = (
    enabled: EnabledRule,
    sink: (d: ReportDescriptor, f: Finding) => void
  ): Listener => {
    const { rule, severity } = enabled;
    const context: RuleContext<unknown> = {
      notebook: nb,
      options: enabled.options,
      cells,
      analysis,
      repository: options.repository,
      report(d: ReportDescriptor) {
        sink(d, locate(cells, fileLines, enabled, d, severity));
      }
    };
    try {
      return { rule: enabled, hooks: rule.create(context) };
    } catch (err) {
      throw new RuleFailure(rule.meta.id, null, err);
    }
  };

  if (!cache) {
    const listeners = rules.map(r => create(r, (_d, f) => findings.push(f)));
    runListeners(listeners, cells);
  } else {
    const cellRules = rules.filter(r => r.rule.meta.scope === 'cell');
    const notebookRules = rules.filter(r => r.rule.meta.scope !== 'cell');
    const rulesKey = rulesKeyOf(rules);
    // findings of the cell rules on the cells walked now, by cell; null: not cacheable
    const fresh = new Map<number, CachedFinding[] | null>();
    let walking: number | null = null;
    const cellListeners = cellRules.map(r =>
      create(r, (d, f) => {
        findings.push(f);
        const at = d.cell?.index;
        if (at !== walking) {
          // not about the cell being walked (against the scope contract): cache neither
          if (walking !== null) {
            fresh.set(walking, null);
          }
          if (at !== undefined) {
            fresh.set(at, null);
          }
          return;
        }
        const bucket = fresh.get(at);
        if (bucket === undefined) {
          return;
        }
        const relocatable =
          bucket !== null &&
          !d.fileSpan &&
          (d.fix?.edits.every(e => e.cell === at) ?? true);
        if (relocatable) {
          bucket.push({
            finding: { ...f },
            anchor: d.output === undefined ? 'span' : 'origin'
          });
        } else {
          fresh.set(at, null);
        }
      })
    );
    // a rule marked cell-scope that still has notebook hooks is run as a notebook rule
    const hasNotebookHooks = (l: Listener) =>
      l.hooks.notebook !== undefined || l.hooks.notebookExit !== undefined;
    const safeCellListeners = cellListeners.filter(l => !hasNotebookHooks(l));
    const notebookListeners = [
      ...notebookRules.map(r => create(r, (_d, f) => findings.push(f))),
      ...cellListeners.filter(hasNotebookHooks)
    ];
    runListeners(notebookListeners, cells);

    const misses: LintCell[] = [];
    const seen = new Set<string>();
    const duplicateKeys = new Set<string>();
    for (const lc of cells) {
      const key = cacheKeyOf(lc.cell);
      if (seen.has(key)) {
        duplicateKeys.add(key);
      }
      seen.add(key);
    }
    for (const lc of cells) {
      const key = cacheKeyOf(lc.cell);
      const entry = cache.get(key);
      if (
        entry &&
        !duplicateKeys.has(key) &&
        entryMatches(entry, lc.cell, rulesKey)
      ) {
        for (const cached of entry.findings) {
          findings.push(relocate(cached, lc.cell));
        }
      } else {
        misses.push(lc);
        fresh.set(lc.cell.index, []);
      }
    }
    if (misses.length > 0) {
      runListeners(safeCellListeners, misses, lc => {
        walking = lc.cell.index;
      });
      for (const lc of misses) {
        const key = cacheKeyOf(lc.cell);
        const bucket = fresh.get(lc.cell.index);
        if (!bucket || duplicateKeys.has(key)) {
          cache.delete(key);
          continue;
        }
        cache.set(key, {
          source: lc.cell.source,
          kind: lc.cell.kind,
          language: lc.cell.language,
          magic: lc.cell.magic,
          executionCount: lc.cell.executionCount,
          outputs: lc.cell.outputs,
          outputsKey: JSON.stringify(lc.cell.outputs),
          metadata: lc.cell.metadata,
          metadataKey: JSON.stringify(lc.cell.metadata),
          rulesKey,
          findings: bucket
        });
      }
    }
    for (const key of cache.keys()) {
      if (!seen.has(key)) {
        cache.delete(key);
      }
    }
  }

  const suppressions = collectSuppressions(nb, noqaCommentAt(analysis.perCell));
  const kept = options.keepSuppressed
    ? findings
    : findings.filter(f => !suppressions.isSuppressed(f));
  return sortFindings(kept);
}

type DispatchList = { id: string; fn: (n: SyntaxNode, c: LintCell) => void }[];

/**
 * Runs the rules' hooks: notebook hooks, then for each given cell its text hooks, one tree walk
 * dispatching nodes to the rules that subscribed to their type, and the exit hooks.
 */
function runListeners(
  listeners: readonly Listener[],
  cells: readonly LintCell[],
  beforeCell?: (lc: LintCell) => void
): void {
  if (listeners.length === 0) {
    return;
  }
  // the visitor map: node type name -> handlers, built once per notebook
  const dispatch = new Map<string, DispatchList>();
  for (const { rule, hooks } of listeners) {
    for (const [type, fn] of Object.entries(hooks.nodes ?? {})) {
      const list = dispatch.get(type) ?? [];
      list.push({ id: rule.rule.meta.id, fn });
      dispatch.set(type, list);
    }
  }
  // the same by node type id, filled as types are met: an array index instead of a string lookup
  const byTypeId: (DispatchList | null | undefined)[] = [];
  const cellHooks = listeners.filter(l => l.hooks.cell !== undefined);
  const exitHooks = listeners.filter(l => l.hooks.cellExit !== undefined);

  // hooks are called in place (no closure per cell and rule: a 10,000-cell notebook has 52 of them
  // per cell); a throw becomes a RuleFailure naming the rule and the cell
  const failure = (err: unknown, id: string, cell: number | null) =>
    err instanceof RuleFailure ? err : new RuleFailure(id, cell, err);

  for (const { rule, hooks } of listeners) {
    try {
      hooks.notebook?.();
    } catch (err) {
      throw failure(err, rule.rule.meta.id, null);
    }
  }
  for (const lc of cells) {
    beforeCell?.(lc);
    const at = lc.cell.index;
    for (const { rule, hooks } of cellHooks) {
      try {
        hooks.cell?.(lc);
      } catch (err) {
        throw failure(err, rule.rule.meta.id, at);
      }
    }
    const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
    if (tree && dispatch.size > 0) {
      // pre-order, through the nodes' own firstChild/nextSibling/parent: the scope pass walks
      // every cell with these same getters just before, so in a cold process they already run
      // compiled (a TreeCursor's methods would start in the interpreter); no recursion, so
      // deep trees (`a + b + ... + z`) cannot overflow the stack
      const top = tree.topNode;
      let node: SyntaxNode | null = top;
      while (node) {
        const id = node.type.id;
        let handlers = byTypeId[id];
        if (handlers === undefined) {
          handlers = dispatch.get(node.name) ?? null;
          byTypeId[id] = handlers;
        }
        if (handlers) {
          for (const h of handlers) {
            try {
              h.fn(node, lc);
            } catch (err) {
              throw failure(err, h.id, at);
            }
          }
        }
        node = nextInPreOrder(node, top);
      }
    }
    for (const { rule, hooks } of exitHooks) {
      try {
        hooks.cellExit?.(lc);
      } catch (err) {
        throw failure(err, rule.rule.meta.id, at);
      }
    }
  }
  for (const { rule, hooks } of listeners) {
    try {
      hooks.notebookExit?.();
    } catch (err) {
      throw failure(err, rule.rule.meta.id, null);
    }
  }
}

/** The node after `node` in a pre-order walk of `top`'s subtree, or null at its end. */
function nextInPreOrder(node: SyntaxNode, top: SyntaxNode): SyntaxNode | null {
  const child = node.firstChild;
  if (child) {
    return child;
  }
  for (let at: SyntaxNode | null = node; at && at !== top; at = at.parent) {
    const sibling = at.nextSibling;
    if (sibling) {
      return sibling;
    }
  }
  return null;
}

/** File order; rule codes (ASCII, `NB` + digits) compare by code unit: no ICU collator to start. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.file.line - b.file.line ||
      a.file.column - b.file.column ||
      (a.cell ?? -1) - (b.cell ?? -1) ||
      (a.ruleCode < b.ruleCode ? -1 : a.ruleCode > b.ruleCode ? 1 : 0)
  );
}

function locate(
  cells: readonly LintCell[],
  fileLines: () => LineIndex,
  enabled: EnabledRule,
  d: ReportDescriptor,
  severity: Finding['severity']
): Finding {
  const meta = enabled.rule.meta;
  // a rule may report a messageId its meta lacks (JS callers): a located failure, not `undefined`
  const messages: Partial<Record<string, string>> = meta.messages;
  const template = messages[d.messageId];
  if (template === undefined) {
    throw new RuleFailure(
      meta.id,
      d.cell?.index ?? null,
      `unknown messageId '${d.messageId}'`
    );
  }
  const finding: Finding = {
    ruleCode: meta.code,
    ruleId: meta.id,
    category: meta.category,
    severity,
    messageId: d.messageId,
    message: formatMessage(template, d.data),
    cell: d.cell ? d.cell.index : null,
    file: { line: 1, column: 1, endLine: 1, endColumn: 1 },
    docsUrl: docsUrl(meta.id)
  };
  if (d.data) {
    finding.data = { ...d.data };
  }
  if (d.cell?.id) {
    finding.cellId = d.cell.id;
  }
  if (d.output !== undefined) {
    finding.output = d.output;
  }
  if (d.fix) {
    finding.fix = d.fix;
  }
  if (d.cell) {
    const lc = cells[d.cell.index];
    let from = d.node?.from ?? d.from;
    let to = d.node?.to ?? d.to;
    if (from === undefined) {
      from = 0;
      to = lc.lines[0]?.length ?? 0;
    }
    to ??= from;
    finding.start = lc.positionAt(from);
    finding.end = lc.positionAt(Math.max(from, to));
    if (!d.fileSpan) {
      finding.file = cellFileSpan(
        d.cell,
        d.output === undefined ? 'span' : 'origin',
        finding.start,
        finding.end
      );
    }
  }
  if (d.fileSpan) {
    const idx = fileLines();
    const s = idx.position(d.fileSpan.from);
    const e = idx.position(Math.max(d.fileSpan.from, d.fileSpan.to));
    finding.file = {
      line: s.line + 1,
      column: s.column + 1,
      endLine: e.line + 1,
      endColumn: e.column + 1
    };
  }
  return finding;
}
