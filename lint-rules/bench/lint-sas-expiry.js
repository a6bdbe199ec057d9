#!/usr/bin/env node
'use strict';
/**
 * How long the two scans session 21 added take on their worst inputs:
 * - NB403 (azure-sas-token) reads a token's whole query around each match to find its `sp` and
 *   `se` (support/sasToken.ts `sasFields`), at most 1,024 characters each way: one line of N expired
 *   read-only tokens run together with `&` (every match's window is full), and the same tokens one
 *   a line (a cell of N lines), and N joined by `,` on one line (each token's own query is cut
 *   out of its window at the joins);
 * - NB604 (databricks-run-dependency) looks once per notebook for the last cell that may read a
 *   name a `%run` left behind: a `%run` in the first of N cells, the second a line holding
 *   `=!` 5N times.
 *
 *   node bench/lint-sas-expiry.js [--lines-only] [N ...]     default 1000 2000 4000
 * The notebook is read and analysed untimed; the time is the rule alone, CPU ms. In "one query"
 * every token is reported (its query gives sp and se more than once, so none is judged expired):
 * what grows faster than the line there is placing N findings on one line, as on main before the
 * expiry check (session 21: 2,000 tokens 2.9 s on main, 2.0 s with it; "a line each" stays flat).
 * The expiry check itself reads at most 2,048 characters per token.
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { oneCellNotebook } = require('./notebook-text');

const ruleById = id =>
  lib
    .resolveConfig({ extends: 'strict' })
    .rules.filter(r => r.rule.meta.id === id);

function time(nb, rules, code) {
  const analysis = lib.analyzeNotebook(nb);
  const c0 = process.cpuUsage();
  const result = lib.lintNotebook(nb, rules, { analysis });
  const c = process.cpuUsage(c0);
  const findings = (result.findings || result).filter(
    f => f.ruleCode === code
  ).length;
  return { ms: (c.user + c.system) / 1000, findings };
}

const token = k =>
  `sp=rl&se=2020-01-01&sv=2018-03-28&sig=GTLU0g3pajgz4dpGUhOpJHBk${String(k).padStart(8, '0')}%3D`;
const sas = ruleById('azure-sas-token');
const run = ruleById('databricks-run-dependency');
const args = process.argv.slice(2);
// `--lines-only`: leave out the one-query case (its findings' placement dominates at large N)
const linesOnly = args.includes('--lines-only');
const sizes = args.filter(a => a !== '--lines-only').map(Number);
for (const n of sizes.length ? sizes : [1000, 2000, 4000]) {
  const tokens = Array.from({ length: n }, (_, k) => token(k));
  const cases = [
    ['one query', `url = "?${tokens.join('&')}"`],
    ['a line each', tokens.map(t => `u = "?${t}"`).join('\n')],
    // tokens joined by `,` on one line: each read by its own query (JOIN), every match's window full
    ['joined by ,', `url = "${tokens.join(',')}"`]
  ];
  for (const [label, source] of linesOnly ? cases.slice(1) : cases) {
    const nb = lib.readNotebook('a.ipynb', oneCellNotebook(source));
    const { ms, findings } = time(nb, sas, 'NB403');
    console.log(
      `NB403 ${String(n).padStart(6)} tokens, ${label.padEnd(11)} ${String(source.length).padStart(9)} chars ${ms.toFixed(0).padStart(7)} ms  ${findings} findings`
    );
  }
  const cells = [
    {
      cell_type: 'code',
      source: '%run ./Includes/Classroom-Setup',
      metadata: {},
      outputs: [],
      execution_count: null
    },
    {
      // one long line holding "=!" 5N times and no $ or {: the shell-line test tries line
      // starts only (tried after every "=", it read the rest of the line 5N times)
      cell_type: 'code',
      source: `s = "${'=!x '.repeat(n * 5)}"\nb = !ls`,
      metadata: {},
      outputs: [],
      execution_count: null
    },
    ...Array.from({ length: n }, (_, k) => ({
      cell_type: 'code',
      source: `x${k} = ${k}\nprint(x${k})`,
      metadata: {},
      outputs: [],
      execution_count: null
    }))
  ];
  const text = JSON.stringify({
    cells,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
  const { ms, findings } = time(
    lib.readNotebook('a.ipynb', text),
    run,
    'NB604'
  );
  console.log(
    `NB604 ${String(n + 2).padStart(6)} cells, %run in the first        ${ms.toFixed(0).padStart(7)} ms  ${findings} findings`
  );
}
