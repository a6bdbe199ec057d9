#!/usr/bin/env node
'use strict';
/**
 * The floor of `nbcraft lint` on ../shared/corpus (or NBCRAFT_BENCH_CORPUS): the work no linter of notebooks can skip here,
 * i.e. read every file, JSON.parse each .ipynb and parse every code cell with @lezer/python.
 *
 *   node bench/lint-floor.js [passes]   in one process, stage by stage: the floor, then
 *                                       readNotebook, analyzeNotebook (mask, parse, scope,
 *                                       dataflow) and lintNotebook (all rules); median CPU ms of
 *                                       several passes after a warm-up pass (CPU time, because
 *                                       wall time on a loaded machine mostly measures the wait
 *                                       for a core), plus the cold first pass
 *   node bench/lint-floor.js --process  one cold pass of the floor only, then exit: what a
 *                                       process doing nothing but the floor costs (node start-up
 *                                       included), to set beside `nbcraft lint` and `ruff check`
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const path = require('path');

// NBCRAFT_BENCH_CORPUS=DIR measures another folder (e.g. /tmp/lq-corpus, 596 fetched notebooks)
const corpus = path.resolve(
  process.env.NBCRAFT_BENCH_CORPUS ||
    path.join(__dirname, '..', '..', '..', 'shared', 'corpus')
);

/** the notebooks the corpus benchmark lints: .ipynb, and .py with notebook markers, outside bad-input */
function corpusNotebooks(lib, dir = corpus) {
  const files = [];
  (function walk(d) {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (fs.statSync(p).isDirectory()) {
        if (n !== 'bad-input') walk(p);
      } else if (
        /\.(ipynb|py)$/.test(n) &&
        lib.isNotebookPath(p, fs.readFileSync(p, 'utf8'))
      ) {
        files.push(p);
      }
    }
  })(dir);
  return files;
}

/** the code cells' sources of a script notebook (Databricks, percent), as `floor` reads them */
const scriptReader = lib => (f, text) =>
  lib
    .readNotebook(f, text)
    .cells.filter(c => c.kind === 'code')
    .map(c => c.source);

/** read + JSON.parse + lezer parse of each code cell; returns the number of code cells parsed */
function floor(files, parser, readScript) {
  let cells = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    let sources;
    if (f.endsWith('.ipynb')) {
      const json = JSON.parse(text);
      sources = (json.cells || [])
        .filter(c => c.cell_type === 'code')
        .map(c =>
          Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')
        );
    } else {
      sources = readScript(f, text); // Databricks / percent scripts: splitting is the reading
    }
    for (const s of sources) {
      parser.parse(s);
      cells++;
    }
  }
  return cells;
}

const cpuMs = fn => {
  const c0 = process.cpuUsage();
  const out = fn();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, out };
};
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main() {
  if (!fs.existsSync(corpus)) {
    console.log(`SKIPPED: ${corpus} is absent`);
    return;
  }
  const { parser } = require('@lezer/python');
  if (process.argv[2] === '--process') {
    // the file list comes from the parent (one path a line on stdin), so this process loads only lezer
    const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
    const lib = files.some(f => !f.endsWith('.ipynb'))
      ? require('../lib/notebook')
      : null;
    const cells = floor(files, parser, (f, text) =>
      lib
        .readNotebook(f, text)
        .cells.filter(c => c.kind === 'code')
        .map(c => c.source)
    );
    console.log(cells);
    return;
  }
  const passes = Number(process.argv[2]) || 5;
  const lib = require('../lib');
  const files = corpusNotebooks(lib);
  const texts = files.map(f => fs.readFileSync(f, 'utf8'));
  const readScript = scriptReader(lib);
  const readAll = () => texts.map((t, i) => lib.readNotebook(files[i], t));
  const rules = lib.resolveConfig({ extends: 'strict' }).rules;

  const stages = {
    floor: [],
    readNotebook: [],
    analyzeNotebook: [],
    lintRules: [],
    total: []
  };
  let codeCells = 0;
  let findings = 0;
  for (let pass = 0; pass <= passes; pass++) {
    const f = cpuMs(() => floor(files, parser, readScript));
    codeCells = f.out;
    const r = cpuMs(readAll);
    const a = cpuMs(() => r.out.map(nb => lib.analyzeNotebook(nb)));
    const l = cpuMs(() =>
      r.out.reduce(
        (n, nb, i) =>
          n + lib.lintNotebook(nb, rules, { analysis: a.out[i] }).length,
        0
      )
    );
    findings = l.out;
    if (pass === 0) {
      console.log(
        `cold first pass (JIT warm-up): floor ${f.ms.toFixed(0)} ms; then read ${r.ms.toFixed(0)} ms, analyse ${a.ms.toFixed(0)} ms, lint ${l.ms.toFixed(0)} ms`
      );
      continue;
    }
    stages.floor.push(f.ms);
    stages.readNotebook.push(r.ms);
    stages.analyzeNotebook.push(a.ms);
    stages.lintRules.push(l.ms);
    stages.total.push(r.ms + a.ms + l.ms);
  }
  console.log(
    `corpus: ${files.length} notebooks, ${codeCells} code cells; median CPU ms of ${passes} warm passes, one thread`
  );
  console.log(
    `  floor (read + JSON.parse + lezer parse of code cells): ${median(stages.floor).toFixed(0)} ms`
  );
  console.log(
    `  readNotebook (all files):                             ${median(stages.readNotebook).toFixed(0)} ms`
  );
  console.log(
    `  analyzeNotebook (mask, parse, scope, dataflow):       ${median(stages.analyzeNotebook).toFixed(0)} ms`
  );
  console.log(
    `  lintNotebook, all rules (analysis given):             ${median(stages.lintRules).toFixed(0)} ms (${findings} findings)`
  );
  console.log(
    `  read + analyse + lint:                                ${median(stages.total).toFixed(0)} ms = ${(median(stages.total) / median(stages.floor)).toFixed(2)}x the floor`
  );
}

module.exports = { corpusNotebooks, floor, scriptReader };
if (require.main === module) {
  main();
}
