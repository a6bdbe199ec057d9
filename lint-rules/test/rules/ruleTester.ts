/**
 * The one test-table runner every rule test uses: builds a notebook from cell specs, runs the
 * engine with only that rule on, and compares message, cell and the 1-based range (line, column,
 * end line, end column), and, as typescript-eslint's RuleTester does, the fixed output.
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import type { Finding, RepositoryState, Rule } from '../../src/engine/types';
import { fixNotebook } from '../../src/fix/apply';
import { LineIndex } from '../../src/notebook/lines';
import { matchTemplate } from '../../src/messages';
import { readNotebook } from '../../src/notebook';
import { readIpynb } from '../../src/notebook/ipynb';

export type CellSpec =
  | string
  | { md: string; id?: string }
  | { raw: string }
  | {
      code: string;
      count?: number | null;
      outputs?: unknown[];
      id?: string;
      /** the cell's own metadata (e.g. Synapse's `microsoft.language`) */
      metadata?: Record<string, unknown>;
    };

export interface RuleCase {
  name?: string;
  /** cells of an .ipynb built for the case */
  cells?: CellSpec[];
  /** or the whole file text (Databricks/percent sources, odd JSON) */
  text?: string;
  /** file path (naming rules; .py for script formats) */
  path?: string;
  options?: Record<string, unknown>;
  /** notebook metadata of the built .ipynb (default: a python3 kernelspec) */
  metadata?: Record<string, unknown>;
  /** the notebook's git repository, as the CLI or the lab would pass it */
  repository?: RepositoryState;
}

export interface ExpectedFinding {
  /** substring of the message, or a regex */
  message: string | RegExp;
  messageId?: string;
  /** 1-based cell, null for notebook-level findings */
  cell: number | null;
  /** 1-based line/column inside the cell (omit for notebook-level findings) */
  line?: number;
  column?: number;
  /** 1-based end of the finding inside the cell (exclusive column, as eslint counts) */
  endLine?: number;
  endColumn?: number;
  /** 1-based line in the file itself, when the case checks it */
  fileLine?: number;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
  /**
   * For a fixable rule: the cell sources after `--fix` (with `unsafe`, after `--unsafe-fixes`),
   * or null when no fix applies. Checked to re-read cleanly and to be a fixed point (idempotent).
   */
  output?: string[] | null;
  /** apply unsafe fixes (suggestions) too when checking `output` */
  unsafe?: boolean;
}

function cellJson(spec: CellSpec, i: number): Record<string, unknown> {
  const lines = (s: string) => s.split(/(?<=\n)/).filter(Boolean);
  if (typeof spec === 'string') {
    return {
      cell_type: 'code',
      execution_count: null,
      id: `cell-${i}`,
      metadata: {},
      outputs: [],
      source: lines(spec)
    };
  }
  if ('md' in spec) {
    return {
      cell_type: 'markdown',
      id: spec.id ?? `cell-${i}`,
      metadata: {},
      source: lines(spec.md)
    };
  }
  if ('raw' in spec) {
    return {
      cell_type: 'raw',
      id: `cell-${i}`,
      metadata: {},
      source: lines(spec.raw)
    };
  }
  return {
    cell_type: 'code',
    execution_count: spec.count ?? null,
    id: spec.id ?? `cell-${i}`,
    metadata: spec.metadata ?? {},
    outputs: spec.outputs ?? [],
    source: lines(spec.code)
  };
}

/** An nbformat 4.5 notebook in Jupyter's layout (indent 1, trailing newline). */
export function notebookText(
  cells: CellSpec[],
  metadata?: Record<string, unknown>
): string {
  return (
    JSON.stringify(
      {
        cells: cells.map(cellJson),
        metadata: metadata ?? {
          kernelspec: {
            display_name: 'Python 3',
            language: 'python',
            name: 'python3'
          },
          language_info: { name: 'python' }
        },
        nbformat: 4,
        nbformat_minor: 5
      },
      null,
      1
    ) + '\n'
  );
}

function caseNotebook(c: RuleCase) {
  const path =
    c.path ??
    (c.text !== undefined && !c.text.trimStart().startsWith('{')
      ? 'case.py'
      : 'case.ipynb');
  return readNotebook(path, c.text ?? notebookText(c.cells ?? [], c.metadata));
}

function enabled(rule: Rule, c: RuleCase) {
  const schema = rule.meta.options;
  const options = schema ? schema.parse(c.options ?? {}) : {};
  return [{ rule, severity: rule.meta.defaultSeverity, options }];
}

export function lintCase(rule: Rule, c: RuleCase): Finding[] {
  return lintNotebook(caseNotebook(c), enabled(rule, c), {
    repository: c.repository
  });
}

