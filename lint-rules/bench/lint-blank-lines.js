#!/usr/bin/env node
'use strict';
/**
 * How long NB102 and NB603 take on cells of many blank lines and on a Markdown line of many '#':
 * their comment and "optional" patterns read one line at a time, so the time grows with the
 * length (s13-prec2's `^\s*#` under the `m` flag crossed lines: 100,000 newlines took 22 s).
 *
 *   node bench/lint-blank-lines.js [N ...]     default 10000 100000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { codeCell: code, notebookText, timeLint } = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'strict' });
const md = source => ({ cell_type: 'markdown', metadata: {}, source });
const ran = code('print(1)', 1, [
  { output_type: 'stream', name: 'stdout', text: ['1\n'] }
]);
const cases = {
  'NB102 unrun cell, {n} newlines': n => [
    ran,
    code('x = 1' + '\n'.repeat(n), null),
    code('y = 2', 2)
  ],
  "NB102 Markdown of {n} '#' above": n => [
    ran,
    md('#'.repeat(n)),
    code('x = 1', null),
    code('y = 2', 2)
  ],
  'NB102 Markdown of {n} newlines above': n => [
    ran,
    md('\n'.repeat(n) + 'x'),
    code('x = 1', null),
    code('y = 2', 2)
  ],
  'NB603 %pip + {n} newlines': n => [
    code('import pandas', 1),
    code('%pip install pandas' + '\n'.repeat(n), 2)
  ]
};
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [10000, 100000]) {
  for (const [label, make] of Object.entries(cases)) {
    const { ms, codes: found } = timeLint(lib, notebookText(make(n)), config);
    const codes = [
      ...new Set(found.filter(c => c === 'NB102' || c === 'NB603'))
    ];
    console.log(
      `${label.replace('{n}', n.toLocaleString('en'))}: ${ms.toFixed(0)} ms  ${codes.join(' ') || '-'}`
    );
  }
}
