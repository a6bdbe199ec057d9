#!/usr/bin/env node
'use strict';
/**
 * How long reading a jupytext .py header takes when a `kernelspec:` field's line holds a long
 * run of blanks (`#     name: python2` + N spaces + `x`): its `key: value` pattern must not
 * backtrack over the blanks (review R3 #7: `(.*?)\s*$` took 16 s on 60,000 spaces).
 *
 *   node bench/lint-header-blanks.js [N ...]     default 20000 60000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');

const config = lib.resolveConfig({ extends: 'strict' });
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [20000, 60000]) {
  const text = [
    '# ---',
    '# jupyter:',
    '#   kernelspec:',
    `#     name: python2${' '.repeat(n)}x`,
    '# ---',
    '',
    '# %%',
    'print "x"',
    ''
  ].join('\n');
  const t = process.hrtime.bigint();
  const { result } = lib.lintFile('a.py', text, config);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const codes = [...new Set((result.findings || []).map(f => f.ruleCode))];
  console.log(
    `header field + ${n.toLocaleString('en')} blanks: ${ms.toFixed(0)} ms  ${codes.join(' ') || '-'}`
  );
}
