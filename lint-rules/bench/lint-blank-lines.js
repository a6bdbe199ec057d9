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

const config = lib.resolveConfig({ extends: 'strict' });
const code = (source, count, outputs = []) => ({
  cell_type: 'code',
  metadata: {},
  execution_count: count,
  outputs,
  source
});
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
    const nb = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python' } },
      cells: make(n).map((c, i) => ({ id: `c${i}`, ...c }))
    });
    const t = process.hrtime.bigint();
    const { result } = lib.lintFile('a.ipynb', nb, config);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const codes = [
      ...new Set(
        (result.findings || [])
          .map(f => f.ruleCode)
          .filter(c => c === 'NB102' || c === 'NB603')
      )
    ];
    console.log(
      `${label.replace('{n}', n.toLocaleString('en'))}: ${ms.toFixed(0)} ms  ${codes.join(' ') || '-'}`
    );
  }
}
