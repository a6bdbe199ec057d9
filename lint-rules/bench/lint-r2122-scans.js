#!/usr/bin/env node
'use strict';
/**
 * The scans session 21's rounds-21-and-22 classes added over user text, on long inputs (each
 * should grow linearly with N):
 *   NB106: `~` folders held by names (`dN = Path("~/x/N").expanduser()`) and the lines that make
 *     them (`dN.mkdir()`), N of each in one cell, and one name on N mkdir lines;
 *   NB110: N `%cd` lines in one cell ending in `%cd $saved`;
 *   NB102: N never-run cells guarded by N flags set False in one cell that ran, and one guarded
 *     cell whose fallback is a long run of digits and `None` (the constants pattern);
 *   NB301: N cells of imports only after the imports cell;
 * and session 22's (the attack reviews' rule findings):
 *   NB106: N Spark chains over pandas reads in a Databricks notebook, one unclosed Spark call of N
 *     names and N `spark.` marks, N made `~` folders each read and filled (NB106's made-folder scan);
 *   NB604: N `spark.sql` reads of views and N registered views after a `%run`;
 *   NB301: N lines naming `.py` files (run, commented) before a late import.
 *
 *   node bench/lint-r2122-scans.js [--lib DIR] [N ...]     default 1000 10000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const {
  codeCell,
  libFromArgs,
  notebookText,
  printCaseTimes
} = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({ extends: 'strict' });

/** a saved output: NB102 reports only notebooks that keep a run's outputs */
const SHOWN = [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }];
/** a Databricks notebook (NB106's Spark exemption holds there only) */
const databricks = cells => {
  const nb = JSON.parse(notebookText(cells));
  nb.metadata['application/vnd.databricks.v1+notebook'] = { notebookName: 'a' };
  return JSON.stringify(nb);
};
const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const cases = n => [
  [
    'NB106 n expanded names, n mkdir lines',
    'NB106',
    [
      codeCell(
        `from pathlib import Path\n${lines(n, i => `d${i} = Path("~/scratch/f${i}").expanduser()`)}\n${lines(n, i => `d${i}.mkdir(parents=True)`)}`
      )
    ]
  ],
  [
    'NB106 one name on n mkdir lines',
    'NB106',
    [
      codeCell(
        `import os\nd = os.path.expanduser("~/scratch/x")\n${lines(n, () => 'os.makedirs(d, exist_ok=True); os.makedirs(d)')}\np = "~/data/y.csv"`
      )
    ]
  ],
  [
    'NB106 n Spark chains over pandas reads (Databricks)',
    'NB106',
    [
      codeCell(
        lines(
          n,
          i =>
            `p${i} = "/data/raw/f${i}.csv"\ndf${i} = spark.createDataFrame(pd.read_csv(p${i})); spark.read.csv(os.path.join(q${i}, "x")).count()`
        )
      )
    ],
    databricks
  ],
  [
    'NB106 one unclosed Spark call: n names, n marks',
    'NB106',
    [
      codeCell(
        `p = "/data/raw/x.csv"\nspark.read.csv(${'a, '.repeat(n)}${'spark.read.x, '.repeat(n)}p`
      )
    ],
    databricks
  ],
  [
    'NB106 n made ~ folders, each read and filled',
    'NB106',
    [
      codeCell(
        lines(
          n,
          i =>
            `!mkdir -p ~/d${i}  # made\nx = pd.read_csv("~/d${i}/x.csv")\nwith open("~/d${i}/y.txt", "w") as f: pass`
        )
      )
    ]
  ],
  [
    'NB604 n spark.sql view reads after a %run',
    'NB604',
    [
      codeCell('%run ./setup'),
      codeCell(
        lines(
          n,
          i =>
            `df.createOrReplaceTempView("v${i}")\nspark.sql("SELECT * FROM v${i} JOIN w${i}")`
        )
      )
    ]
  ],
  [
    'NB301 n lines naming .py files before an import',
    'NB301',
    [
      codeCell('import numpy as np', 1),
      codeCell(
        lines(n, i => `!python s${i}.py  # see utils${i}.py`),
        2
      ),
      codeCell('import utils0', 3)
    ]
  ],
  [
    'NB110 n %cd lines, back to $saved',
    'NB110',
    [
      codeCell(
        `saved = %pwd\n${lines(n, i => `%cd dir${i}\n!ls`)}\n%cd $saved`,
        1
      )
    ]
  ],
  [
    'NB102 n guarded never-run cells',
    'NB102',
    [
      codeCell(`import f\n${lines(n, i => `use_${i} = False`)}`, 1, SHOWN),
      ...Array.from({ length: n }, (_, i) =>
        codeCell(`x${i} = f.run() if use_${i} else (None, None)`)
      ),
      ...Array.from({ length: n + 2 }, (_, i) => codeCell(`y = ${i}`, i + 2))
    ]
  ],
  [
    'NB102 a fallback of n digits and Nones',
    'NB102',
    [
      codeCell('import f\nuse = False', 1, SHOWN),
      codeCell(
        `x = f.run() if use else (${'1'.repeat(n)}, ${'None, '.repeat(n)}f.z)`
      ),
      codeCell('print(x)', 2, SHOWN),
      codeCell('z = 2', 3)
    ]
  ],
  [
    'NB301 n imports-only cells after the first',
    'NB301',
    Array.from({ length: n }, (_, i) => codeCell(`import m${i}`, i + 1))
  ]
];
printCaseTimes(lib, config, cases, argv.map(Number), [1000, 10000]);
