#!/usr/bin/env node
'use strict';
/**
 * The scans session 23 added over user text for the `strict` rules reviewers mostly rejected
 * (issue #15, branch s23-precstrict), on long inputs (each should grow linearly with N):
 *   NB606: N `%sql` cells writing tables from a GROUP BY, then N pulls of them (groupedTables);
 *          one `%sql` statement of N nested parentheses (outsideParentheses);
 *          N comment lines above one statement of N pulls (saidSmall, once per statement);
 *          N pulls into dict look-ups (buildsLookupDict);
 *   NB603: N optional-marked %pip cells, each after blank cells (markedOptional);
 *   NB110: N cells of relative os.chdir literals that lead back (literalsLeadBack, once per
 *          scope); N os.chdir calls under ifs testing a saved cwd in one cell (guardedByCwdTest);
 *          N component functions handed to builders and N decorated ones (componentFunctions);
 *   NB109: N dummy inputs to onnx.export and N printed draws in one cell (shownOrTraced);
 *   NB102: N never-run pyplot, listing and pasted-placeholder cells (PYPLOT_DRAW, READ_CALLS,
 *          READER_INSTRUCTION); one string of "paste" and N words (READER_INSTRUCTION's cap).
 *
 *   node bench/lint-prec-strict.js [--lib DIR] [N ...]     default 1000 5000 10000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const { codeCell, libFromArgs, printCaseTimes } = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
// the rule alone (`extends: none`): the time is the rule's scans, not the other 52 rules'
const only = code =>
  lib.resolveConfig({ extends: 'none', rules: { [code]: 'warn' } });

const markdown = source => ({ cell_type: 'markdown', metadata: {}, source });
// a cell that ran and printed: NB102 reads a notebook with saved outputs as a run
const ran = (source, count) =>
  codeCell(source, count, [
    { output_type: 'stream', name: 'stdout', text: ['1\n'] }
  ]);
const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const cases = n => [
  [
    'NB606 n GROUP BY tables, then n pulls',
    'NB606',
    [
      ...Array.from({ length: n }, (_, i) =>
        codeCell(
          `%sql\nCREATE OR REPLACE TABLE t${i} AS SELECT d, count(*) FROM e GROUP BY d`
        )
      ),
      codeCell(
        lines(n, i => `p${i} = spark.table("t${i}").toPandas()`),
        1
      )
    ]
  ],
  [
    'NB606 one %sql statement of n nested parentheses',
    'NB606',
    [
      codeCell(
        `%sql\nCREATE TABLE g AS SELECT ${'('.repeat(n)}1${')'.repeat(n)} FROM e GROUP BY d`
      ),
      codeCell(
        'p = spark.table("g").toPandas()\nq = spark.table("h").toPandas()',
        1
      )
    ]
  ],
  [
    'NB606 n comment lines above n pulls in one statement',
    'NB606',
    [
      codeCell(
        `${lines(n, i => `# comment ${i}`)}\nrows = [\n${lines(n, i => `  spark.table("t${i}").toPandas(),`)}\n]`,
        1
      )
    ]
  ],
  [
    'NB606 n pulls into dict look-ups',
    'NB606',
    [
      codeCell(
        lines(
          n,
          i => `m${i} = {r["id"]: r for r in spark.table("t${i}").collect()}`
        ),
        1
      )
    ]
  ],
  [
    'NB110 n cells of os.chdir literals that lead back',
    'NB110',
    Array.from({ length: n }, (_, i) =>
      codeCell(`os.chdir('./d${i}')\nrun()\nos.chdir('..')`, i + 1)
    )
  ],
  [
    'NB110 n chdir calls under ifs testing cwd, one cell',
    'NB110',
    [
      codeCell(
        `cwd = os.getcwd()\n${lines(n, i => `if cwd.endswith('/d${i}'):\n    os.chdir('..')`)}`,
        1
      )
    ]
  ],
  // session 23, rounds 27 and 28 (branch s23-r2728b)
  [
    'NB110 n component functions with os.chdir, handed to n builders',
    'NB110',
    [
      ...Array.from({ length: n }, (_, i) =>
        codeCell(
          `def f${i}(d):\n    import os\n    os.chdir(d)\n\nop${i} = comp.func_to_container_op(f${i}, base_image=IMG)`,
          i + 1
        )
      ),
      codeCell(
        lines(
          n,
          i => `@dsl.component(base_image="x")\ndef g${i}(d):\n    os.chdir(d)`
        ),
        n + 1
      )
    ]
  ],
  [
    'NB109 n dummy inputs to onnx.export and n shown samples, one cell',
    'NB109',
    [
      codeCell(
        lines(
          n,
          i =>
            `x${i} = torch.randn(1, ${i})\ntorch.onnx.export(m, x${i}, p)\nprint(np.random.rand(${i}))`
        ),
        1
      )
    ]
  ],
  [
    'NB102 n never-run cells: pyplot lines, listings, pasted placeholders',
    'NB102',
    [
      ran('from helpers import plt, d, client\nprint(1)', 1),
      ...Array.from({ length: n }, (_, i) => [
        codeCell(`plt.hist(d.a${i}, bins=30); plt.title("{}".format(${i}))`),
        codeCell(`client.spaces.list(limit=${i})`),
        codeCell(`user${i} = 'PASTE YOUR USERNAME HERE'`)
      ]).flat(),
      ...Array.from({ length: 3 * n + 1 }, (_, i) => ran(`c = ${i}`, i + 2))
    ]
  ],
  [
    'NB102 one never-run cell: a string of paste + n words, no "your"/"here" at the end',
    'NB102',
    [
      ran('print(1)', 1),
      codeCell(`x = 'paste ${'your '.repeat(n)}!'`),
      ran('c = 2', 2),
      ran('c = 3', 3)
    ]
  ],
  [
    'NB603 n optional %pip cells after blank cells',
    'NB603',
    [
      codeCell('import tensorflow as tf', 1),
      ...Array.from({ length: n }, (_, i) => [
        markdown('(Optional) Run the cell below only if your versions differ.'),
        codeCell(''),
        codeCell(''),
        codeCell(`%pip install --upgrade tensorflow==2.${i}`)
      ]).flat(),
      codeCell('x = tf.__version__', 2)
    ]
  ]
];

for (const code of ['NB606', 'NB110', 'NB603', 'NB109', 'NB102']) {
  printCaseTimes(
    lib,
    only(code),
    n => cases(n).filter(c => c[1] === code),
    argv.map(Number),
    [1000, 5000, 10000]
  );
}
