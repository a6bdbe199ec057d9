#!/usr/bin/env node
'use strict';
/**
 * How long NB201 and NB104 take over a lab's `# TODO` cells (session 21, issue #15): the prose
 * instructions blanked word by word (isInstruction), the `# FILL_IN` comments filled, the first
 * `# TODO` cell left for the learner found once (todoExerciseStart), and NB104's automagic and
 * deliberate-NameError tests asked once per cell. Each shape doubles; the time should double
 * with it, not quadruple.
 *
 *   node bench/lint-todo-cells.js [N ...]     default 10000 20000 40000
 * Shapes: one `# TODO` cell of N prose lines (a syntax error after them); one `# TODO` line of N
 * words; N `# TODO` cells of `x = # TODO`; N cells `pwd`; one cell reading N undefined names that
 * saved a NameError, under Markdown that announces one.
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const {
  codeCell,
  errorOutput,
  notebookText,
  timeLint
} = require('./notebook-text');

const config = lib.resolveConfig({ rules: { NB201: 'error', NB104: 'error' } });
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [10000, 20000, 40000]) {
  const shapes = [
    [
      'prose lines',
      [
        codeCell(
          `# TODO\n${'Create a Spark UDF from this logged model\n'.repeat(n)}x = (`
        )
      ]
    ],
    ['one long line', [codeCell(`# TODO\nApply ${'the UDF '.repeat(n)}(`)]],
    [
      'TODO cells',
      Array.from({ length: n }, (_, i) =>
        codeCell(`# TODO\nx${i} = # TODO\ny = # FILL_IN, z=# FILL_IN`)
      )
    ],
    ['pwd cells', Array.from({ length: n }, (_, i) => codeCell('pwd', i + 1))],
    [
      'NameError reads',
      [
        {
          cell_type: 'markdown',
          metadata: {},
          source: 'This raises a `NameError`.'
        },
        codeCell(Array.from({ length: n }, (_, i) => `v${i}`).join('\n'), 1, [
          errorOutput('NameError', "name 'v0' is not defined")
        ])
      ]
    ]
  ];
  for (const [label, cells] of shapes) {
    const { ms, codes } = timeLint(lib, notebookText(cells), config);
    const nb201 = codes.filter(c => c === 'NB201').length;
    const nb104 = codes.filter(c => c === 'NB104').length;
    console.log(
      `${label.padEnd(16)} N=${String(n).padStart(6)}  ${ms.toFixed(1).padStart(9)} ms  NB201 x${nb201} NB104 x${nb104}`
    );
  }
}
