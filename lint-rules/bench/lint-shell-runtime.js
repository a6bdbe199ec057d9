#!/usr/bin/env node
'use strict';
/**
 * How long the runtime decision (is this a kernel the `pyspark` launcher started?) takes on
 * hostile shapes: one long line of a binding's words after a cell that read `sc` ran, and many
 * counted cells. The binding check was one regex with lazy `[^\n:]*?` runs around the name
 * (`'for sc ' * n`: cubic, 14 KB 18 s) and `,[^=\n]*` after it (quadratic), and each counted cell
 * looped over 1..k-1 (40,000 cells 29.7 s): attack review of s18-r16. Since s19 the evidence is
 * parsed (readsSessionWhereItRuns): many counted cells that read `sc` only inside a `def` (each
 * parsed, none evidence), one 100 KB such cell, and a `from x import (` over many lines (the
 * from-import binding check). Since s20 a cell text is parsed once per decision (copies of one
 * cell share the answer), and a def's defaults and a `finally` body count as evidence. Every size
 * should take about twice as long as the one before it.
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
for (const n of [2500, 5000, 10000]) {
  const cells = [];
  for (let i = 1; i <= n; i++) {
    cells.push(cell('def f():\n    return sc.version', i));
  }
  time(`${n.toLocaleString('en')} counted cells reading sc in a def`, cells);
  // each cell its own text: the memo per cell text (s20) spares nothing; each is masked and
  // parsed once (before s20: masked, then masked again and parsed)
  const distinct = [];
  for (let i = 1; i <= n; i++) {
    distinct.push(cell(`def f${i}(k=${i}):\n    return sc.version`, i));
  }
  time(
    `${n.toLocaleString('en')} distinct counted cells reading sc in a def`,
    distinct
  );
}
for (const n of [2500, 5000, 10000]) {
  time(`a def reading sc ${n.toLocaleString('en')} times (one cell)`, [
    cell(`def f():\n${'    x = sc.version\n'.repeat(n)}`, 1)
  ]);
  time(`'from m import (' and ${n.toLocaleString('en')} lines of names`, [
    reader,
    cell(`from m import (\n${'    a,\n'.repeat(n)})`, 2)
  ]);
}
