#!/usr/bin/env node
'use strict';
/**
 * How long the runtime decision (is this a kernel the `pyspark` launcher started?) takes on
 * hostile shapes: one long line of a binding's words after a cell that read `sc` ran, and many
 * counted cells. The binding check was one regex with lazy `[^\n:]*?` runs around the name
 * (`'for sc ' * n`: cubic, 14 KB 18 s) and `,[^=\n]*` after it (quadratic), and each counted cell
 * looped over 1..k-1 (40,000 cells 29.7 s): attack review of s18-r16. Every size should take
 * about twice as long as the one before it.
 *
 *   node bench/lint-shell-runtime.js [LIB]     LIB defaults to ./lib (another build's lib to compare)
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const path = require('path');
const lib = path.resolve(process.argv[2] || path.join(__dirname, '..', 'lib'));
const { decideRuntime } = require(path.join(lib, 'notebook', 'runtime'));

const metadata = { kernelspec: { name: 'python3', language: 'python' } };
const cell = (source, executionCount) => ({
  kind: 'code',
  source,
  executionCount,
  outputs: []
});
const reader = cell('sc.version', 1);
const time = (label, cells) => {
  const t = process.hrtime.bigint();
  const runtime = decideRuntime({ format: 'ipynb', metadata, cells });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(`${label}: ${ms.toFixed(0)} ms  ${runtime}`);
};
const line = (words, n) => [reader, cell(words.repeat(n), 2)];
for (const n of [500, 1000, 2000]) {
  time(`'for sc ' x ${n} on one line`, line('for sc ', n));
}
for (const n of [5000, 10000, 20000]) {
  time(`'sc, ' x ${n} on one line`, line('sc, ', n));
  time(`'lambda ' x ${n} on one line`, line('lambda ', n));
}
for (const n of [10000, 20000, 40000]) {
  const cells = [];
  for (let i = 1; i <= n; i++) cells.push(cell('x = 1', i));
  time(`${n.toLocaleString('en')} counted cells`, cells);
}
