#!/usr/bin/env node
'use strict';
/**
 * Timings of the scans session 20's precision fixes added (issue #15, rounds 19 and 20), each
 * on inputs that grow, to show each grows linearly:
 * - NB103/NB104's loop-carried reads (support/loopCarried.ts): N names read under `if i > 1` in
 *   one loop and bound at its end (each read walks up to its loop; the loop's bindings are
 *   looked up by binary search), and the same in N nested loops (deep nesting); (s21) an `elif`
 *   chain of N/10 branches in one loop, each reading a carried name (each chain's tests are
 *   evaluated once for the first iteration, each read finds its branch by binary search);
 * - the Databricks reader's PEP 723 block (`# /// script` ... `# ///`): N lines in the block,
 *   closed and never closed (read once either way);
 * - NB307's "outputs" member in a notebook saved as one line (support/fileSpan.ts
 *   locateJsonMember): a cell whose source says `"outputs":` N times (escaped in the file);
 * - NB504's MinIO defaults: N cells that set AWS_ variables with a localhost endpoint;
 * - (s22) NB104's functions no cell references (support/uncalledDefinitions.ts
 *   unreferencedFunctions: one count of words over every code cell, one over each definition's
 *   own text, a binary search per read): N never-called functions in one cell, each reading an
 *   unknown name, beside one called function; N cells of one such function each; one such
 *   function reading N unknown names.
 *
 *   node bench/lint-loop-carried.js [--lib DIR] [N ...]     default 1000 10000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const {
  codeCell,
  notebookText,
  timeLint,
  libFromArgs
} = require('./notebook-text');

const argv = process.argv.slice(2);
const { lib } = libFromArgs(argv);
const config = lib.resolveConfig({ extends: 'strict' });

function timeScript(text) {
  const t = process.hrtime.bigint();
  const { result } = lib.lintFile('a.py', text, config);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, codes: (result.findings || []).map(f => f.ruleCode) };
}

const range = n => Array.from({ length: n }, (_, i) => i);
const cases = size => {
  let n = size;
  return [
    [
      'n/10 elif branches, each reading a carried name',
      () => {
        const m = Math.round(n / 10);
        return timeLint(
          lib,
          notebookText([
            codeCell(
              'for i in range(9):\n    if i == -1:\n        pass\n' +
                range(m)
                  .map(k => `    elif i > ${k + 1}:\n        print(q${k})\n`)
                  .join('') +
                range(m)
                  .map(k => `    q${k} = i\n`)
                  .join('')
            )
          ]),
          config
        );
      }
    ],
    [
      'n loop-carried reads in one loop',
      () =>
        timeLint(
          lib,
          notebookText([
            codeCell(
              'for i in range(9):\n    if i > 1:\n' +
                range(n)
                  .map(k => `        print(p${k})\n`)
                  .join('') +
                range(n)
                  .map(k => `    p${k} = i\n`)
                  .join('')
            ),
            codeCell(
              range(n)
                .map(k => `p${k} = 0`)
                .join('\n')
            )
          ]),
          config
        )
    ],
    [
      'a loop-carried read in n/10 nested loops',
      () => {
        n = Math.floor(n / 10);
        const pad = k => ' '.repeat(4 * k);
        const lines = range(n).map(k => `${pad(k)}for i${k} in range(2):`);
        lines.push(`${pad(n)}if i${n - 1} > 0:`, `${pad(n + 1)}print(prev)`);
        lines.push(`${pad(n)}prev = i0`);
        return timeLint(
          lib,
          notebookText([codeCell(lines.join('\n')), codeCell('prev = 0')]),
          config
        );
      }
    ],
    [
      'PEP 723 block of n lines, closed',
      () =>
        timeScript(
          [
            '# Databricks notebook source',
            '# /// script',
            ...range(n).map(k => `# key${k} = "${k}"`),
            '# ///',
            '# MAGIC %md # Title',
            '',
            '# COMMAND ----------',
            'x = 1'
          ].join('\n')
        )
    ],
    [
      'PEP 723 block of n lines, never closed',
      () =>
        timeScript(
          [
            '# Databricks notebook source',
            '# /// script',
            ...range(n).map(k => `# key${k} = "${k}"`),
            'x = 1'
          ].join('\n')
        )
    ],
    [
      'one-line notebook, n "outputs": in a source',
      () =>
        timeLint(
          lib,
          notebookText([
            codeCell(
              range(n)
                .map(() => 'print(\'"outputs": [\')')
                .join('\n'),
              1,
              [
                {
                  output_type: 'stream',
                  name: 'stdout',
                  text: ['x'.repeat(n * 200)]
                }
              ]
            )
          ]),
          config
        )
    ],
    [
      'n cells setting AWS_ with a local endpoint',
      () =>
        timeLint(
          lib,
          notebookText(
            range(n).map(k =>
              codeCell(
                `import os\nos.environ["AWS_ACCESS_KEY_ID"] = "minio"\nos.environ["AWS_SECRET_ACCESS_KEY"] = "minio${k}"\nos.environ["MLFLOW_S3_ENDPOINT_URL"] = "http://localhost:9000"`
              )
            )
          ),
          config
        )
    ],
    [
      'n never-called functions in one cell (NB104)',
      () =>
        timeLint(
          lib,
          notebookText([
            codeCell(
              range(n)
                .map(k => `def sketch${k}(a):\n    return a + missing${k}\n`)
                .join('') + 'def used(a):\n    return a\n\nused(1)'
            )
          ]),
          config
        )
    ],
    [
      'n cells of a never-called function (NB104)',
      () =>
        timeLint(
          lib,
          notebookText([
            ...range(n).map(k =>
              codeCell(`def sketch${k}(a):\n    return a + missing${k}`)
            ),
            codeCell('def used(a):\n    return a\n\nused(1)')
          ]),
          config
        )
    ],
    [
      'one never-called function, n unknown names',
      () =>
        timeLint(
          lib,
          notebookText([
            codeCell(
              'def sketch(a):\n' +
                range(n)
                  .map(k => `    a = a + missing${k}\n`)
                  .join('') +
                '    return a\n\ndef used(a):\n    return a\n\nused(1)'
            )
          ]),
          config
        )
    ]
  ].map(([name, run]) => [name, () => ((n = size), run())]);
};
const sizes = argv.map(Number);
for (const n of sizes.length ? sizes : [1000, 10000]) {
  for (const [name, run] of cases(n)) {
    const { ms, codes } = run();
    console.log(
      `${name.padEnd(44)} ${String(n).padStart(6)}  ${ms.toFixed(1).padStart(9)} ms  findings ${codes.length}`
    );
  }
}
