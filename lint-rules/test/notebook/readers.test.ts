import * as fs from 'fs';
import * as path from 'path';
import {
  isNotebookPath,
  notebookFromJson,
  NotebookReadError,
  readNotebook
} from '../../src/notebook';
import { positionMismatches } from './positions';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'notebooks');
const read = (name: string) =>
  readNotebook(name, fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

function readError(name: string, text?: string): NotebookReadError {
  const t = text ?? fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  try {
    readNotebook(name, t);
  } catch (e) {
    if (e instanceof NotebookReadError) return e;
    throw e;
  }
  throw new Error(`${name} was read without an error`);
}

describe('.ipynb reader', () => {
  const layouts = [
    'escapes-indent1.ipynb',
    'escapes-indent4-ascii.ipynb',
    'escapes-compact.ipynb',
    'nbformat-4.0.ipynb'
  ];

  it.each(layouts)(
    'reads %s with the same cells whatever the JSON layout',
    name => {
      const nb = read(name);
      expect(nb.format).toBe('ipynb');
      expect(nb.kernelLanguage).toBe('python');
      expect(nb.cells.map(c => c.kind)).toEqual([
        'markdown',
        'code',
        'code',
        'code',
        'code',
        'code'
      ]);
      expect(nb.cells[1].source).toContain(
        '"a \\"quoted\\" \\\\ back\\tslash"'
      );
      expect(nb.cells[1].source).toContain('café ünï 😀 \u0001');
      expect(nb.cells[2].source).toBe(
        'import numpy as np\nn = 3\narr = np.zeros(n)'
      );
      expect(nb.cells[3].source).toBe('b = arr.sum() + 1\nb');
      expect(nb.cells[4].source).toBe('');
      expect(nb.cells[1].executionCount).toBe(1);
      expect(nb.cells[4].executionCount).toBeNull();
      expect(nb.cells[1].outputs[0]).toMatchObject({
        outputType: 'stream',
        name: 'stdout',
        text: 'a "quoted"\n'
      });
      expect(nb.cells[3].outputs[0]).toMatchObject({
        outputType: 'execute_result',
        text: '1.0'
      });
      expect(nb.cells[5].outputs[0]).toMatchObject({
        outputType: 'error',
        ename: 'NameError'
      });
      expect(nb.cells[5].outputs[0].text).toBe(
        "NameError: name 'q' is not defined\nNameError: name 'q'"
      );
      expect(nb.cells[5].tags).toEqual(['promote']);
      expect(nb.cells.map(c => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    }
  );

  it.each(layouts)(
    'maps every character of %s to the same character in the file',
    name => {
      expect(positionMismatches(read(name))).toEqual([]);
    }
  );

  it('reads keys written with escapes, as JSON.parse and Jupyter do ("\\u0073ource")', () => {
    // valid JSON and valid nbformat: the scan that locates sources crashed on it before
    const text = [
      '{"cells": [',
      ' {"cell_typ\\u0065": "code", "execution_count": null, "metadata": {}, "outputs": [],',
      '  "\\u0073ource": ["import os\\n", "x = 1"]}',
      '], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    ].join('\n');
    const nb = readNotebook('escaped-keys.ipynb', text);
    expect(nb.cells.map(c => [c.kind, c.source])).toEqual([
      ['code', 'import os\nx = 1']
    ]);
    expect(positionMismatches(nb)).toEqual([]);
    expect(nb.cells[0].toFilePosition({ line: 1, column: 0 })).toEqual({
      line: 3,
      column: text.split('\n')[2].indexOf('x = 1') + 1
    });
  });

  it('gives exact file positions for an escaped quote', () => {
    const nb = read('escapes-indent1.ipynb');
    const cell = nb.cells[1];
    const col = cell.source.indexOf('quoted');
    const fp = cell.toFilePosition({ line: 0, column: col });
    const fileLine = nb.text.split('\n')[fp.line - 1];
    expect(fileLine.slice(fp.column - 1, fp.column - 1 + 6)).toBe('quoted');
    // the source holds `x = "a \"quoted`: JSON escapes its two quotes and its backslash, three more characters
    expect(fileLine.indexOf('"x = ')).toBeGreaterThanOrEqual(0);
    expect(fp.column - 1 - (fileLine.indexOf('"x = ') + 1)).toBe(col + 3);
  });

  it('maps a line that continues across two source literals', () => {
    const nb = read('escapes-indent1.ipynb');
    const cell = nb.cells[3];
    const off = cell.toFileOffset({ line: 0, column: 4 }); // the 'a' of "arr.sum()" in the second literal
    expect(nb.text.slice(off, off + 7)).toBe('arr.sum');
  });

  it('clamps positions beyond the end of a line or cell', () => {
    const nb = read('escapes-indent1.ipynb');
    const cell = nb.cells[2];
    const end = cell.toFileOffset({ line: 2, column: 999 });
    expect(nb.text[end]).toBe('"');
    const empty = nb.cells[4];
    expect(
      nb.text.slice(
        empty.toFileOffset({ line: 0, column: 0 }),
        empty.sourceRange.end
      )
    ).toBe('[]');
  });

  it('records the source value range for fixes', () => {
    const nb = read('escapes-indent1.ipynb');
    const r = nb.cells[2].sourceRange;
    expect(JSON.parse(nb.text.slice(r.start, r.end))).toBe(
      'import numpy as np\nn = 3\narr = np.zeros(n)'
    );
    expect(nb.indent).toBe(1);
    expect(read('escapes-indent4-ascii.ipynb').indent).toBe(4);
  });

  it('takes a cell language from vscode metadata and cell magics', () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: { language: 'python' } },
      cells: [
        {
          cell_type: 'code',
          metadata: { vscode: { languageId: 'javascript' } },
          source: 'f()',
          outputs: [],
          execution_count: null
        },
        {
          cell_type: 'code',
          metadata: {},
          source: '%%sql\nSELECT 1',
          outputs: [],
          execution_count: null
        },
        {
          cell_type: 'code',
          metadata: {},
          source: '%%time\nx = 1',
          outputs: [],
          execution_count: null
        },
        { cell_type: 'raw', metadata: {}, source: 'raw' }
      ]
    });
    const nb = readNotebook('lang.ipynb', text);
    expect(nb.cells.map(c => c.language)).toEqual([
      'javascript',
      'sql',
      'python',
      'raw'
    ]);
    expect(nb.cells[1].magic).toBe('sql');
  });

  it("takes the language of a Databricks export's cells from their first-line magic", () => {
    const code = (source: string) => ({
      cell_type: 'code',
      metadata: {},
      source,
      outputs: [],
      execution_count: null
    });
    const cells = [
      code('%sql\nSELECT region, count(*) FROM t GROUP BY region'),
      code('%sh ls /dbfs/tmp | wc -l'),
      code('%scala\nval n = 1'),
      code('%python\nn = spark.table("t").count()'),
      code('%pip install pandas==2.1'),
      code('df = spark.table("t")')
    ];
    const languages = (metadata: Record<string, unknown>) =>
      readNotebook(
        'export.ipynb',
        JSON.stringify({ nbformat: 4, nbformat_minor: 0, metadata, cells })
      ).cells.map(c => c.language);
    const databricks = ['sql', 'sh', 'scala', 'python', 'python', 'python'];
    expect(languages({ name: 'Load data', notebookId: 1234 })).toEqual(
      databricks
    );
    expect(
      languages({
        'application/vnd.databricks.v1+notebook': { notebookName: 'Load' },
        kernelspec: { language: 'python' }
      })
    ).toEqual(databricks);
    // in a Jupyter notebook, `%sql` is an ordinary line magic of a Python cell
    expect(languages({ kernelspec: { language: 'python' } })).toEqual(
      cells.map(() => 'python')
    );
  });

  it('reads the kernel language of an R notebook', () => {
    const nb = readNotebook(
      'r.ipynb',
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 2,
        metadata: { kernelspec: { language: 'R', name: 'ir' } },
        cells: [
          {
            cell_type: 'code',
            metadata: {},
            source: ['print(1)\n'],
            outputs: [],
            execution_count: null
          }
        ]
      })
    );
    expect(nb.kernelLanguage).toBe('r');
    expect(nb.cells[0].language).toBe('r');
  });
});

