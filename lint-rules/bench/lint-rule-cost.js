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
 *   node bench/lint-rule-cost.js --fresh [DIR] [rule-id ...]
 *                                          read and analyse the notebooks again (untimed) before
 *                                          every timed pass, as a CLI run sees them: nothing a rule
 *                                          memoises on a node, a tree or an analysis survives from an
 *                                          earlier pass (the default reuses them, and so reads lower);
 *                                          with rule ids, only those rules alone
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const fresh = args[0] === '--fresh';
if (fresh) args.shift();
const only = args.slice(1);
const corpus = path.resolve(
  args[0] ||
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
const texts = files.map(f => fs.readFileSync(f, 'utf8'));
let notebooks = [];
let analyses = [];
const prepare = () => {
  notebooks = files.map((f, i) => lib.readNotebook(f, texts[i]));
  analyses = notebooks.map(nb => lib.analyzeNotebook(nb));
};
prepare();
const all = lib.resolveConfig({ extends: 'strict' }).rules;

const lintAll = rules =>
  notebooks.forEach((nb, i) =>
    lib.lintNotebook(nb, rules, { analysis: analyses[i] })
  );
const cpuMs = rules => {
  if (fresh) prepare();
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
  `corpus: ${corpus}, ${notebooks.length} notebooks; median CPU ms of 3 passes (analysis given${fresh ? ', read and analysed again before each pass' : ''})`
);
console.log(`  all ${all.length} rules: ${median3(all).toFixed(0)} ms`);
console.log(`  no rule (the engine alone): ${none.toFixed(0)} ms`);
const costs = all
  .filter(r => only.length === 0 || only.includes(r.rule.meta.id))
  .map(r => [r.rule.meta.id, median3([r]) - none]);
costs.sort((a, b) => b[1] - a[1]);
for (const [id, ms] of costs) {
  console.log(`  ${id.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms`);
}
