#!/usr/bin/env node
'use strict';
/**
 * The scan session 22's NB104 set-up calls added (support/namespaceSetup.ts: one walk of each
 * cell that names `globals` or `init_notebook`), on long inputs (each should grow linearly with N):
 *   N cells that each read N-independent unknown names, under one `mp.init_notebook()` cell
 *     (every read is uncertain);
 *   one cell of N calls given `globals()` and N `init_notebook_mode()` calls (the gate's word,
 *     no set-up: every call qualified);
 *   N cells above the set-up cell each reading an unknown name (each still reported);
 *   one cell of N top-level statements reading names, the set-up call last (each still reported).
 *
 *   node bench/lint-namespace-setup.js [--lib DIR] [N ...]     default 1000 3000 10000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const { codeCell, libFromArgs, printCaseTimes } = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({ extends: 'strict' });

const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const SETUP = 'import msticpy as mp\nmp.init_notebook()';
const cases = n => [
  [
    'n cells reading unknown names after the set-up',
    'NB104',
    [
      codeCell(SETUP, 1),
      ...Array.from({ length: n }, (_, i) =>
        codeCell(`md("x")\nh${i} = Host(name${i})`, i + 2)
      )
    ]
  ],
  [
    'one cell of n globals() calls and n init_notebook_mode()',
    'NB104',
    [
      codeCell(
        `from helpers import load\nfrom plotly.offline import init_notebook_mode\n${lines(n, i => `load(globals(), k${i})\ninit_notebook_mode(connected=True)`)}`,
        1
      ),
      codeCell('print(anything)', 2)
    ]
  ],
  [
    'n cells above the set-up, each reporting',
    'NB104',
    [
      ...Array.from({ length: n }, (_, i) =>
        codeCell(`print(early${i})`, i + 1)
      ),
      codeCell(SETUP, n + 1)
    ]
  ],
  [
    'one cell of n reads, the set-up call last',
    'NB104',
    [codeCell(`${lines(n, i => `print(early${i})`)}\n${SETUP}`, 1)]
  ]
];
printCaseTimes(lib, config, cases, argv.map(Number), [1000, 3000, 10000]);
