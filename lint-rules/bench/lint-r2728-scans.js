#!/usr/bin/env node
'use strict';
/**
 * The scans session 23 added over user text for rounds 27 and 28 (issue #15), on long inputs
 * (each should grow linearly with N):
 *   NB104 and NB201: a course lab (Markdown "student lab notebook") of N cells, each an emptied
 *     `# TODO n -- Your code here` answer or a `x = # TODO` blank (labExerciseStart,
 *     withValueTodosFilled); one cell of N `name= # TODO` keyword blanks;
 *   NB201: one cell of N lines of 100 `#` after an empty assignment in a lab (errorFollowsFilledBlank);
 *   NB111: N `!pip` lines under `if IN_COLAB:`, and N nested `if False:` blocks (lineGuards);
 *   NB107: N unseeded estimators in one `try` whose handler prints the error (builtToShowError);
 *   NB301: N Hex preamble cells before the imports cell (isExportPreamble).
 *
 *   node bench/lint-r2728-scans.js [--lib DIR] [N ...]     default 1000 5000 10000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const { codeCell, libFromArgs, printCaseTimes } = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({ extends: 'strict' });

const SHOWN = [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }];
const markdown = source => ({ cell_type: 'markdown', metadata: {}, source });
const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const LAB = markdown(
  'Each learning objective will correspond to a __#TODO__ in this student lab notebook.'
);
const cases = n => [
  [
    'NB104 lab of n emptied answers and blanks',
    'NB104',
    [
      LAB,
      ...Array.from({ length: n }, (_, i) =>
        codeCell(
          i % 2
            ? `# TODO ${i} -- Your code here.\nprint(v${i})`
            : `v${i} = # TODO: add value ${i}`,
          i + 1,
          SHOWN
        )
      )
    ]
  ],
  [
    'NB201 lab cell of n keyword blanks',
    'NB201',
    [
      LAB,
      codeCell('# TODO 1 -- Your code here.', 1),
      codeCell(
        `run = client.run(\n${lines(n, i => `    k${i}= # TODO: value ${i}`)}\n)`,
        2,
        SHOWN
      )
    ]
  ],
  [
    'NB201 lab blank over n comment lines',
    'NB201',
    [
      LAB,
      codeCell('# TODO 1 -- Your code here.', 1),
      codeCell(
        `job = # TODO 2: Your code goes here\n${lines(n, () => '#'.repeat(100))}\n    x = 1`,
        2,
        SHOWN
      )
    ]
  ],
  [
    'NB111 n !pip lines under if IN_COLAB',
    'NB111',
    [
      codeCell(
        `if IN_COLAB:\n${lines(n, i => `    !pip install p${i}`)}\n!pip install last`,
        1,
        SHOWN
      )
    ]
  ],
  [
    'NB111 n nested if False blocks',
    'NB111',
    [
      codeCell(
        `${lines(Math.min(n, 90), i => `${' '.repeat(i)}if False:`)}\n${' '.repeat(90)}!pip install a\n${lines(n, () => '!pip install b')}`,
        1,
        SHOWN
      )
    ]
  ],
  [
    'NB107 n estimators in one try',
    'NB107',
    [
      codeCell('from sklearn.ensemble import RandomForestRegressor', 1),
      codeCell(
        `try:\n${lines(n, i => `    m${i} = RandomForestRegressor(n_estimators=${i})`)}\nexcept ValueError as e:\n    print(e)`,
        2,
        SHOWN
      )
    ]
  ],
  [
    'NB301 n Hex preamble cells',
    'NB301',
    [
      ...Array.from({ length: n }, (_, i) =>
        codeCell(`hex_v${i} = _hex_json.loads("${i}")`, i + 1)
      ),
      codeCell('import os', n + 1),
      codeCell('x = os.getcwd()', n + 2),
      codeCell('import numpy', n + 3)
    ]
  ]
];

printCaseTimes(lib, config, cases, argv.map(Number), [1000, 5000, 10000]);
