/**
 * The per-cell findings cache (`lintNotebook(..., { cellFindingsCache })`) must return exactly
 * what the uncached engine returns, after every kind of edit the live linter sees: keystrokes,
 * a new import or name definition used by other cells, a syntax error, cells added above
 * (indices shift), cells deleted, outputs cleared. Runs over the project's fixtures, a notebook
 * built here for the awkward cases (secrets in outputs, suppressions in another cell, fixes,
 * cells without ids), and every notebook of the corpora (test/corpusDirs.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { CellFindingsCache, lintNotebook } from '../../src/engine';
import type { EnabledRule, Finding } from '../../src/engine/types';
import { readNotebook } from '../../src/notebook';
import type { Notebook } from '../../src/notebook/types';
import { resolveConfig } from '../../src/config';
import { corpusDirs } from '../corpusDirs';

const strict: readonly EnabledRule[] = resolveConfig({
  extends: 'strict'
}).rules;
const recommended: readonly EnabledRule[] = resolveConfig({
  extends: 'recommended'
}).rules;

const FIXTURES = [
  join(__dirname, '..', 'fixtures', 'lint'),
  join(__dirname, '..', 'fixtures', 'notebooks')
];

function notebookFiles(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...notebookFiles(path));
    } else if (/\.(ipynb|py)$/.test(name)) {
      out.push(path);
    }
  }
  return out;
}

/** The notebook, or null when the reader rejects it (bad input has its own tests). */
function tryRead(path: string, text: string): Notebook | null {
  try {
    return readNotebook(path, text);
  } catch {
    return null;
  }
}

interface Edit {
  name: string;
  apply: (text: string) => string | null;
}

interface IpynbCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: unknown[];
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
}

const sourceOf = (c: IpynbCell) =>
  Array.isArray(c.source) ? c.source.join('') : c.source;

/** An edit of the `k`-th code cell of an .ipynb text (null when there is no such cell). */
function ipynbEdit(
  name: string,
  pick: number,
  change: (cells: IpynbCell[], at: number) => void
): Edit {
  return {
    name,
    apply: text => {
      const json = JSON.parse(text) as { cells: IpynbCell[] };
      const code = json.cells
        .map((c, i) => (c.cell_type === 'code' ? i : -1))
        .filter(i => i >= 0);
      if (code.length === 0) {
        return null;
      }
      const at =
        code[Math.min(code.length - 1, Math.floor(pick * code.length))];
      change(json.cells, at);
      return JSON.stringify(json, null, 1) + '\n';
    }
  };
}

const setSource = (cells: IpynbCell[], at: number, source: string) => {
  cells[at].source = source;
};

function ipynbEdits(): Edit[] {
  const edits: Edit[] = [];
  for (const pick of [0, 0.5, 0.99]) {
    edits.push(
      ipynbEdit(`keystroke@${pick}`, pick, (cells, at) => {
        const s = sourceOf(cells[at]);
        const mid = Math.floor(s.length / 2);
        setSource(cells, at, s.slice(0, mid) + 'x' + s.slice(mid));
      }),
      ipynbEdit(`add import@${pick}`, pick, (cells, at) => {
        setSource(
          cells,
          at,
          sourceOf(cells[at]) +
            '\nimport os\nimport numpy as np\nimport mlflow\nfrom os import *\n'
        );
      }),
      ipynbEdit(`define names used elsewhere@${pick}`, pick, (cells, at) => {
        setSource(
          cells,
          at,
          'df = None\nmodel = None\nspark = None\ndata = None\nX_train = y_train = None\n' +
            sourceOf(cells[at])
        );
      }),
      ipynbEdit(`syntax error@${pick}`, pick, (cells, at) => {
        setSource(cells, at, sourceOf(cells[at]) + '\ndef broken(:\n');
      }),
      ipynbEdit(`findings galore@${pick}`, pick, (cells, at) => {
        setSource(
          cells,
          at,
          "password = 'Sup3rS3cretValue!'  \nif x == None:\n    pass\ntry:\n    f'no placeholders'\nexcept:\n    pass\nopen('/home/alice/data.csv')\nlist = []\n%pip install pandas\n# nbcraft: disable-file=NB202\n"
        );
      }),
      ipynbEdit(`emptied@${pick}`, pick, (cells, at) => {
        setSource(cells, at, '');
      })
    );
  }
  edits.push(
    ipynbEdit('cell inserted above', 0.5, cells => {
      cells.unshift({
        cell_type: 'code',
        id: 'inserted-above',
        execution_count: null,
        metadata: {},
        outputs: [],
        source: 'import random\nfirst = 1   \n'
      });
    }),
    ipynbEdit('cell deleted', 0.5, (cells, at) => {
      cells.splice(at, 1);
    }),
    ipynbEdit('outputs cleared', 0.5, cells => {
      for (const c of cells) {
        if (c.cell_type === 'code') {
          c.outputs = [];
          c.execution_count = null;
        }
      }
    }),
    ipynbEdit('metadata tag added', 0.99, (cells, at) => {
      cells[at].metadata = { ...cells[at].metadata, tags: ['parameters'] };
    })
  );
  return edits;
}

