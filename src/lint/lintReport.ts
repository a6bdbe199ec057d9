/**
 * What one lint of an open notebook produced, arranged for the views: findings per cell id
 * (editor decorations), notebook-level findings (header), counts (status bar), and notices
 * that explain why there is less to show (broken config, non-Python kernel, ignored file).
 */
import type { Finding, RuleCategory, Severity } from '@nbcraft/lint-rules';

export type LintNoticeKind =
  'config' | 'kernel' | 'ignored' | 'failure' | 'syntax';

/** One clear message about the lint as a whole; the editor keeps working whatever it says. */
export interface LintNotice {
  kind: LintNoticeKind;
  /** in English (made where there is no translator) */
  message: string;
  /** how the views say it again in the user's language (see notices.ts) */
  template?: { id: string; args: readonly (string | number)[] };
}

export interface LintedCell {
  id: string;
  source: string;
}

export interface LintCounts {
  error: number;
  warning: number;
}

export interface NotebookLintReport {
  path: string;
  /** the cells as they were linted, in notebook order (fix offsets refer to these sources) */
  cells: readonly LintedCell[];
  findings: readonly Finding[];
  /** findings located in a cell, by cell id */
  byCell: ReadonlyMap<string, readonly Finding[]>;
  /** findings about the notebook as a whole (no cell) */
  notebookLevel: readonly Finding[];
  notices: readonly LintNotice[];
  counts: LintCounts;
  /** milliseconds spent, and how many cells had to be re-analysed */
  timing: { total: number; reanalysedCells: number };
}

export function emptyReport(
  path: string,
  notices: LintNotice[] = []
): NotebookLintReport {
  return {
    path,
    cells: [],
    findings: [],
    byCell: new Map(),
    notebookLevel: [],
    notices,
    counts: { error: 0, warning: 0 },
    timing: { total: 0, reanalysedCells: 0 }
  };
}

export function buildReport(
  path: string,
  cells: readonly LintedCell[],
  findings: readonly Finding[],
  notices: LintNotice[],
  timing: NotebookLintReport['timing']
): NotebookLintReport {
  const byCell = new Map<string, Finding[]>();
  const notebookLevel: Finding[] = [];
  const counts: LintCounts = { error: 0, warning: 0 };
  for (const finding of findings) {
    counts[finding.severity]++;
    const cell = finding.cell === null ? undefined : cells[finding.cell];
    if (!cell) {
      notebookLevel.push(finding);
      continue;
    }
    const list = byCell.get(cell.id);
    if (list) {
      list.push(finding);
    } else {
      byCell.set(cell.id, [finding]);
    }
  }
  return {
    path,
    cells,
    findings,
    byCell,
    notebookLevel,
    notices,
    counts,
    timing
  };
}

/** The panel's filter: empty sets mean "all". */
export interface FindingFilter {
  severities: ReadonlySet<Severity>;
  categories: ReadonlySet<RuleCategory>;
  /** matched against code, id and message, case-insensitively */
  text: string;
  /** the message as shown (translated); default: the finding's English message */
  message?: (finding: Finding) => string;
}

export function filterFindings(
  findings: readonly Finding[],
  filter: FindingFilter
): Finding[] {
  const text = filter.text.trim().toLowerCase();
  const message = filter.message ?? (f => f.message);
  return findings.filter(
    f =>
      (filter.severities.size === 0 || filter.severities.has(f.severity)) &&
      (filter.categories.size === 0 || filter.categories.has(f.category)) &&
      (!text ||
        f.ruleCode.toLowerCase().includes(text) ||
        f.ruleId.includes(text) ||
        message(f).toLowerCase().includes(text))
  );
}

export type FindingSortKey = 'position' | 'severity' | 'rule' | 'category';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1 };

function byPosition(a: Finding, b: Finding): number {
  return (
    (a.cell ?? -1) - (b.cell ?? -1) ||
    (a.start?.line ?? 0) - (b.start?.line ?? 0) ||
    (a.start?.column ?? 0) - (b.start?.column ?? 0) ||
    a.ruleCode.localeCompare(b.ruleCode)
  );
}

/** A sorted copy; ties fall back to notebook order so the list never jumps around. */
export function sortFindings(
  findings: readonly Finding[],
  key: FindingSortKey,
  descending = false
): Finding[] {
  const primary: (a: Finding, b: Finding) => number =
    key === 'severity'
      ? (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
      : key === 'rule'
        ? (a, b) => a.ruleCode.localeCompare(b.ruleCode)
        : key === 'category'
          ? (a, b) => a.category.localeCompare(b.category)
          : () => 0;
  const sign = descending ? -1 : 1;
  return [...findings].sort(
    (a, b) => sign * primary(a, b) || sign * byPosition(a, b)
  );
}

/** "cell 3:2:5" as `nbcraft lint` prints notebook locations (1-based). */
export function findingLocation(finding: Finding): string {
  if (finding.cell === null) {
    return 'notebook';
  }
  const line = (finding.start?.line ?? 0) + 1;
  const column = (finding.start?.column ?? 0) + 1;
  return `cell ${finding.cell + 1}:${line}:${column}`;
}
