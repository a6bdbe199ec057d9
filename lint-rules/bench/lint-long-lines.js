#!/usr/bin/env node
'use strict';
/**
 * How long the recommended rules take on the long lines the review of s13-prec found quadratic:
 * NB201's exercise-blank check on an unparsable cell (`x =` then a line of 100,000 `#`; 17 s
 * then) and the Spark-platform guess (a comment of 14,000 `import `s, 4 s; `spark:` x 16,000,
 * 3.8 s). Each is read in one pass now, so the time grows with the length. The review of
 * s16-names added NB201's automagic check on a cell that does not parse: a line of n name
 * characters then a second line (`a` x n, then `(`) backtracked quadratically (20,000: 3.0 s);
 * a cell of more than one line is no automagic cell, and the name is matched on its line alone.
 *
 *   node bench/lint-long-lines.js [N ...]     default 20000 100000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { codeNotebook, timeLint } = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'recommended' });
const SPARK_READ = 'spark.read.csv("abfss://c@a.dfs.core.windows.net/x")';
const cases = n => [
  ['empty assignment, a line of #', ['x =\n' + '#'.repeat(n)]],
  [
    'exercise blank, spaces after a:',
    ['x = # your code\na:' + ' '.repeat(n) + 'b c']
  ],
  [
    'exercise blank, tabs after a:',
    ['x = # your code\na:' + '\t '.repeat(n / 2) + 'b c']
  ],
  [
    'spark: comment of imports',
    [SPARK_READ, 'x = 1 # ' + 'import '.repeat(n / 7)]
  ],
  ['spark: spark: x n', [SPARK_READ, 'y = 1 # ' + 'spark:'.repeat(n / 6)]],
  ['automagic: a long name, a 2nd line', ['a'.repeat(n) + '\n(']]
];
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [20000, 100000]) {
  for (const [name, sources] of cases(n)) {
    const { ms, codes: found } = timeLint(lib, codeNotebook(sources), config);
    const codes = [...new Set(found)];
    console.log(
      `${name.padEnd(34)} ${String(n).padStart(7)}  ${ms.toFixed(1).padStart(9)} ms  ${codes.join(',') || '-'}`
    );
  }
}