/** Text formats (percent, Databricks, plain): insert lines after a middle non-marker line. */
function textEdits(): Edit[] {
  const insertAt = (text: string, insert: string) => {
    const lines = text.split('\n');
    let i = Math.floor(lines.length / 2);
    while (i < lines.length && /^\s*#/.test(lines[i])) {
      i++;
    }
    lines.splice(i + 1, 0, insert);
    return lines.join('\n');
  };
  return [
    { name: 'keystroke', apply: t => insertAt(t, 'x') },
    { name: 'add import', apply: t => insertAt(t, 'import os') },
    {
      name: 'define names',
      apply: t => insertAt(t, 'df = model = spark = None')
    },
    { name: 'syntax error', apply: t => insertAt(t, 'def broken(:') },
    { name: 'trailing space', apply: t => insertAt(t, 'y = 1   ') },
    { name: 'append at end', apply: t => t + '\nimport sys\nz = sys.argv\n' }
  ];
}

function uncached(nb: Notebook, rules: readonly EnabledRule[]): Finding[] {
  return lintNotebook(nb, rules);
}

/**
 * Lints the original, then every edit in turn (each from the previous text, as typing does),
 * with one cache throughout; asserts cached == uncached each time. Returns how many lints.
 */
function checkNotebook(
  path: string,
  text: string,
  rules: readonly EnabledRule[]
): number {
  const first = tryRead(path, text);
  if (!first) {
    return 0;
  }
  const cache: CellFindingsCache = new Map();
  let lints = 0;
  const compare = (nb: Notebook, what: string) => {
    const expected = uncached(nb, rules);
    const actual = lintNotebook(nb, rules, { cellFindingsCache: cache });
    lints++;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      // a readable diff that names the notebook and the edit
      expect({ path, what, findings: actual }).toEqual({
        path,
        what,
        findings: expected
      });
    }
  };
  compare(first, 'cold cache');
  compare(first, 'warm cache, no change');
  let current = text;
  const edits = path.endsWith('.ipynb') ? ipynbEdits() : textEdits();
  for (const edit of edits) {
    const next = edit.apply(current);
    if (next === null) {
      continue;
    }
    const nb = tryRead(path, next);
    if (!nb) {
      continue;
    }
    current = next;
    compare(nb, edit.name);
  }
  // back to the original text: entries of the edited cells are stale, the rest reused
  compare(first, 'edits undone');
  return lints;
}

/** A notebook with the cases the fixtures may lack. */
function awkwardNotebookText(nbformatMinor: number, ids: boolean): string {
  const cell = (id: string, extra: Record<string, unknown>) =>
    ids ? { id, metadata: {}, ...extra } : { metadata: {}, ...extra };
  const code = (id: string, source: string, outputs: unknown[] = []) =>
    cell(id, {
      cell_type: 'code',
      execution_count: outputs.length > 0 ? 1 : null,
      outputs,
      source
    });
  return (
    JSON.stringify(
      {
        cells: [
          cell('md', { cell_type: 'markdown', source: '# Title\n' }),
          code(
            'c1',
            'import pandas as pd\nimport os\n# nbcraft: disable-file=NB401\n'
          ),
          code('c2', "token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB'\n", [
            {
              output_type: 'stream',
              name: 'stdout',
              text: 'key sk-proj-abcdefghijklmnopqrstuvwxyz0123\n'
            }
          ]),
          code('c3', 'x = 1   \ny = f"plain"\nif x == None:\n    pass\n'),
          code('c4', ''),
          code(
            'c5',
            'df = pd.read_csv("/home/bob/x.csv")\nprint(undefined_thing)\n'
          ),
          code('c6', 'x = 2  # nbcraft: disable=trailing-whitespace   \n')
        ],
        metadata: {
          kernelspec: {
            display_name: 'Python 3',
            language: 'python',
            name: 'python3'
          },
          language_info: { name: 'python' }
        },
        nbformat: 4,
        nbformat_minor: nbformatMinor
      },
      null,
      1
    ) + '\n'
  );
}

