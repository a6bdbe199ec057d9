#!/usr/bin/env node
'use strict';
/**
 * How long NB108 takes on a failed cell whose function header is followed by many blank lines
 * (a saved "IndentationError: expected an indented block"): the exercise check looks for a blank's
 * comment below `def f(x):`. A regex with `\s*` nested in a repeated group over `\n` backtracked
 * exponentially there (attack review of s17-strict2: 24 blank lines 14.4 s, twice as long per
 * line); the line walk grows with the cell's length. And a failing line that unpacks into N names
 * above N/5 cells that each read 900 other names: whether a cell below reads a bound name was a
 * walk of every cell below per name (attack review of s18-r16: a 5 MB notebook 23 s); one walk for
 * all the names grows with the notebook's size. And (s19) a failure under Markdown of N debugging
 * question openers that never reach a question mark ("why does it ", "what is wrong "): each
 * asksWhyItFails form reads at most 120 characters past its start.
 *
 *   node bench/lint-expected-failure.js [N ...]     default 24 10000 (and 1000 2000 4000 names)
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require(process.env.NBCRAFT_LIB || '../lib');
const {
  codeCell: code,
  errorOutput,
  notebookText,
  timeLint
} = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'strict' });
const md = source => ({ cell_type: 'markdown', metadata: {}, source });
const indentationError = errorOutput(
  'IndentationError',
  'expected an indented block after function definition on line 1'
);
const cases = {
  'NB108 def + {n} blank lines, IndentationError saved': n => [
    md('# Exercise\nImplement `f`'),
    code('def f(x):' + '\n'.repeat(n) + '    pass_ = 1', 1, [indentationError])
  ],
  'NB108 Markdown of {n} "why does it fail " above a failure': n => [
    md('why does it fail '.repeat(n)),
    code('x = 1\nf(x)', 1, [errorOutput('ValueError', 'bad')]),
    code('print(1)', 2)
  ],
  'NB108 Markdown of {n} "what is wrong " above a failure': n => [
    md('what is wrong '.repeat(n)),
    code('x = 1\nf(x)', 1, [errorOutput('ValueError', 'bad')]),
    code('print(1)', 2)
  ],
  'NB108 def + {n} comment lines, IndentationError saved': n => [
    md('# Exercise\nImplement `f`'),
    code('def f(x):' + '\n# note'.repeat(n) + '\n    pass_ = 1', 1, [
      indentationError
    ])
  ]
};
const unpacking = n => {
  const names = Array.from({ length: n }, (_, i) => `a${i}`).join(', ');
  const body = Array.from({ length: 300 }, (_, j) => `z${j} = y${j} + w${j}`);
  return [
    md('# X'),
    code('def f():\n    raise ValueError()', 1),
    code(`# Why does the unpacking fail here?\n${names} = f()`, 2, [
      {
        ...errorOutput('ValueError', 'bad'),
        traceback: [`----> 2 ${names} = f()`]
      }
    ]),
    ...Array.from({ length: n / 5 }, (_, k) => code(body.join('\n'), 3 + k))
  ];
};
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [1000, 2000, 4000]) {
  const { ms, codes: found } = timeLint(
    lib,
    notebookText(unpacking(n)),
    config
  );
  const codes = [...new Set(found.filter(c => c === 'NB108'))];
  console.log(
    `NB108 ${n.toLocaleString('en')} names unpacked by the failing line, ${n / 5} cells below: ${ms.toFixed(0)} ms  ${codes.join(' ') || '-'}`
  );
}
for (const n of sizes.length ? sizes : [24, 10000]) {
  for (const [label, make] of Object.entries(cases)) {
    const { ms, codes: found } = timeLint(lib, notebookText(make(n)), config);
    const codes = [
      ...new Set(found.filter(c => c === 'NB108' || c === 'NB201'))
    ];
    console.log(
      `${label.replace('{n}', n.toLocaleString('en'))}: ${ms.toFixed(0)} ms  ${codes.join(' ') || '-'}`
    );
  }
}
