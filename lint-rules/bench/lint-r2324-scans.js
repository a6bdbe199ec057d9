#!/usr/bin/env node
'use strict';
/**
 * The scans session 22 added over user text for rounds 23 and 24 (issue #15), on long inputs
 * (each should grow linearly with N):
 *   NB602: N paths with a space, each the whole value of a literal, in one cell (pathAt);
 *   NB102 and NB111: N never-run Colab set-up cells, each under Markdown naming Colab; one
 *     cell of N blank lines before `if IN_COLAB:` (the Colab check's line-start pattern);
 *   NB603: N `%pip install pkg[extra]` lines after the package's import (leavesInstalled);
 *   NB110: N relative `%cd` lines in one cell (the relative-folder message);
 *   NB307: N code cells with stripped counts before one large output (the docs-page evidence).
 *
 *   node bench/lint-r2324-scans.js [--lib DIR] [N ...]     default 1000 5000 10000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const { codeCell, libFromArgs, printCaseTimes } = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({ extends: 'strict' });

const SHOWN = [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }];
const BIG = [
  { output_type: 'stream', name: 'stdout', text: ['x'.repeat(300 * 1024)] }
];
const markdown = source => ({ cell_type: 'markdown', metadata: {}, source });
const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const cases = n => [
  [
    'NB602 n literal paths with a space',
    'NB602',
    [
      codeCell(
        lines(n, i => `p${i} = "/dbfs/tmp/clv/online retail/file ${i}.xlsx"`),
        1,
        SHOWN
      )
    ]
  ],
  [
    'NB102 n Colab set-up cells never run',
    'NB102',
    [
      ...Array.from({ length: n }, (_, i) => [
        markdown(`## Colab\nThis step ${i} runs in Google colab.`),
        codeCell(
          `!pip install --pre deepchem\nimport deepchem\ndeepchem.__version__`
        )
      ]).flat(),
      ...Array.from({ length: n + 2 }, (_, i) => codeCell(`y = ${i}`, i + 1))
    ]
  ],
  [
    'NB111 n blank lines before if IN_COLAB',
    'NB111',
    [
      codeCell(
        `${'\n'.repeat(n * 10)}if IN_COLAB:\n    !pip install deepchem`,
        1,
        SHOWN
      )
    ]
  ],
  [
    'NB603 n extras installs after the import',
    'NB603',
    [
      codeCell('import whylogs', 1),
      codeCell(
        lines(n, i => `%pip install -q 'whylogs[s${i}]' moto`),
        2
      ),
      codeCell('whylogs.log(df)', 3)
    ]
  ],
  [
    'NB110 n relative %cd lines',
    'NB110',
    [
      codeCell(
        lines(n, i => `%cd dir_${i}\n!ls`),
        1
      )
    ]
  ],
  [
    'NB307 n stripped-count cells, one large output',
    'NB307',
    [
      ...Array.from({ length: n }, (_, i) => codeCell(`x = ${i}`)),
      codeCell('#| hide\nplot(x)', null, BIG)
    ]
  ]
];
printCaseTimes(lib, config, cases, argv.map(Number), [1000, 5000, 10000]);
