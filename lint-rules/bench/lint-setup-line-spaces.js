#!/usr/bin/env node
'use strict';
/**
 * How long NB101 (non-linear-execution) takes on a cell line that is a long run of spaces with
 * something at its end (`'   …   x'`, `'import    …    !'`): the set-up line check tests the
 * trimmed line against a pattern with no `\s*` at either end, so the time grows with the length,
 * not with its square (s12-prec3: quadratic, the review's /tmp/r7/tre.js).
 *
 *   node bench/lint-setup-line-spaces.js [N ...]     default 20000 40000 80000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { codeCell, notebookText, timeLint } = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'recommended' });
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [20000, 40000, 80000]) {
  for (const [label, line] of [
    ['spaces+x', ' '.repeat(n) + 'x'],
    ['import+spaces+!', 'import ' + ' '.repeat(n) + '!']
  ]) {
    const nb = notebookText([
      codeCell(`import os\n${line}`, 9),
      codeCell('y = 1', 3)
    ]);
    const { ms, codes: found } = timeLint(lib, nb, config);
    const codes = found.filter(c => c === 'NB101');
    console.log(
      `${label.padEnd(16)} ${String(line.length).padStart(6)} chars  ${ms.toFixed(1).padStart(8)} ms  ${codes.join(',') || '-'}`
    );
  }
}