describe('notebookFromJson (in-memory models, e.g. JupyterLab)', () => {
  it('reads an nbformat object like the file Jupyter would write', () => {
    const model = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { language: 'python' } },
      cells: [
        {
          id: 'a1',
          cell_type: 'code',
          metadata: { tags: ['x'] },
          source: '%%sql\nSELECT 1',
          outputs: [],
          execution_count: null
        },
        {
          id: 'a2',
          cell_type: 'code',
          metadata: {},
          source: 'print("hi")',
          outputs: [],
          execution_count: 3
        }
      ]
    };
    const nb = notebookFromJson('live.ipynb', model);
    expect(
      nb.cells.map(c => [c.id, c.language, c.tags, c.executionCount])
    ).toEqual([
      ['a1', 'sql', ['x'], null],
      ['a2', 'python', [], 3]
    ]);
    expect(positionMismatches(nb)).toEqual([]);
    expect(() =>
      notebookFromJson('bad.ipynb', {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: 'code' }]
      })
    ).toThrow(NotebookReadError);
    expect(() => notebookFromJson('none.ipynb', undefined)).toThrow(
      /no notebook given/
    );
  });
});

describe('.ipynb bad input gives one located error with a hint', () => {
  it.each([
    [
      'bad-trailing-comma.ipynb',
      /invalid JSON: expected a "key" but found '}'/,
      'merge conflict'
    ],
    [
      'bad-nbformat3.ipynb',
      /nbformat 3 notebooks are not supported/,
      'jupyter nbconvert --to notebook --nbformat 4'
    ],
    ['bad-no-source.ipynb', /cell 1 has no "source"/, 'source'],
    ['bad-binary.ipynb', /binary file/, 'corrupted']
  ])('%s', (name, message, hint) => {
    const e = readError(name);
    expect(e.message).toMatch(message);
    expect(e.hint).toContain(hint);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.path).toBe(name);
    expect(e.describe()).toContain(`${name}:${e.line}:${e.column}: `);
  });

  it('points at the exact character of a JSON error', () => {
    const e = readError(
      'x.ipynb',
      '{\n "cells": [\n  {"cell_type": "code" "source": ""}\n ]\n}'
    );
    expect([e.line, e.column]).toEqual([3, 24]);
    expect(e.message).toBe(
      "invalid JSON: expected ',' or '}' in a cell but found '\"'"
    );
  });

  it('reads cells with a duplicated or missing id, as nbformat does, and records where', () => {
    const name = 'bad-duplicate-id.ipynb';
    const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    const nb = readNotebook(name, text);
    expect(nb.cells.map(c => c.id)).toEqual(['same', 'same']);
    expect(nb.issues).toEqual([
      expect.objectContaining({
        kind: 'duplicate-cell-id',
        message: 'cell 2 has the same id "same" as cell 1',
        cell: 1
      })
    ]);
    const issue = nb.issues![0];
    expect(text.slice(issue.from, issue.to)).toBe('"same"');
    const missing = read('bad-missing-id.ipynb');
    expect(missing.issues?.map(i => [i.kind, i.cell, i.hint])).toEqual([
      ['missing-cell-id', 1, expect.stringContaining('JupyterLab')]
    ]);
    expect(read('nbformat-4.0.ipynb').issues).toBeUndefined();
  });

  it('reports an unterminated string, a truncated file, an empty file and a bare value', () => {
    expect(readError('a.ipynb', '{"cells": ["abc').message).toBe(
      'invalid JSON: unterminated string'
    );
    expect(readError('a.ipynb', '{"cells": [').message).toBe(
      'invalid JSON: unexpected end of file'
    );
    expect(readError('a.ipynb', '').message).toBe(
      'invalid JSON: unexpected end of file'
    );
    expect(readError('a.ipynb', '[1, 2]').message).toBe(
      'a notebook must be a JSON object'
    );
    expect(readError('a.ipynb', '{}').message).toMatch(
      /missing "nbformat" key/
    );
    expect(
      readError('a.ipynb', '{"nbformat": 5, "cells": []}').message
    ).toMatch(/newer than nbcraft/);
    const deep =
      '{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [], "x": ' +
      '['.repeat(200000) +
      ']'.repeat(200000) +
      '}';
    const e = readError('deep.ipynb', deep);
    expect(e.message).toMatch(/nested too deeply|cannot read this notebook/);
    expect(e.line).toBe(1);
  });
});

