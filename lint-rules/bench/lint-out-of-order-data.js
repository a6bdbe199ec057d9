#!/usr/bin/env node
'use strict';
/**
 * How long NB101 (non-linear-execution) takes to decide which late re-runs share data with the
 * cells below (issue #15, rounds 17 and 18): the per-name maps of the reference cells above (one
 * look-up per name of a cell ran out of order), the file-write and state-setter scans of each
 * reference (WRITES_FILES, SETS_STATE with its walk back over the receiver). Each shape doubles;
 * the time should double with it, not quadruple.
 *
 *   node bench/lint-out-of-order-data.js [N ...]     default 10000 20000 40000
 * Shapes: N cells run in reverse order (each out of order, each reading the name the cell above
 * binds); one reference cell of N `a.b.set_x(1)` calls; one of `open(` and N characters with no `)`;
 * one of N spaces then `.set(`; N cells run in reverse order that each save a figure to its own
 * file (the path-word count of every cell, built once); one cell of N unclosed `plt.savefig(`;
 * one cell of N read-only `c.execute("SELECT ...")` statements.
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { codeCell, notebookText, timeLint } = require('./notebook-text');

// NB101 alone: the numbers are its own (the analysis of the cells included)
const config = lib.resolveConfig({ rules: { NB101: 'warn' } });
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [10000, 20000, 40000]) {
  const shapes = [
    [
      'reversed cells',
      Array.from({ length: n }, (_, i) =>
        codeCell(i === 0 ? 'v0 = 1' : `v${i} = v${i - 1} + 1`, n - i)
      )
    ],
    [
      'setter calls',
      [codeCell('a.b.set_x(1)\n'.repeat(n), 9), codeCell('y = a', 3)]
    ],
    [
      'open( unclosed',
      [codeCell(`f = open(${'x'.repeat(n)}`, 9), codeCell('y = f', 3)]
    ],
    [
      // session 21: each saved figure's file looked up among every cell's path words
      'saved figures',
      Array.from({ length: n }, (_, i) =>
        codeCell(`plt.plot(v)\nplt.savefig("out/fig${i}.png")`, n - i)
      )
    ],
    [
      'savefig( x N',
      [codeCell('plt.savefig(\n'.repeat(n), 9), codeCell('y = plt', 3)]
    ],
    [
      // session 21: each cursor statement's literal read once, up to 2,000 characters
      'execute( x N',
      [
        codeCell('c.execute("SELECT a FROM t")\n'.repeat(n), 9),
        codeCell('y = 1', 3)
      ]
    ],
    [
      'spaces .set(',
      [codeCell(`z = ${' '.repeat(n)}.set(1)`, 9), codeCell('y = z', 3)]
    ]
  ];
  for (const [label, cells] of shapes) {
    const { ms, codes } = timeLint(lib, notebookText(cells), config);
    const found = codes.filter(c => c === 'NB101').length;
    console.log(
      `${label.padEnd(16)} N=${String(n).padStart(6)}  ${ms.toFixed(1).padStart(9)} ms  NB101 x${found}`
    );
  }
}
