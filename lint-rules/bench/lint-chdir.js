#!/usr/bin/env node
'use strict';
/**
 * How long NB110 (working-directory-change) takes on many `os.chdir` calls in one scope. Whether a
 * call is undone by a later change back to a saved directory depends only on the scope around it
 * (its function, else its cell), and was worked out again for every call: a rescan of the scope's
 * text per call, quadratic in the number of calls (10^4 calls in one cell). It is worked out once
 * per scope now, so the time grows with the number of calls.
 *
 *   node bench/lint-chdir.js [--lib DIR] [N ...]     default 1000 10000; DIR: another build's lib
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const { codeNotebook, timeLint, libFromArgs } = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({
  extends: 'recommended',
  rules: { 'working-directory-change': 'warn' }
});
const calls = (n, indent) =>
  Array.from({ length: n }, (_, i) => `${indent}os.chdir(d${i % 7})`).join(
    '\n'
  );
const cases = n => [
  ['n chdir calls in one cell', ['import os', calls(n, '')]],
  [
    'n chdir calls in one function',
    ['import os', `def go():\n${calls(n, '    ')}\n    os.chdir(here)`]
  ],
  [
    'n calls, cell saves and goes back',
    ['import os', `here = os.getcwd()\n${calls(n, '')}\nos.chdir(here)`]
  ]
];
const sizes = argv.map(Number);
for (const n of sizes.length ? sizes : [1000, 10000]) {
  for (const [name, sources] of cases(n)) {
    const { ms, codes } = timeLint(lib, codeNotebook(sources), config);
    const nb110 = codes.filter(c => c === 'NB110').length;
    console.log(
      `${name.padEnd(36)} ${String(n).padStart(6)}  ${ms.toFixed(1).padStart(9)} ms  NB110 x${nb110}`
    );
  }
}