describe('Databricks source reader', () => {
  const nb = read('databricks-example.py');

  it('splits cells, strips MAGIC prefixes and knows each language', () => {
    expect(nb.format).toBe('databricks');
    expect(nb.cells.map(c => [c.kind, c.language, c.magic])).toEqual([
      ['markdown', 'markdown', 'md'],
      ['code', 'python', 'pip'],
      ['code', 'python', undefined],
      ['code', 'sql', 'sql'],
      ['code', 'python', 'run'],
      ['code', 'python', undefined]
    ]);
    expect(nb.cells[0].source).toBe(
      '%md\n# Sales analysis\n\nLoads the **sales** table.'
    );
    expect(nb.cells[2].source).toBe('df = spark.table("sales")\ndisplay(df)');
    expect(nb.cells[2].metadata.title).toBe('Load the table');
    expect(nb.cells[3].source).toBe('%sql\nSELECT count(*) FROM sales');
  });

  it('reads a bare language magic on a first line (no MAGIC prefix) as the MAGIC one', () => {
    // round 10, row 54: `%md` written without `# MAGIC ` renders as Markdown in Databricks
    const bare = readNotebook(
      'bare.py',
      '# Databricks notebook source\n%md\n# Title\nProse.\n\n# COMMAND ----------\n%sql\nSELECT 1\n\n# COMMAND ----------\n%pip install x==1\n'
    );
    expect(bare.cells.map(c => [c.kind, c.language, c.magic])).toEqual([
      ['markdown', 'markdown', 'md'],
      ['code', 'sql', 'sql'],
      ['code', 'python', undefined]
    ]);
    expect(bare.cells[0].source).toBe('%md\n# Title\nProse.');
    expect(positionMismatches(bare)).toEqual([]);
  });

  it("reads a bare %python first line in a .sql source as the MAGIC one: Python, not the file's SQL", () => {
    // round 10's attack review, D6: the bare magic was compared with 'python', not the file's language
    const sql = readNotebook(
      's1.sql',
      '-- Databricks notebook source\nSELECT 1\n\n-- COMMAND ----------\n\n%python\npassword = "x"\n\n-- COMMAND ----------\n\n-- MAGIC %python\n-- MAGIC password = "x"\n'
    );
    expect(sql.cells.map(c => [c.language, c.magic])).toEqual([
      ['sql', undefined],
      ['python', 'python'],
      ['python', 'python']
    ]);
    expect(positionMismatches(sql)).toEqual([]);
  });

  it('maps positions through the MAGIC prefix', () => {
    expect(positionMismatches(nb)).toEqual([]);
    expect(nb.cells[3].toFilePosition({ line: 1, column: 0 })).toEqual({
      line: 20,
      column: 9
    });
    expect(nb.cells[2].toFilePosition({ line: 0, column: 5 })).toEqual({
      line: 14,
      column: 6
    });
  });
});

