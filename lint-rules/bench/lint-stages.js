#!/usr/bin/env node
'use strict';
/**
 * Steady-state cost of each stage of `nbcraft lint`, in one process: many passes over a corpus,
 * each stage timed apart (CPU ms: the floor, readNotebook, masking, parseMasked, the scope pass
 * alone, analyzeNotebook, lintNotebook with every rule), and the medians of the LAST half of the
 * passes, once V8 has compiled the hot code (`lint-floor.js` takes the medians of the first warm
 * passes, which still include compilation). To compare two builds, run it on each, alternately.
 *
 *   node bench/lint-stages.js [LIBDIR=lib] [passes=16] [corpus=../shared/corpus]
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const path = require('path');
const { parser } = require('@lezer/python');

const lib = require(
  path.resolve(process.argv[2] || path.join(__dirname, '..', 'lib'))
);
const passes = Number(process.argv[3]) || 16;
const corpus = path.resolve(
  process.argv[4] ||
    process.env.NBCRAFT_BENCH_CORPUS ||
    path.join(__dirname, '..', '..', '..', 'shared', 'corpus')
);
const { corpusNotebooks, floor, scriptReader } = require('./lint-floor');

const files = corpusNotebooks(lib, corpus);
const texts = files.map(f => fs.readFileSync(f, 'utf8'));
const rules = lib.resolveConfig({ extends: 'strict' }).rules;
const readScript = scriptReader(lib);
const cpu = fn => {
  const c0 = process.cpuUsage();
  const out = fn();
  const c = process.cpuUsage(c0);
  return [out, (c.user + c.system) / 1000];
};

const rows = [];
for (let p = 0; p < passes; p++) {
  const [, floorMs] = cpu(() => floor(files, parser, readScript));
  const [nbs, read] = cpu(() =>
    texts.map((t, i) => lib.readNotebook(files[i], t))
  );
  const cells = nbs.flatMap(nb => nb.cells.filter(lib.isPythonCodeCell));
  const [masked, mask] = cpu(() =>
    cells.map(c => lib.maskIPythonSyntax(c.source))
  );
  const [parsed, parse] = cpu(() => masked.map(m => lib.parseMasked(m)));
  const [, scope] = cpu(() => parsed.map(p => lib.analyzeParsed(p)));
  const [analyses, analyzeNotebook] = cpu(() =>
    nbs.map(nb => lib.analyzeNotebook(nb))
  );
  const [, lint] = cpu(() =>
    nbs.forEach((nb, i) =>
      lib.lintNotebook(nb, rules, { analysis: analyses[i] })
    )
  );
  rows.push({
    floor: floorMs,
    read,
    mask,
    parse,
    scope,
    analyzeNotebook,
    lint,
    ratio: (read + analyzeNotebook + lint) / floorMs
  });
}
const median = key => {
  const xs = rows
    .slice(passes >> 1)
    .map(r => r[key])
    .sort((a, b) => a - b);
  return xs[xs.length >> 1];
};
console.log(
  `${files.length} notebooks of ${corpus}; CPU ms, medians of the last ${passes - (passes >> 1)} of ${passes} passes:`
);
console.log(
  Object.keys(rows[0])
    .map(k => `${k} ${median(k).toFixed(k === 'ratio' ? 2 : 0)}`)
    .join(' | ')
);
