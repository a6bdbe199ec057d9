#!/usr/bin/env node
'use strict';
/**
 * How long NB102 (unexecuted-cell) takes on the s19 checks of display-only cells: a notebook of
 * N never-run display-only cells (`df.describe()`) between cells that ran, with a cell that reads
 * IPython's output history (`_`) at the end and one that defines `def head(...)` at the start
 * (lastHistoryReader, ownReadCallDefinitions and callsAny run once per notebook or per cell), and
 * one 100 KB cell of `def ` text on one line and on many (the OWN_READ_DEF scan over user text).
 *
 *   node bench/lint-display-only.js [PAIRS ...]     default 1000 5000 20000
 * Not a test; prints numbers (analysis done beforehand, mean of 3 runs after one untimed).
 * Compare builds: NBCRAFT_LIB=/other/lint-rules/lib node bench/lint-display-only.js
 * Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require(process.env.NBCRAFT_LIB || '../lib');
const { codeCell, notebookText, timeRules } = require('./notebook-text');

const enabled = [
  { rule: lib.findRule('NB102'), severity: 'warning', options: {} }
];
const printed = n => [
  { output_type: 'stream', name: 'stdout', text: `${n}\n` }
];

function notebook(pairs, big) {
  const cells = [
    codeCell(
      'from helpers import df\ndef head(frame, n=5):\n    return frame[:n]\nprint(0)',
      1,
      printed(0)
    )
  ];
  for (let i = 0; i < pairs; i++) {
    cells.push(codeCell(`df.describe()\nhead(df)`));
    cells.push(codeCell(`print(${i})`, i + 2, printed(i)));
  }
  if (big) cells.push(codeCell(big));
  cells.push(codeCell('x = _\nprint(x)', pairs + 2, printed(1)));
  return notebookText(cells);
}

const sizes = process.argv.slice(2).map(Number);
for (const pairs of sizes.length ? sizes : [1000, 5000, 20000]) {
  const nb = lib.readIpynb('a.ipynb', notebook(pairs));
  const { ms, findings } = timeRules(lib, nb, enabled);
  console.log(
    `${String(pairs * 2 + 2).padStart(6)} code cells, ${pairs} display-only never run: ${ms.toFixed(1).padStart(9)} ms  NB102 ${findings.length}`
  );
}
const line = 'def  '.repeat(20000);
for (const [label, big] of [
  ['100 KB of "def " on one line', line],
  ['100 KB of "def head(" lines', '    def head(x): pass\n'.repeat(4800)]
]) {
  const nb = lib.readIpynb('a.ipynb', notebook(10, big));
  const { ms, findings } = timeRules(lib, nb, enabled);
  console.log(
    `${label}: ${ms.toFixed(1).padStart(9)} ms  NB102 ${findings.length}`
  );
}
