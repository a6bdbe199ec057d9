#!/usr/bin/env node
'use strict';
/**
 * How long NB408 (hardcoded-password) takes on one line of N calls that each pass a short
 * word-shaped secret (`f(token="abcdefgh"); ` N times), without and with a comment at the line's
 * end: the comment exemption reads each line once per cell, not once per value on it
 * (s14-prec review: 161 s for N = 20,000, when it scanned the rest of the line per value).
 *
 *   node bench/lint-secret-line.js [N ...]     default 2000 5000 20000
 * The notebook is read and analysed untimed; the time is NB408 alone, CPU ms. With a finding per
 * value, what still grows faster than the line is the engine placing each finding in the .ipynb
 * file (jsonSourceMap `offset`, ipynb `toFilePosition`: 90% of a --cpu-prof at N = 8,000), as on
 * main; the rule's own work, comment included, is linear.
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { oneCellNotebook } = require('./notebook-text');

const rules = lib
  .resolveConfig({ extends: 'strict' })
  .rules.filter(r => r.rule.meta.id === 'hardcoded-password');
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [2000, 5000, 20000]) {
  for (const comment of ['', '  # dummy']) {
    const source = 'f(token="abcdefgh"); '.repeat(n) + comment;
    const text = oneCellNotebook(source);
    const nb = lib.readNotebook('a.ipynb', text);
    const analysis = lib.analyzeNotebook(nb);
    const c0 = process.cpuUsage();
    const result = lib.lintNotebook(nb, rules, { analysis });
    const c = process.cpuUsage(c0);
    const findings = (result.findings || result).filter(
      f => f.ruleCode === 'NB408'
    ).length;
    console.log(
      `${String(n).padStart(6)} calls ${JSON.stringify(comment).padEnd(12)} ${((c.user + c.system) / 1000).toFixed(0).padStart(8)} ms  ${findings} findings`
    );
  }
}
