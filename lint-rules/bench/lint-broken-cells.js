#!/usr/bin/env node
'use strict';
/**
 * How long NB205 (unused-import) takes on a notebook with many imports and large cells that do
 * not parse (Python 2 prints): the review of s14-lint found it growing with imports x broken-cell
 * size (a regex per import, each rescanning every broken cell: 339 ms for 200 imports and 1.5 MB
 * of broken cells, against 1.4 ms on main, which gave up on such notebooks). The broken cells'
 * words are collected once per notebook now, so the time grows with their size alone.
 *
 *   node bench/lint-broken-cells.js [IMPORTS ...]     default 200 1000
 * Not a test; prints numbers (NB205 alone, analysis done beforehand, mean of 3 runs after one
 * untimed). The machine's load moves them a lot: compare builds run one after the other.
 * Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require(process.env.NBCRAFT_LIB || '../lib');
const { codeNotebook, timeRules } = require('./notebook-text');

const rule = lib.findRule('NB205');
const enabled = [{ rule, severity: 'warning', options: {} }];
const body = Array.from(
  { length: 200 },
  (_, j) =>
    `print "value of thing number ${j} is", compute_value_${j}(data_frame_column)  # re-run ${j}`
).join('\n');

function notebook(imports) {
  const sources = [
    Array.from({ length: imports }, (_, i) => `import mod${i} as m${i}`).join(
      '\n'
    ),
    ...Array.from({ length: 100 }, () => body)
  ];
  return codeNotebook(sources);
}

const sizes = process.argv.slice(2).map(Number);
for (const imports of sizes.length ? sizes : [200, 1000]) {
  const json = notebook(imports);
  const nb = lib.readIpynb('a.ipynb', json);
  const { ms, findings } = timeRules(lib, nb, enabled);
  console.log(
    `${String(imports).padStart(5)} imports, ${(json.length / 1e6).toFixed(1)} MB of broken cells: ${ms.toFixed(1).padStart(8)} ms  ${findings.length} findings`
  );
}