describe('jupytext percent reader', () => {
  const nb = read('percent-example.py');

  it('reads markdown and code cells, titles and tags', () => {
    expect(nb.format).toBe('percent');
    expect(nb.cells.map(c => c.kind)).toEqual([
      'markdown',
      'code',
      'code',
      'code',
      'code'
    ]);
    expect(nb.cells.map(c => c.language)).toEqual([
      'markdown',
      'python',
      'python',
      'sh',
      'python'
    ]);
    expect(nb.cells[3].magic).toBe('bash');
    expect(nb.cells[0].source).toBe(
      '# A percent script\n\nWith two code cells.'
    );
    expect(nb.cells[1].tags).toEqual(['parameters']);
    expect(nb.cells[2].metadata.title).toBe('Squares');
    expect(nb.cells[2].source).toBe(
      'squares = [x * x for x in xs]\nprint(squares)'
    );
    // jupytext's comment_magics: the magics it wrote commented out are read back uncommented
    expect(nb.cells[3].source).toBe('%%bash\nls -la');
    expect(nb.cells[4].source).toBe(
      '%time squares.sort()\n# %time is a commented line magic: a comment for Python\nsquares.append(0)'
    );
  });

  it('uncomments the magics and shell commands jupytext commented out, as jupytext reads them', () => {
    const text = [
      '# %%',
      '# !wget -O /dbfs/tmp/x http://a',
      '# %pip install requests',
      '#%sh cp /dbfs/mnt/a /tmp',
      'files = !ls',
      '# files = !ls \\',
      '#   -la',
      '# a comment',
      's = """',
      '# %run ./inside_a_string',
      '"""',
      'if x:',
      '    # %time f()',
      '# %% [markdown]',
      '# %pip in markdown stays text',
      ''
    ].join('\n');
    const percent = readNotebook('nb.py', text);
    expect(percent.cells[0].source.split('\n')).toEqual([
      '!wget -O /dbfs/tmp/x http://a',
      '%pip install requests',
      '%sh cp /dbfs/mnt/a /tmp',
      'files = !ls',
      'files = !ls \\',
      '  -la',
      '# a comment',
      's = """',
      '# %run ./inside_a_string',
      '"""',
      'if x:',
      '    # %time f()'
    ]);
    expect(percent.cells[1].source).toBe('%pip in markdown stays text');
    expect(positionMismatches(percent)).toEqual([]);
    // a header that turns the convention off keeps them comments
    const off = readNotebook(
      'nb.py',
      '# ---\n# jupyter:\n#   jupytext:\n#     comment_magics: false\n# ---\n# %%\n# !ls\n'
    );
    expect(off.cells[0].source).toBe('# !ls');
  });

  it('leaves prose that looks like a magic a comment', () => {
    const text = [
      '# %%',
      '# %time is a commented line magic: a comment for Python',
      '# %d items are printed below',
      '# !important: keep the seed fixed',
      '# !pip install pandas  # uncomment on Colab',
      '# %pip install -r requirements.txt was run before',
      // a known magic, no sentence word: only the parse tells it is prose
      '# %time the loop below',
      '# !echo """',
      '# !pip install foo',
      'x = 1',
      ''
    ].join('\n');
    const percent = readNotebook('nb.py', text);
    expect(percent.cells[0].source.split('\n')).toEqual([
      '# %time is a commented line magic: a comment for Python',
      '# %d items are printed below',
      '# !important: keep the seed fixed',
      '# !pip install pandas  # uncomment on Colab',
      '# %pip install -r requirements.txt was run before',
      '# %time the loop below',
      // jupytext tracks strings on the line as written: `# !echo """` opens none
      '!echo """',
      '!pip install foo',
      'x = 1'
    ]);
    expect(positionMismatches(percent)).toEqual([]);
    // words in a quoted argument are data, not a sentence (azureml-examples' webrequests)
    const curl =
      '!curl -X POST https://e/v1/chat -d \'{"content":"What is good about Wuhan?"}\'';
    expect(readNotebook('nb.py', `# %%\n# ${curl}\n`).cells[0].source).toBe(
      curl
    );
    // the parse fails on the next line: the line above it goes back, the cell as written parses
    const later = readNotebook(
      'nb.py',
      '# %%\n# !ls\n# %time rows = [\ny = 1\n# garbage (\n'
    );
    expect(later.cells[0].source).toBe(
      '!ls\n# %time rows = [\ny = 1\n# garbage ('
    );
    // a cell that does not parse as written either keeps its magics
    const broken = readNotebook('nb.py', '# %%\n# !ls\nx = (\n');
    expect(broken.cells[0].source).toBe('!ls\nx = (');
  });

  it('follows the header: hydrogen keeps comments, comment_magics as a key, after a #! line', () => {
    const header = (...lines: string[]) =>
      ['# ---', '# jupyter:', '#   jupytext:', ...lines, '# ---'].join('\n');
    const cell = '\n# %%\n# !ls\n';
    const source = (text: string) =>
      readNotebook('nb.py', text).cells[0].source;
    const hydrogen = [
      '#     text_representation:',
      '#       format_name: hydrogen'
    ];
    expect(source(header(...hydrogen) + cell)).toBe('# !ls');
    expect(
      source(header('#     comment_magics: true', ...hydrogen) + cell)
    ).toBe('!ls');
    // not the key: a value that mentions it
    expect(source(header('#     note: "comment_magics: false"') + cell)).toBe(
      '!ls'
    );
    const shebang = '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n';
    expect(source(shebang + header('#     comment_magics: false') + cell)).toBe(
      '# !ls'
    );
    // jupytext keeps the #! and coding lines as metadata: they are no cell
    const nb = readNotebook('nb.py', shebang + '# %%\nx = 1\n');
    expect(nb.cells.map(c => c.source)).toEqual(['x = 1']);
    expect(positionMismatches(nb)).toEqual([]);
  });

  it('maps positions through the markdown comment prefix', () => {
    expect(positionMismatches(nb)).toEqual([]);
    expect(nb.cells[1].toFilePosition({ line: 1, column: 0 })).toEqual({
      line: 16,
      column: 1
    });
  });
});

