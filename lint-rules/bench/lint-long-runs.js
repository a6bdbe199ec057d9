#!/usr/bin/env node
'use strict';
/**
 * How long a lint takes on three hostile long runs an attack review of session 17's merges found
 * quadratic (each grew 4-5x per doubling):
 *   - NB108: `def softmax(x):` then one line of N spaces and a character, an IndentationError
 *     saved (the body-line check's two `[ \t]*` tried every split of the run);
 *   - NB201/NB108: a cell of N blank lines (the blank-comment regex's `^\s*` under the `m` flag
 *     re-read every blank line after each one);
 *   - star aliases: N `from sklearn.model_selection import *` lines (each star import was tested
 *     against every other).
 *
 *   node bench/lint-long-runs.js [--lib DIR] [N ...]     default lib, 5000 10000 20000 40000
 * Compare with main's build: --lib /tmp/old/lint-rules/lib. Not a test; prints numbers.
 * Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.json
 */
const {
  codeCell: code,
  errorOutput,
  notebookText,
  timeLint,
  libFromArgs
} = require('./notebook-text');

const args = process.argv.slice(2);
const { lib, libDir } = libFromArgs(args);
const config = lib.resolveConfig({ extends: 'strict' });
const indentationError = errorOutput(
  'IndentationError',
  'expected an indented block'
);
const nameError = errorOutput('NameError', "name 'y' is not defined");
const cases = {
  'def + one line of {n} spaces then y (NB108)': n => [
    code('def softmax(x):\n' + ' '.repeat(n) + 'y\n', 1, [indentationError])
  ],
  '{n} blank lines, then a NameError cell (NB201/NB108)': n => [
    code(' \n'.repeat(n) + 'x = 1', 1),
    code('print(y)', 2, [nameError])
  ],
  '{n} star imports of sklearn.model_selection': n => [
    code(
      'from sklearn.model_selection import *\n'.repeat(n) +
        'x = train_test_split(1)',
      1
    )
  ]
};
const sizes = args.map(Number);
console.log(`lib: ${libDir}`);
for (const [label, make] of Object.entries(cases)) {
  for (const n of sizes.length ? sizes : [5000, 10000, 20000, 40000]) {
    const { ms } = timeLint(lib, notebookText(make(n)), config);
    console.log(
      `${label.replace('{n}', n.toLocaleString('en'))}: ${ms.toFixed(0)} ms`
    );
  }
}
