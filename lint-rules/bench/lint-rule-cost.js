#!/usr/bin/env node
'use strict';
/**
 * What each rule costs on its own, in one process: the notebooks of a corpus are read and analysed
 * once, then linted with all rules, with none (the engine's own cost) and with each rule alone;
 * median CPU ms of 3 passes after 2 warm-up passes. A rule alone also pays for what rules share
 * when run together (the tree walk, `lc.lines`, memoised callee names), so the column does not add
 * up to the all-rules row.
 *
 *   node bench/lint-rule-cost.js [DIR]     default ../shared/corpus (or NBCRAFT_BENCH_CORPUS)
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const path = require('path');

const corpus = path.resolve(
  process.argv[2] ||
    process.env.NBCRAFT_BENCH_CORPUS ||
    path.join(__dirname, '..', '..', '..', 'shared', 'corpus')
);
const lib = require('../lib');

const files = [];
(function walk(d) {
  for (const n of fs.readdirSync(d).sort()) {
    const p = path.join(d, n);
    if (fs.statSync(p).isDirectory()) {
      if (n !== 'bad-input') walk(p);
    } else if (
      /\.(ipynb|py)$/.test(n) &&
      lib.isNotebookPath(p, fs.readFileSync(p, 'utf8'))
    ) {
      files.push(p);
    }
  }
})(corpus);
const notebooks = files.map(f =>
  lib.readNotebook(f, fs.readFileSync(f, 'utf8'))
);
const analyses = notebooks.map(nb => lib.analyzeNotebook(nb));
const all = lib.resolveConfig({ extends: 'strict' }).rules;

const lintAll = rules =>
  notebooks.forEach((nb, i) =>
    lib.lintNotebook(nb, rules, { analysis: analyses[i] })
  );
const cpuMs = rules => {
  const c0 = process.cpuUsage();
  lintAll(rules);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median3 = rules => {
  lintAll(rules);
  lintAll(rules);
  return [cpuMs(rules), cpuMs(rules), cpuMs(rules)].sort((a, b) => a - b)[1];
};

const none = median3([]);
console.log(
  `corpus: ${corpus}, ${notebooks.length} notebooks; median CPU ms of 3 passes (analysis given)`
);
console.log(`  all ${all.length} rules: ${median3(all).toFixed(0)} ms`);
console.log(`  no rule (the engine alone): ${none.toFixed(0)} ms`);
const costs = all.map(r => [r.rule.meta.id, median3([r]) - none]);
costs.sort((a, b) => b[1] - a[1]);
for (const [id, ms] of costs) {
  console.log(`  ${id.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms`);
}
