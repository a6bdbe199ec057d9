#!/usr/bin/env node
'use strict';
/**
 * The scope pass's flow state on many names bound in branches (python/flow.ts): each branch
 * point (if, loop, try, match) merges the states of its paths. Each case at n names:
 * - n names, each assigned in its own `if` of one cell;
 * - n names, each assigned in its own `try` / `except` of one cell;
 * - the n ifs inside 200 nested ifs (each level merges what the levels inside it bound);
 * - 10n cells of one `if` each (a notebook of 40,000 cells at n = 4,000).
 * A merge that copied or scanned the whole state per branch grew with n^2 in the first two.
 *
 *   node bench/lint-branch-names.js [--lib DIR] [N ...]     default 1000 2000 4000
 * `--lib` takes another build's `lib` (a copy inside the repository, so it finds node_modules).
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const {
  codeCell,
  notebookText,
  timeLint,
  libFromArgs
} = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({ extends: 'strict' });

const DEPTH = 200;
const range = n => Array.from({ length: n }, (_, i) => i);
const indent = k => ' '.repeat(4 * k);
const ifs = (n, depth) =>
  range(n)
    .map(k => `${indent(depth)}if c${k}:\n${indent(depth + 1)}v${k} = ${k}\n`)
    .join('');

const cases = [
  ['n names, one if each', n => [codeCell(ifs(n, 0) + 'print(v0)')]],
  [
    'n names, one try/except each',
    n => [
      codeCell(
        range(n)
          .map(k => `try:\n    v${k} = f()\nexcept E:\n    pass\n`)
          .join('') + 'print(v0)'
      )
    ]
  ],
  [
    `n names, one if each, ${DEPTH} ifs deep`,
    n => [
      codeCell(
        range(DEPTH)
          .map(d => `${indent(d)}if d${d}:\n`)
          .join('') +
          ifs(n, DEPTH) +
          'print(v0)'
      )
    ]
  ],
  [
    '10n cells of one if each',
    n => range(10 * n).map(k => codeCell(`if c:\n    v${k} = ${k}\n`))
  ]
];

// one untimed lint first: the first would pay for the JIT's warm-up
timeLint(lib, notebookText(cases[0][1](200)), config);
const sizes = argv.map(Number);
for (const [name, cells] of cases) {
  for (const n of sizes.length ? sizes : [1000, 2000, 4000]) {
    const { ms, codes } = timeLint(lib, notebookText(cells(n)), config);
    console.log(
      `${name.padEnd(36)} ${String(n).padStart(6)}  ${ms.toFixed(1).padStart(9)} ms  findings ${codes.length}`
    );
  }
}
