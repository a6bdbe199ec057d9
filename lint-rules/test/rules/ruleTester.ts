/**
 * The one test-table runner every rule test uses: builds a notebook from cell specs, runs the
 * engine with only that rule on, and compares message, cell and 1-based line/column.
 */
import { lintNotebook } from '../../src/engine';
import type { Finding, Rule } from '../../src/engine/types';
import { readNotebook } from '../../src/notebook';

export type CellSpec =
  | string
  | { md: string; id?: string }
  | { raw: string }
  | { code: string; count?: number | null; outputs?: unknown[]; id?: string };

export interface RuleCase {
  name?: string;
  /** cells of an .ipynb built for the case */
  cells?: CellSpec[];
  /** or the whole file text (Databricks/percent sources, odd JSON) */
  text?: string;
  /** file path (naming rules; .py for script formats) */
  path?: string;
  options?: Record<string, unknown>;
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
  /** 1-based line in the file itself, when the case checks it */
  fileLine?: number;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
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
    metadata: {},
    outputs: spec.outputs ?? [],
    source: lines(spec.code)
  };
}

/** An nbformat 4.5 notebook in Jupyter's layout (indent 1, trailing newline). */
export function notebookText(cells: CellSpec[]): string {
  return (
    JSON.stringify(
      {
        cells: cells.map(cellJson),
        metadata: {
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

export function lintCase(rule: Rule, c: RuleCase): Finding[] {
  const path =
    c.path ??
    (c.text !== undefined && !c.text.trimStart().startsWith('{')
      ? 'case.py'
      : 'case.ipynb');
  const nb = readNotebook(path, c.text ?? notebookText(c.cells ?? []));
  const schema = rule.meta.options;
  const options = schema ? schema.parse(c.options ?? {}) : {};
  return lintNotebook(nb, [
    { rule, severity: rule.meta.defaultSeverity, options }
  ]);
}

function describeFinding(f: Finding): string {
  return `${f.ruleCode} cell ${f.cell === null ? '-' : f.cell + 1}:${f.start ? `${f.start.line + 1}:${f.start.column + 1}` : '-'} ${f.message}`;
}

export function runRuleTests(
  rule: Rule,
  table: { valid: RuleCase[]; invalid: InvalidCase[] }
): void {
  describe(`${rule.meta.code} ${rule.meta.id}`, () => {
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
          });
        });
      });
    });
  });
}
