/**
 * The lint engine: one analysis of the notebook, one lezer tree walk per Python cell, with each
 * node dispatched to the rules that subscribed to its type (visitor map), plus per-cell text hooks
 * and per-notebook hooks. Findings come back located in the cell and in the file itself.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Notebook, NotebookCell } from '../notebook/types';
import { analyzeNotebook } from '../python';
import type { CellAnalysis } from '../python/types';
import { collectSuppressions } from './suppressions';
import { formatMessage, LineIndex } from './text';
import {
  docsUrl,
  EnabledRule,
  Finding,
  LintCell,
  NotebookAnalysisView,
  ReportDescriptor,
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

export interface LintNotebookOptions {
  /** a precomputed analysis (the browser caches it); computed here when absent */
  analysis?: NotebookAnalysisView;
  /** keep findings that inline suppressions silence (default false) */
  keepSuppressed?: boolean;
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

function makeLintCell(
  cell: NotebookCell,
  analysis: CellAnalysis | undefined
): LintCell {
  let lineIndex: LineIndex | undefined;
  const index = () => (lineIndex ??= new LineIndex(cell.source));
  const python = isLintablePython(cell, analysis);
  const text = python && analysis ? analysis.parsed.masked.text : cell.source;
  let lines: string[] | undefined;
  return {
    cell,
    analysis,
    isPython: python,
    text,
    textOf: node => cell.source.slice(node.from, node.to),
    positionAt: offset => index().positionAt(offset),
    offsetAt: pos => index().offsetAt(pos),
    get lines() {
      lines ??= cell.source.split(/\r?\n|\r/);
      return lines;
    }
  };
}

export function lintNotebook(
  nb: Notebook,
  rules: readonly EnabledRule[],
  options: LintNotebookOptions = {}
): Finding[] {
  const analysis: NotebookAnalysisView =
    options.analysis ?? analyzeNotebook(nb);
  const cells = nb.cells.map(cell =>
    makeLintCell(cell, analysis.perCell.get(cell.index))
  );
  let fileIndex: LineIndex | undefined;
  const fileLines = () => (fileIndex ??= new LineIndex(nb.text));
  const findings: Finding[] = [];

  const listeners: { rule: EnabledRule; hooks: RuleListeners }[] = [];
  for (const enabled of rules) {
    const { rule, severity } = enabled;
    const context: RuleContext<unknown> = {
      notebook: nb,
      options: enabled.options,
      cells,
      analysis,
      report(d: ReportDescriptor) {
        findings.push(locate(cells, fileLines, enabled, d, severity));
      }
    };
    let hooks: RuleListeners;
    try {
      hooks = rule.create(context);
    } catch (err) {
      throw new RuleFailure(rule.meta.id, null, err);
    }
    listeners.push({ rule: enabled, hooks });
  }

  // the visitor map: node type name -> handlers, built once per notebook
  const dispatch = new Map<
    string,
    { id: string; fn: (n: SyntaxNode, c: LintCell) => void }[]
  >();
  for (const { rule, hooks } of listeners) {
    for (const [type, fn] of Object.entries(hooks.nodes ?? {})) {
      const list = dispatch.get(type) ?? [];
      list.push({ id: rule.rule.meta.id, fn });
      dispatch.set(type, list);
    }
  }
  const cellHooks = listeners.filter(l => l.hooks.cell !== undefined);
  const exitHooks = listeners.filter(l => l.hooks.cellExit !== undefined);

  const call = (id: string, cell: number | null, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      throw err instanceof RuleFailure ? err : new RuleFailure(id, cell, err);
    }
  };

  for (const { rule, hooks } of listeners) {
    if (hooks.notebook) {
      call(rule.rule.meta.id, null, () => {
        hooks.notebook?.();
      });
    }
  }
  for (const lc of cells) {
    const at = lc.cell.index;
    for (const { rule, hooks } of cellHooks) {
      call(rule.rule.meta.id, at, () => {
        hooks.cell?.(lc);
      });
    }
    const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
    if (tree && dispatch.size > 0) {
      const cursor = tree.cursor();
      for (;;) {
        const handlers = dispatch.get(cursor.name);
        if (handlers) {
          const node = cursor.node;
          for (const h of handlers) {
            try {
              h.fn(node, lc);
            } catch (err) {
              throw err instanceof RuleFailure
                ? err
                : new RuleFailure(h.id, at, err);
            }
          }
        }
        if (cursor.firstChild()) {
          continue;
        }
        let moved = false;
        while (!moved) {
          if (cursor.nextSibling()) {
            moved = true;
          } else if (!cursor.parent()) {
            break;
          }
        }
        if (!moved) {
          break;
        }
      }
    }
    for (const { rule, hooks } of exitHooks) {
      call(rule.rule.meta.id, at, () => {
        hooks.cellExit?.(lc);
      });
    }
  }
  for (const { rule, hooks } of listeners) {
    if (hooks.notebookExit) {
      call(rule.rule.meta.id, null, () => {
        hooks.notebookExit?.();
      });
    }
  }

  const suppressions = collectSuppressions(nb);
  const kept = options.keepSuppressed
    ? findings
    : findings.filter(f => !suppressions.isSuppressed(f));
  return sortFindings(kept);
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
    if (!d.fileSpan && d.output === undefined) {
      const s = d.cell.toFilePosition(finding.start);
      const e = d.cell.toFilePosition(finding.end);
      finding.file = {
        line: s.line,
        column: s.column,
        endLine: e.line,
        endColumn: e.column
      };
    } else if (!d.fileSpan) {
      const s = d.cell.toFilePosition({ line: 0, column: 0 });
      finding.file = {
        line: s.line,
        column: s.column,
        endLine: s.line,
        endColumn: s.column
      };
    }
  }
  if (d.fileSpan) {
    const idx = fileLines();
    const s = idx.positionAt(d.fileSpan.from);
    const e = idx.positionAt(Math.max(d.fileSpan.from, d.fileSpan.to));
    finding.file = {
      line: s.line + 1,
      column: s.column + 1,
      endLine: e.line + 1,
      endColumn: e.column + 1
    };
  }
  return finding;
}
