/**
 * Lints an open notebook with the library `nbcraft lint` runs, re-analysing only the cells
 * whose source changed since the last run (cache keyed by cell id + source), then rebuilding
 * the notebook-wide dataflow from the cached per-cell analyses and running the rules.
 */
import {
  analyzeCell,
  buildDataflow,
  cellMagicBodyIsPython,
  isPythonCodeCell,
  lintNotebook,
  RuleFailure
} from '@nbcraft/lint-rules';
import type {
  CellAnalysis,
  CellFindingsCache,
  EnabledRule,
  Finding,
  Notebook
} from '@nbcraft/lint-rules';

import { buildReport } from './lintReport';
import type { LintNotice, NotebookLintReport } from './lintReport';
import { makeNotice } from './notices';
import { NotebookSnapshotBuilder } from './notebookSnapshot';
import type { NotebookInput } from './notebookSnapshot';

interface CachedAnalysis {
  source: string;
  /** the notebook says the cell magic's body is Python (sparkmagic's `%%spark`) */
  magicBodyIsPython: boolean;
  analysis: CellAnalysis;
}

/** Monotonic milliseconds in both Node and the browser. */
const now = (): number => performance.now();

export class LiveNotebookLinter {
  private readonly snapshots = new NotebookSnapshotBuilder();
  private analyses = new Map<string, CachedAnalysis>();
  /** findings of the cell-scope rules per unchanged cell: a keystroke re-runs them on one cell */
  private readonly cellFindings: CellFindingsCache = new Map();
  /** the library notebook of the last lint (for tests and the CLI comparison) */
  lastNotebook: Notebook | null = null;

  /**
   * Lints the notebook with `rules`. Never throws: a failing rule becomes a notice and the
   * other findings are kept out of caution (the CLI reports such a file as an internal error).
   */
  lint(
    input: NotebookInput,
    rules: readonly EnabledRule[]
  ): NotebookLintReport {
    const started = now();
    const nb = this.snapshots.build(input);
    this.lastNotebook = nb;
    const perCell = new Map<number, CellAnalysis>();
    const ordered: { cell: number; analysis: CellAnalysis }[] = [];
    const next = new Map<string, CachedAnalysis>();
    let reanalysed = 0;
    const notices: LintNotice[] = [];
    for (const cell of nb.cells) {
      if (!isPythonCodeCell(cell)) {
        continue;
      }
      const id = cell.id ?? `#${cell.index}`;
      let cached = this.analyses.get(id);
      const magicBodyIsPython = cellMagicBodyIsPython(cell);
      if (
        cached?.source !== cell.source ||
        cached.magicBodyIsPython !== magicBodyIsPython
      ) {
        cached = {
          source: cell.source,
          magicBodyIsPython,
          analysis: analyzeCell(cell.source, magicBodyIsPython)
        };
        reanalysed++;
      }
      next.set(id, cached);
      perCell.set(cell.index, cached.analysis);
      ordered.push({ cell: cell.index, analysis: cached.analysis });
    }
    this.analyses = next;

    if (nb.kernelLanguage !== 'python') {
      notices.push(makeNotice('kernel', nb.kernelLanguage));
    }
    const broken = [...perCell].find(([, a]) => !a.parsed.ok);
    if (broken) {
      const [index, analysis] = broken;
      const where = analysis.parsed.syntaxError;
      notices.push(
        where
          ? makeNotice('syntaxAt', index + 1, where.line + 1, where.message)
          : makeNotice('syntax', index + 1)
      );
    }

    let findings: Finding[] = [];
    try {
      findings = lintNotebook(nb, rules, {
        analysis: { perCell, dataflow: buildDataflow(ordered) },
        cellFindingsCache: this.cellFindings,
        repository: input.repository
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      notices.push(
        error instanceof RuleFailure
          ? makeNotice('ruleFailure', error.ruleId, detail)
          : makeNotice('failure', detail)
      );
    }
    const cells = nb.cells.map(c => ({ id: c.id ?? '', source: c.source }));
    return buildReport(input.path, cells, findings, notices, {
      total: now() - started,
      reanalysedCells: reanalysed
    });
  }
}
