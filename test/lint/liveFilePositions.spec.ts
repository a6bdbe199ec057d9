/**
 * The live linter's FILE positions (Finding.file) are those of the notebook as Jupyter saves it,
 * as `nbcraft lint` gives them for that file, also after the layout changed above a cell whose
 * findings the caches kept (a cell above grew: the outputs of a later cell moved in the text).
 */
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';

import { defaultConfig, lintFile } from '@nbcraft/lint-rules';
import type { Finding } from '@nbcraft/lint-rules';

import { LiveNotebookLinter } from '../../src/lint/liveLinter';
import type { CellInput, NotebookInput } from '../../src/lint/notebookSnapshot';

/** Python's line boundaries (str.splitlines), by code point */
const BOUNDARIES = new Set([
  0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029
]);

/** nbformat's split_lines: str.splitlines(True), one character at a time */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (BOUNDARIES.has(text.charCodeAt(i))) {
      if (text[i] === '\r' && text[i + 1] === '\n') {
        i++;
      }
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) {
    lines.push(text.slice(start));
  }
  return lines;
}

/** json.dumps(sort_keys=True): keys in order, recursively */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sorted);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, sorted((value as Record<string, unknown>)[k])])
    );
  }
  return value;
}

/** The file Jupyter's server writes (nbformat.writes: split lines, sorted keys, indent 1). */
function savedText(input: NotebookInput): string {
  const cells = input.cells.map(c => ({
    cell_type: c.cellType,
    id: c.id,
    metadata: c.metadata,
    source: splitLines(c.source),
    ...(c.cellType === 'code'
      ? {
          execution_count: c.executionCount,
          outputs: c.outputs.map(o => {
            const out = { ...(o as Record<string, unknown>) };
            if (typeof out.text === 'string') {
              out.text = splitLines(out.text);
            }
            return out;
          })
        }
      : {})
  }));
  const nb = {
    cells,
    metadata: input.metadata,
    nbformat: 4,
    nbformat_minor: 5
  };
  return `${JSON.stringify(sorted(nb), null, 1)}\n`;
}

// an Azure AD client secret's shape (azure-client-secret finds it in sources and outputs)
const SECRET = `abc1Q~${'k'.repeat(34)}`;

function cell(id: string, source: string, outputs: unknown[] = []): CellInput {
  return {
    id,
    cellType: 'code',
    source,
    executionCount: 1,
    outputs,
    metadata: {}
  };
}

function notebook(cells: CellInput[]): NotebookInput {
  return {
    path: 'layout.ipynb',
    metadata: {
      kernelspec: { name: 'python3', language: 'python', display_name: 'P' }
    },
    cells
  };
}

const key = (f: Finding) =>
  `${f.ruleCode} cell ${f.cell} output ${f.output ?? '-'} at ${f.file.line}:${f.file.column}-${f.file.endLine}:${f.file.endColumn}`;

function cliKeys(input: NotebookInput): string[] {
  const text = savedText(input);
  return lintFile('layout.ipynb', text, defaultConfig())
    .result.findings.map(key)
    .sort();
}

describe('live lint file positions', () => {
  const rules = defaultConfig().rules;
  const secretOut = {
    output_type: 'stream',
    name: 'stdout',
    text: `connecting\nsecret ${SECRET}\n`
  };
  const first = notebook([
    // Windows and old Mac line ends: nbformat splits the source at each of them
    cell('a', 'import os\r\nx = 1\ry = 2\nz = 3'),
    cell('b', 'print(os.environ["AZURE"])', [secretOut]),
    cell('c', `password = "${SECRET}"\nprint(undefined_name)`)
  ]);

  it('are the saved file positions, output secrets included', () => {
    const report = new LiveNotebookLinter().lint(first, rules);
    const live = report.findings.map(key).sort();
    expect(live.some(k => k.startsWith('NB404 cell 1 output 0'))).toBe(true);
    expect(live).toEqual(cliKeys(first));
  });

  it('move with the text when a cell above grows, while the caches keep the unchanged cells', () => {
    const linter = new LiveNotebookLinter();
    linter.lint(first, rules);
    // cell a gets five more lines and an output: cells b and c move down in the file
    const grown = notebook([
      cell('a', `import os\nx = 1${'\ny = x'.repeat(5)}`, [
        { output_type: 'stream', name: 'stdout', text: 'one\ntwo\nthree\n' }
      ]),
      first.cells[1],
      first.cells[2]
    ]);
    const report = linter.lint(grown, rules);
    expect(report.timing.reanalysedCells).toBe(1);
    const live = report.findings.map(key).sort();
    const expected = cliKeys(grown);
    expect(expected).not.toEqual(cliKeys(first)); // the layout did change
    expect(live).toEqual(expected);
  });

  const python = path.join(__dirname, '..', '..', '.venv', 'bin', 'python');
  (existsSync(python) ? it : it.skip)(
    'equal those of the file nbformat itself writes, with the trusted flags the server sets on load',
    () => {
      // the server marks every code cell trusted on load and JupyterLab keeps it in the model;
      // nbformat strips it on save
      const trusted = notebook(
        first.cells.map(c => ({ ...c, metadata: { trusted: true } }))
      );
      const written = spawnSync(
        python,
        [
          '-c',
          'import sys, nbformat; sys.stdout.write(nbformat.writes(nbformat.reads(sys.stdin.read(), as_version=4)))'
        ],
        {
          input: JSON.stringify({
            cells: trusted.cells.map(c => ({
              cell_type: c.cellType,
              id: c.id,
              metadata: c.metadata,
              source: c.source,
              execution_count: c.executionCount,
              outputs: c.outputs
            })),
            metadata: trusted.metadata,
            nbformat: 4,
            nbformat_minor: 5
          }),
          encoding: 'utf8'
        }
      );
      expect(written.stderr).toBe('');
      expect(written.stdout).not.toContain('"trusted"');
      const saved = lintFile('layout.ipynb', written.stdout, defaultConfig())
        .result.findings.map(key)
        .sort();
      const live = new LiveNotebookLinter()
        .lint(trusted, rules)
        .findings.map(key)
        .sort();
      expect(live.some(k => k.startsWith('NB404 cell 1 output 0'))).toBe(true);
      expect(live).toEqual(saved);
    }
  );
});
