#!/usr/bin/env node
'use strict';
/**
 * How long NB201 takes on the long lines the attack review of s18-r15 found quadratic, each
 * in a never-run cell that does not parse:
 * - Python 2's tuple-parameter rewrite (a notebook saved on Python 2.7): an unclosed parameter
 *   list was rescanned to the line's end from every `lambda` (`lambda a, ` x 20,000: 29 s) and
 *   every `def f(`; a lambda known not to close is not scanned again, and nesting stops at
 *   CPython's 200.
 * - the exercise blanks: `x = (#` then n `)` (a lazy comment before a lookahead, 26 s at 80,000)
 *   and n `###,` blanks (each checked against every earlier one, 20.8 s at 80,000).
 * Each grows with the length now.
 *
 *   node bench/lint-python2-blanks-long.js [--lib DIR] [N ...]   default 20000 40000 80000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const path = require('path');

const args = process.argv.slice(2);
const libAt = args.indexOf('--lib');
const libDir =
  libAt >= 0
    ? path.resolve(args.splice(libAt, 2)[1])
    : path.join(__dirname, '..', 'lib');
const lib = require(libDir);
const { codeCell, timeLint } = require('./notebook-text');

const PYTHON_2 = {
  kernelspec: { name: 'python2', language: 'python' },
  language_info: { name: 'python', version: '2.7.18' }
};
const PYTHON_3 = { kernelspec: { name: 'python3', language: 'python' } };
const notebook = (metadata, source) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata,
    cells: [{ id: 'c0', ...codeCell(source) }]
  });

const config = lib.resolveConfig({ extends: 'recommended' });
const cases = n => [
  [
    'py2: lambda a, x n',
    notebook(PYTHON_2, 'print 1\nx = [' + 'lambda a, '.repeat(n / 10) + ']\n')
  ],
  [
    'py2: def f( x n',
    notebook(PYTHON_2, 'print 1\n' + 'def f('.repeat(n / 6) + '\n')
  ],
  [
    'py2: lambda (a), x n',
    notebook(PYTHON_2, 'print 1\nx = [' + 'lambda (a), '.repeat(n / 12) + ']\n')
  ],
  [
    'blank: x = (# then ) x n',
    notebook(PYTHON_3, 'x = (#' + ')'.repeat(n) + 'x\nfoo(\n')
  ],
  [
    'blank: ###, x n',
    notebook(PYTHON_3, 'x = (' + '###,'.repeat(n / 4) + ')\nfoo(\n')
  ]
];
const sizes = args.map(Number);
for (const n of sizes.length ? sizes : [20000, 40000, 80000]) {
  for (const [name, text] of cases(n)) {
    const { ms, codes: found } = timeLint(lib, text, config);
    const codes = [...new Set(found)];
    console.log(
      `${name.padEnd(28)} ${String(n).padStart(7)} chars  ${ms.toFixed(1).padStart(9)} ms  ${codes.join(',') || '-'}`
    );
  }
}
