#!/usr/bin/env node
'use strict';
/**
 * How long the recommended rules take on `# noqa` comments in one statement over many lines, the
 * case the review of s14-py2 found quadratic (RG1 mk3.py: a dict of N lines each ending in
 * `# noqa`; N = 2000 took 23.8 s and 1.9 GB then). Each comment's selector is built once and its
 * statement's lines stored as one range, so the time grows with N. Also N one-line imports, each
 * `# noqa: F401`, and N lines each with a finding a noqa covers (NB210 under `# noqa: E711`).
 *
 *   node bench/lint-noqa.js [N ...]     default 1000 4000 16000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { codeNotebook, timeLint } = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'recommended' });
const cases = n => [
  [
    'dict of n lines, # noqa on each',
    [
      'd = {\n' +
        Array.from(
          { length: n },
          (_, i) => `    'k${i}': ${i},  # noqa\n`
        ).join('') +
        '}\n'
    ]
  ],
  [
    'n imports, # noqa: F401 on each',
    [
      Array.from({ length: n }, (_, i) => `import m${i}  # noqa: F401`).join(
        '\n'
      )
    ]
  ],
  [
    'call of n lines, x == None on each',
    [
      'x = None\nprint(\n' +
        Array.from({ length: n }, () => '    x == None,  # noqa: E711\n').join(
          ''
        ) +
        ')\n'
    ]
  ]
];
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [1000, 4000, 16000]) {
  for (const [name, sources] of cases(n)) {
    const { ms, codes: found } = timeLint(lib, codeNotebook(sources), config);
    const codes = [...new Set(found)];
    console.log(
      `${name.padEnd(36)} ${String(n).padStart(7)}  ${ms.toFixed(1).padStart(9)} ms  ${codes.join(',') || '-'}`
    );
  }
}