/** The cell sources after fixing (null: nothing changed), checked to be idempotent. */
export function fixCase(
  rule: Rule,
  c: RuleCase,
  unsafe: boolean
): string[] | null {
  const nb = caseNotebook(c);
  const rules = enabled(rule, c);
  const once = fixNotebook(nb, rules, 10, {
    unsafe,
    repository: c.repository
  });
  if (once.text === nb.text) {
    return null;
  }
  const again = fixNotebook(once.notebook, rules, 10, {
    unsafe,
    repository: c.repository
  });
  expect(again.text).toBe(once.text);
  return once.notebook.cells.map(cell => cell.source);
}

function expectInsideCell(c: RuleCase, f: Finding): void {
  const nb = caseNotebook(c);
  const cell = nb.cells[f.cell!];
  const range = cell.cellRange ?? cell.sourceRange;
  const lines = new LineIndex(nb.text);
  const start = lines.position(range.start);
  const end = lines.position(range.end);
  const before = (a: { line: number; column: number }, b: typeof a) =>
    a.line < b.line || (a.line === b.line && a.column <= b.column);
  const at = { line: f.file.line - 1, column: f.file.column - 1 };
  const to = { line: f.file.endLine - 1, column: f.file.endColumn - 1 };
  expect(before(start, at) && before(to, end)).toBe(true);
}

function describeFinding(f: Finding): string {
  return `${f.ruleCode} cell ${f.cell === null ? '-' : f.cell + 1}:${f.start ? `${f.start.line + 1}:${f.start.column + 1}` : '-'} ${f.message}`;
}

export function runRuleTests(
  rule: Rule,
  table: { valid: RuleCase[]; invalid: InvalidCase[] }
): void {
  describe(`${rule.meta.code} ${rule.meta.id}`, () => {
    /** the fix label templates the invalid cases' labels filled */
    const labelsSeen = new Set<string>();
    describe('valid', () => {
      table.valid.forEach((c, i) => {
        it(c.name ?? `valid #${i + 1}`, () => {
          const found = lintCase(rule, c);
          expect(found.map(describeFinding)).toEqual([]);
        });
      });
    });
    describe('invalid', () => {
      table.invalid.forEach((c, i) => {
        it(c.name ?? `invalid #${i + 1}`, () => {
          const found = lintCase(rule, c);
          expect(found.map(describeFinding)).toHaveLength(c.errors.length);
          c.errors.forEach((want, k) => {
            const got = found[k];
            expect(got.ruleCode).toBe(rule.meta.code);
            if (typeof want.message === 'string') {
              expect(got.message).toContain(want.message);
            } else {
              expect(got.message).toMatch(want.message);
            }
            if (want.messageId) {
              expect(got.messageId).toBe(want.messageId);
            }
            expect(got.cell === null ? null : got.cell + 1).toBe(want.cell);
            if (want.line !== undefined) {
              expect(got.start!.line + 1).toBe(want.line);
            }
            if (want.column !== undefined) {
              expect(got.start!.column + 1).toBe(want.column);
            }
            if (want.fileLine !== undefined) {
              expect(got.file.line).toBe(want.fileLine);
            }
            if (want.endLine !== undefined) {
              expect(got.end!.line + 1).toBe(want.endLine);
            }
            if (want.endColumn !== undefined) {
              expect(got.end!.column + 1).toBe(want.endColumn);
            }
            // every finding about a cell lies inside that cell's own span of the file
            if (got.cell !== null) {
              expectInsideCell(c, got);
            }
          });
          // the lab translates a fix's label by its template: every label fills one of them
          for (const f of found) {
            if (f.fix) {
              const template = fixLabelTemplate(rule, f.fix.description);
              expect([f.fix.description, template]).toEqual([
                f.fix.description,
                expect.any(String)
              ]);
              labelsSeen.add(template!);
            }
          }
          // as typescript-eslint's RuleTester: a case whose code gets fixed must say the output
          if (rule.meta.fixable || c.output !== undefined) {
            const fixed = fixCase(rule, c, c.unsafe ?? false);
            expect(fixed).toEqual(c.output ?? null);
          }
        });
      });
      if (rule.meta.fixLabels?.length) {
        it('fills every fix label template it declares', () => {
          expect([...labelsSeen].sort()).toEqual(
            [...rule.meta.fixLabels!].sort()
          );
        });
      }
    });
  });
}

/** The first of the rule's fix label templates (RuleMeta.fixLabels) that `label` fills. */
export function fixLabelTemplate(
  rule: Rule,
  label: string
): string | undefined {
  return rule.meta.fixLabels?.find(t => matchTemplate(t, label) !== null);
}

/** `CODE@cell` of every finding of an .ipynb named `name`, every rule on (the `strict` preset) */
export function strictFindings(
  name: string,
  metadata: Record<string, unknown>,
  cells: string[]
): string[] {
  return lintNotebook(
    readIpynb(name, notebookText(cells, metadata)),
    resolveConfig({ extends: 'strict' }).rules
  ).map(f => `${f.ruleCode}@${(f.cell ?? 0) + 1}`);
}
