/**
 * Test helpers: read an .ipynb from disk into the live linter's input, the way the lab's
 * notebook model presents it (sources as strings, every cell with an id).
 */
import { readFileSync } from 'fs';
import * as path from 'path';

import type { Finding } from '@nbcraft/lint-rules';

import type { CellInput, NotebookInput } from '../../src/lint/notebookSnapshot';

export const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO, 'ui-tests', 'fixtures', 'lint');

function text(value: unknown): string {
  return Array.isArray(value)
    ? value.join('')
    : typeof value === 'string'
      ? value
      : '';
}

/* eslint-disable @typescript-eslint/no-explicit-any -- nbformat JSON read from disk */
export function notebookInputFromJson(
  notebookPath: string,
  json: any
): NotebookInput {
  const cells: CellInput[] = (json.cells as any[]).map((cell, index) => ({
    id: typeof cell.id === 'string' ? cell.id : `cell-${index}`,
    cellType: cell.cell_type,
    source: text(cell.source),
    executionCount:
      cell.cell_type === 'code' ? (cell.execution_count ?? null) : null,
    outputs: cell.cell_type === 'code' ? (cell.outputs ?? []) : [],
    metadata: cell.metadata ?? {}
  }));
  return { path: notebookPath, metadata: json.metadata ?? {}, cells };
}

export function readNotebookInput(
  file: string,
  notebookPath = file
): NotebookInput {
  return notebookInputFromJson(
    notebookPath,
    JSON.parse(readFileSync(file, 'utf-8'))
  );
}

/** A notebook of `n` code cells that read each other's names (for the cache tests). */
export function chainNotebook(n: number): NotebookInput {
  const cells: CellInput[] = [];
  for (let i = 0; i < n; i++) {
    cells.push({
      id: `c${i}`,
      cellType: 'code',
      source:
        i === 0
          ? 'import math\nv0 = math.pi'
          : `v${i} = v${i - 1} * 2\nprint(v${i})`,
      executionCount: i + 1,
      outputs: [],
      metadata: {}
    });
  }
  return {
    path: 'chain.ipynb',
    metadata: {
      kernelspec: {
        name: 'python3',
        language: 'python',
        display_name: 'Python 3'
      }
    },
    cells
  };
}

/** Replaces one cell's source, keeping every other cell object (as the model reader does). */
export function editCell(
  nb: NotebookInput,
  index: number,
  source: string
): NotebookInput {
  const cells = nb.cells.slice();
  cells[index] = { ...cells[index], source };
  return { ...nb, cells };
}

/** A finding with every field filled in; a test overrides the fields it looks at. */
export function makeFinding(partial: Partial<Finding> = {}): Finding {
  return {
    ruleCode: 'NB104',
    ruleId: 'undefined-name',
    category: 'reproducibility',
    severity: 'error',
    messageId: 'x',
    message: 'm',
    cell: 0,
    file: { line: 1, column: 1, endLine: 1, endColumn: 1 },
    docsUrl: 'https://example.org',
    ...partial
  };
}