describe('script notebooks with Windows line endings', () => {
  it.each(['databricks-example.py', 'percent-example.py'])(
    '%s reads the same with CRLF and maps exactly',
    name => {
      const lf = read(name);
      const text = fs
        .readFileSync(path.join(FIXTURES, name), 'utf8')
        .replace(/\n/g, '\r\n');
      const crlf = readNotebook(name, text);
      expect(crlf.cells.map(c => [c.kind, c.language, c.source])).toEqual(
        lf.cells.map(c => [c.kind, c.language, c.source])
      );
      expect(positionMismatches(crlf)).toEqual([]);
    }
  );
});

describe('which files are notebooks', () => {
  it('counts .py files only with markers', () => {
    const plain = fs.readFileSync(
      path.join(FIXTURES, 'plain-script.py'),
      'utf8'
    );
    expect(isNotebookPath('plain-script.py', plain)).toBe(false);
    expect(
      isNotebookPath('x.py', '# Databricks notebook source\nx = 1\n')
    ).toBe(true);
    expect(isNotebookPath('x.py', 'a = 1\n# %%\nb = 2\n')).toBe(true);
    // a test file holding percent scripts in strings is no notebook; a notebook with one still is
    const inStrings = [
      'def test_read():',
      '    text = """# %%',
      'x = 1',
      '',
      '# %% [markdown]',
      '# Title',
      '"""',
      '    s = \'# %%\'  # "# %%"',
      ''
    ].join('\n');
    expect(isNotebookPath('test_read.py', inStrings)).toBe(false);
    expect(isNotebookPath('nb.py', inStrings + '\n# %%\nprint(1)\n')).toBe(
      true
    );
    expect(
      isNotebookPath('nb.py', "# %% [markdown]\n# It's here\n\n# %%\nx = 1\n")
    ).toBe(true);
    expect(isNotebookPath('x.ipynb', '')).toBe(true);
    expect(isNotebookPath('x.txt', '# %%')).toBe(false);
    const e = readError('plain-script.py');
    expect(e.message).toMatch(/not a notebook/);
    expect(e.hint).toMatch(/# %%/);
  });
});
