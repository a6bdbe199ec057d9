#!/usr/bin/env node
'use strict';
/**
 * How long NB102 (unexecuted-cell) and NB103 (use-before-define) take on an executed notebook
 * where every other code cell was never run and each never-run cell reads a name only the last
 * cell defines (the review of s16-cells, t/cost2/alt3000.ipynb: NB102 alone 1.2 s on main, 14 to
 * 25 s on the branch, whose pseudo-code check rebuilt the unbound names and scanned the whole
 * dataflow once per never-run cell). support/neverRun's pseudoCodeCells is built once per
 * notebook now, so the time grows with the cells, not with their square.
 *
 *   node bench/lint-never-run.js [PAIRS ...]     default 300 1500 3000
 * Not a test; prints numbers (NB102 and NB103, analysis done beforehand, mean of 3 runs after one
 * untimed). Compare builds one after the other: NBCRAFT_LIB=/other/lint-rules/lib node bench/...
 * Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require(process.env.NBCRAFT_LIB || '../lib');
const { codeCell, notebookText, timeRules } = require('./notebook-text');

const enabled = ['NB102', 'NB103'].map(code => ({
  rule: lib.findRule(code),
  severity: 'warning',
  options: code === 'NB103' ? { knownGlobals: [] } : {}
}));
const printed = n => [
  { output_type: 'stream', name: 'stdout', text: `${n}\n` }
];

function notebook(pairs) {
  const cells = [{ cell_type: 'markdown', metadata: {}, source: '# T' }];
  for (let i = 0; i < pairs; i++) {
    cells.push(codeCell(`r${i} = ${i}\nprint(r${i})`, i + 1, printed(i)));
    cells.push(
      codeCell(`v${i} = u${i} + w${i}\nz${i} = v${i} * 2 + later${i}`)
    );
  }
  const defines = Array.from({ length: pairs }, (_, i) => `later${i} = 1`);
  cells.push(
    codeCell(['print(2)', ...defines].join('\n'), pairs + 1, printed(2))
  );
  return notebookText(cells);
}

const sizes = process.argv.slice(2).map(Number);
for (const pairs of sizes.length ? sizes : [300, 1500, 3000]) {
  const nb = lib.readIpynb('a.ipynb', notebook(pairs));
  const { ms, findings } = timeRules(lib, nb, enabled);
  const count = code => findings.filter(f => f.ruleCode === code).length;
  console.log(
    `${String(pairs * 2 + 1).padStart(6)} code cells, ${pairs} never run: ${ms.toFixed(1).padStart(9)} ms  NB102 ${count('NB102')}  NB103 ${count('NB103')}`
  );
}
