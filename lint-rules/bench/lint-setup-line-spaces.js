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

const config = lib.resolveConfig({ extends: 'recommended' });
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [20000, 40000, 80000]) {
  for (const [label, line] of [
    ['spaces+x', ' '.repeat(n) + 'x'],
    ['import+spaces+!', 'import ' + ' '.repeat(n) + '!']
  ]) {
    const cell = (source, count) => ({
      cell_type: 'code',
      id: `c${count}`,
      metadata: {},
      outputs: [],
      execution_count: count,
      source
    });
    const nb = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python' } },
      cells: [cell(`import os\n${line}`, 9), cell('y = 1', 3)]
    });
    const t = process.hrtime.bigint();
    const { result } = lib.lintFile('a.ipynb', nb, config);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const codes = (result.findings || [])
      .map(f => f.ruleCode)
      .filter(c => c === 'NB101');
    console.log(
      `${label.padEnd(16)} ${String(line.length).padStart(6)} chars  ${ms.toFixed(1).padStart(8)} ms  ${codes.join(',') || '-'}`
    );
  }
}
