#!/usr/bin/env node
'use strict';
/**
 * How long NB305 (missing-title) and NB101 (non-linear-execution) take on a long first line or
 * cell line that fails at its end: NB305's naming comment (`# a` + N blanks + `x`: the s17-r13b
 * pattern's lazy name group backtracked over every run of blanks, 20k blanks 1.8 s, 100k about
 * 45 s; now one linear search for the dash over at most 300 characters), and NB101's listing
 * (`!ls` + N options + `$x`: 41 s at 100k characters before, an options group ahead of the
 * paths split the words every way) and clean-up (`!rm` + N options + `$x`, N paths + `*`) lines;
 * and NB305's badge lines above a bold name (s19: BADGE_LINE over N/100 linked images on one line
 * ending in words, and N/100 badge lines in one first cell). Each line's time should grow with N,
 * not with its square.
 *
 *   node bench/lint-title-listing-lines.js [N ...]     default 10000 100000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { codeCell, notebookText, timeLint } = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'strict' });
const md = source => ({ cell_type: 'markdown', metadata: {}, source });
const BADGE = '[![b](https://img.shields.io/b.svg)](https://x.org)';
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [10000, 100000]) {
  for (const [label, cells] of [
    [
      'NB305 # a+blanks+x',
      [
        codeCell('# a' + ' '.repeat(n) + 'x'),
        codeCell('x = load()'),
        codeCell('train(x)')
      ]
    ],
    [
      'NB305 # a+blanks+-',
      [
        codeCell('# a' + ' '.repeat(n) + '- '),
        codeCell('x = load()'),
        codeCell('train(x)')
      ]
    ],
    [
      'NB305 badges+words',
      [
        md(`${`${BADGE} `.repeat(n / 50)}words\n\n**Name**\n\nIntro.`),
        codeCell('x = load()'),
        codeCell('train(x)')
      ]
    ],
    [
      'NB305 badge lines',
      [
        md(`${`${BADGE}\n`.repeat(n / 50)}\n**Name**\n\nIntro.`),
        codeCell('x = load()'),
        codeCell('train(x)')
      ]
    ],
    [
      'NB101 !ls+opts+$x',
      [codeCell('!ls' + ' -a'.repeat(n / 3) + ' $x', 9), codeCell('y = 1', 3)]
    ],
    [
      'NB101 !ls+paths+|',
      [codeCell('!ls' + ' a/b'.repeat(n / 4) + ' |', 9), codeCell('y = 1', 3)]
    ],
    [
      'NB101 !rm+opts+$x',
      [codeCell('!rm' + ' -r'.repeat(n / 3) + ' $x', 9), codeCell('y = 1', 3)]
    ],
    [
      'NB101 !rm+paths+*',
      [
        codeCell('!rm -rf' + ' a/b'.repeat(n / 4) + ' *', 9),
        codeCell('y = 1', 3)
      ]
    ]
  ]) {
    const nb = notebookText(cells);
    const { ms, codes } = timeLint(lib, nb, config);
    const line = cells[0].source;
    console.log(
      `${label.padEnd(20)} ${String(line.length).padStart(7)} chars  ${ms.toFixed(1).padStart(8)} ms  ${codes.filter(c => c === 'NB305' || c === 'NB101').join(',') || '-'}`
    );
  }
}
