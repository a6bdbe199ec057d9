#!/usr/bin/env node
'use strict';
/**
 * Where the cost over the parse floor comes from, notebook by notebook: for each notebook of a
 * corpus, the floor (read + JSON.parse + lezer parse of its code cells, as in lint-floor.js) and
 * the stages of nbcraft (readNotebook, analyzeNotebook, lintNotebook with all rules), each the
 * median wall time (µs, one thread, nothing else running in the process) of several warm passes.
 * Prints the notebooks that cost most over their floor, with their stages, and what kind of
 * notebook they are (code cells, outputs, bytes of outputs).
 *
 *   node bench/lint-per-notebook.js [passes=5] [top=15]    corpus: ../shared/corpus or NBCRAFT_BENCH_CORPUS
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const path = require('path');
const { corpusNotebooks, floor, scriptReader } = require('./lint-floor');

const corpus = path.resolve(
  process.env.NBCRAFT_BENCH_CORPUS ||
    path.join(__dirname, '..', '..', '..', 'shared', 'corpus')
);
const passes = Number(process.argv[2]) || 5;
const top = Number(process.argv[3]) || 15;
const { parser } = require('@lezer/python');
const lib = require('../lib');
const files = corpusNotebooks(lib);
const texts = files.map(f => fs.readFileSync(f, 'utf8'));
const rules = lib.resolveConfig({ extends: 'strict' }).rules;
const readScript = scriptReader(lib);

const us = fn => {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return { us: Number(process.hrtime.bigint() - t0) / 1000, out };
};
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const samples = files.map(() => ({
  floor: [],
  read: [],
  analyse: [],
  lint: []
}));
for (let pass = 0; pass <= passes; pass++) {
  files.forEach((f, i) => {
    const fl = us(() => floor([f], parser, readScript));
    const r = us(() => lib.readNotebook(f, texts[i]));
    const a = us(() => lib.analyzeNotebook(r.out));
    const l = us(() => lib.lintNotebook(r.out, rules, { analysis: a.out }));
    if (pass === 0) return; // warm-up
    const s = samples[i];
    s.floor.push(fl.us);
    s.read.push(r.us);
    s.analyse.push(a.us);
    s.lint.push(l.us);
  });
}

const rows = files.map((f, i) => {
  const s = samples[i];
  const nb = lib.readNotebook(f, texts[i]);
  const code = nb.cells.filter(c => c.kind === 'code');
  const outputs = code.reduce((n, c) => n + (c.outputs?.length ?? 0), 0);
  const sourceBytes = code.reduce((n, c) => n + c.source.length, 0);
  const row = {
    file: path.relative(corpus, f),
    bytes: texts[i].length,
    sourceBytes,
    cells: nb.cells.length,
    code: code.length,
    outputs,
    floor: median(s.floor),
    read: median(s.read),
    analyse: median(s.analyse),
    lint: median(s.lint)
  };
  row.total = row.read + row.analyse + row.lint;
  row.excess = row.total - row.floor;
  return row;
});

const sum = key => rows.reduce((n, r) => n + r[key], 0);
const ms = x => (x / 1000).toFixed(1);
console.log(
  `corpus: ${corpus}, ${rows.length} notebooks; median wall µs of ${passes} warm passes per notebook`
);
console.log(
  `sums (ms): floor ${ms(sum('floor'))}, read ${ms(sum('read'))}, analyse ${ms(sum('analyse'))}, lint ${ms(sum('lint'))}; total ${ms(sum('total'))} = ${(sum('total') / sum('floor')).toFixed(2)}x the floor`
);
const byExcess = [...rows].sort((a, b) => b.excess - a.excess);
const excessTotal = sum('excess');
let cumulative = 0;
console.log(
  `top ${top} by cost over their floor (ms; share of the corpus' excess, cumulative):`
);
console.log(
  '  excess  share  cum%  ratio   floor    read analyse    lint  bytes(KB) src(KB) cells code outs  file'
);
for (const r of byExcess.slice(0, top)) {
  cumulative += r.excess;
  console.log(
    `  ${ms(r.excess).padStart(6)} ${((100 * r.excess) / excessTotal).toFixed(1).padStart(5)}% ${((100 * cumulative) / excessTotal).toFixed(0).padStart(4)}% ${(r.total / r.floor).toFixed(1).padStart(5)}x ${ms(r.floor).padStart(7)} ${ms(r.read).padStart(7)} ${ms(r.analyse).padStart(7)} ${ms(r.lint).padStart(7)} ${(r.bytes / 1024).toFixed(0).padStart(10)} ${(r.sourceBytes / 1024).toFixed(0).padStart(7)} ${String(r.cells).padStart(5)} ${String(r.code).padStart(4)} ${String(r.outputs).padStart(4)}  ${r.file}`
  );
}