describe('cellFindingsCache: cached lint equals the uncached lint', () => {
  it('on a notebook with secrets in outputs, suppressions, fixes (with and without cell ids)', () => {
    for (const [minor, ids] of [
      [5, true],
      [4, false]
    ] as const) {
      const path = `awkward-${minor}.ipynb`;
      const text = awkwardNotebookText(minor, ids);
      const nb = readNotebook(path, text);
      // the notebook does exercise cached cell-scope findings, fixes and suppressions
      const found = uncached(nb, strict);
      expect(found.some(f => f.ruleId === 'trailing-whitespace' && f.fix)).toBe(
        true
      );
      expect(found.some(f => f.output !== undefined)).toBe(true);
      expect(
        lintNotebook(nb, strict, { keepSuppressed: true }).length
      ).toBeGreaterThan(found.length);
      expect(checkNotebook(path, text, strict)).toBeGreaterThan(10);
      expect(checkNotebook(path, text, recommended)).toBeGreaterThan(10);
    }
  });

  it('reuses the findings of unchanged cells (a keystroke re-runs cell rules on one cell)', () => {
    const text = awkwardNotebookText(5, true);
    const nb = readNotebook('reuse.ipynb', text);
    const cache: CellFindingsCache = new Map();
    lintNotebook(nb, strict, { cellFindingsCache: cache });
    const before = new Map(cache);
    expect(before.size).toBe(nb.cells.length - 1); // c2 has an output secret (file span): not cached
    const json = JSON.parse(text) as { cells: IpynbCell[] };
    json.cells[3].source =
      'x = 1   \ny = f"plain"\nif x == None:\n    pass\nz = 3\n';
    const edited = readNotebook('reuse.ipynb', JSON.stringify(json, null, 1));
    expect(lintNotebook(edited, strict, { cellFindingsCache: cache })).toEqual(
      uncached(edited, strict)
    );
    for (const [key, entry] of cache) {
      if (key === 'c3') {
        expect(entry).not.toBe(before.get(key));
      } else {
        expect(entry).toBe(before.get(key));
      }
    }
  });

  it('a rule set with other options does not reuse entries made with the old one', () => {
    const text = awkwardNotebookText(5, true);
    const nb = readNotebook('opts.ipynb', text);
    const cache: CellFindingsCache = new Map();
    lintNotebook(nb, strict, { cellFindingsCache: cache });
    const short = resolveConfig({
      extends: 'strict',
      rules: { 'cell-too-long': ['warn', { maxLines: 1 }] }
    }).rules;
    const got = lintNotebook(nb, short, { cellFindingsCache: cache });
    expect(got.some(f => f.ruleId === 'cell-too-long')).toBe(true);
    expect(got).toEqual(uncached(nb, short));
  });

  describe.each(FIXTURES.flatMap(notebookFiles).map(p => [p]))(
    'fixture %s',
    path => {
      it('cached == uncached after each edit', () => {
        const text = readFileSync(path, 'utf8');
        checkNotebook(path, text, strict);
      });
    }
  );

  const corpus = corpusDirs().flatMap(notebookFiles);
  if (corpus.length === 0) {
    it.skip(`corpus notebooks (none found)`, () => undefined);
  } else {
    it.each(corpus.map(p => [p]))(
      'corpus %s: cached == uncached after each edit',
      path => {
        const text = readFileSync(path, 'utf8');
        checkNotebook(path, text, strict);
      },
      60_000
    );
  }
});
