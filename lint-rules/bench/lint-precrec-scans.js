#!/usr/bin/env node
'use strict';
/**
 * The scans session 23's pass on the `recommended` rules added, on long inputs (each should grow
 * linearly with N; whole `strict` lint of one notebook, wall ms):
 *   NB209: N cells rebinding `display`, each with a qualified `ipd.display   (x)` call after a run
 *     of blanks and a `def   display(` (no bare call: the whole notebook is read, nothing reported);
 *   NB104: N cells with a `#papermill_description=` comment and a name no cell defines (each
 *     reported with the papermill message);
 *   NB305: a first Markdown cell `#T` then 10N letters with no space (the no-space title test's
 *     worst line), under N code cells;
 *   NB408: one cell of N `api_key_i = "nvapi-*"` and N `token_i = "sk-<200 dots>"` placeholders.
 *
 *   node bench/lint-precrec-scans.js [--lib DIR] [N ...]     default 1000 3000 10000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const { codeCell, libFromArgs, printCaseTimes } = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({ extends: 'strict' });

const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const md = source => ({ cell_type: 'markdown', metadata: {}, source });
const cases = n => [
  [
    'NB209: n display rebindings, no bare call',
    'NB209',
    Array.from({ length: n }, (_, i) =>
      codeCell(
        `display = Display(${i})\nipd.display${' '.repeat(50)}(x)\ndef${' '.repeat(50)}display(y):\n    pass`,
        i + 1
      )
    )
  ],
  [
    'NB104: n papermill cells reading unknown names',
    'NB104',
    Array.from({ length: n }, (_, i) =>
      codeCell(`#papermill_description=step${i}\nprint(param${i})`, i + 1)
    )
  ],
  [
    'NB305: #T then 10n letters, no space',
    'NB305',
    [
      md(`#T${'a'.repeat(10 * n)}`),
      ...Array.from({ length: n }, (_, i) => codeCell(`x${i} = ${i}`, i + 1))
    ]
  ],
  [
    'NB408: n elided key prefixes',
    'NB408',
    [
      codeCell(
        lines(
          n,
          i => `api_key_${i} = "nvapi-*"\ntoken_${i} = "sk-${'.'.repeat(200)}"`
        ),
        1
      )
    ]
  ]
];
printCaseTimes(lib, config, cases, argv.map(Number), [1000, 3000, 10000]);
