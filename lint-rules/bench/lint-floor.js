#!/usr/bin/env node
'use strict';
/**
 * The floor of `nbcraft lint` on ../shared/corpus, in one process, stage by stage (median CPU time
 * of several passes after a warm-up pass; CPU time, because wall time on a loaded machine mostly
 * measures the wait for a core):
 *   floor  = read every file + JSON.parse (.ipynb) + @lezer/python parse of every code cell
 *   then   = readNotebook, analyzeNotebook (mask + parse + scope + dataflow), lintNotebook (rules)
 * Not a test; prints numbers.
 *   cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json && node bench/lint-floor.js [passes]
 */
const fs = require('fs');
const path = require('path');
const { parser } = require('@lezer/python');

const pkg = path.join(__dirname, '..');
const corpus = path.resolve(pkg, '..', '..', 'shared', 'corpus');
const passes = Number(process.argv[2]) || 5;
if (!fs.existsSync(corpus)) {
  console.log(`SKIPPED: ${corpus} is absent`);
  process.exit(0);
}
const lib = require(path.join(pkg, 'lib'));

/** the notebooks the corpus benchmark lints (outside bad-input) */
function corpusNotebooks() {
  const files = [];
  (function walk(d) {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (fs.statSync(p).isDirectory()) {
        if (n !== 'bad-input') walk(p);
      } else if (/\.(ipynb|py)$/.test(n) && lib.isNotebookPath(p, fs.readFileSync(p, 'utf8'))) {
        files.push(p);
      }
    }
  })(corpus);
  return files;
}

const cpuMs = fn => {
  const c0 = process.cpuUsage();
  const out = fn();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, out };
};
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const files = corpusNotebooks();
const texts = files.map(f => fs.readFileSync(f, 'utf8'));

/** read + JSON.parse + lezer parse of each code cell: the work no linter of .ipynb can skip */
function floor() {
  let cells = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    let sources;
    if (f.endsWith('.ipynb')) {
      const json = JSON.parse(text);
      sources = (json.cells || [])
        .filter(c => c.cell_type === 'code')
        .map(c => (Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')));
    } else {
      sources = lib.readNotebook(f, text).cells.filter(c => c.kind === 'code').map(c => c.source);
    }
    for (const s of sources) {
      parser.parse(s);
      cells++;
    }
  }
  return cells;
}
const readAll = () => texts.map((t, i) => lib.readNotebook(files[i], t));
const rules = lib.resolveConfig({ extends: 'strict' }).rules;

const stages = { floor: [], readNotebook: [], analyzeNotebook: [], lintRules: [], total: [] };
let codeCells = 0;
let findings = 0;
for (let pass = 0; pass <= passes; pass++) {
  const f = cpuMs(floor);
  codeCells = f.out;
  const r = cpuMs(readAll);
  const a = cpuMs(() => r.out.map(nb => lib.analyzeNotebook(nb)));
  const l = cpuMs(() => r.out.reduce((n, nb, i) => n + lib.lintNotebook(nb, rules, { analysis: a.out[i] }).length, 0));
  findings = l.out;
  if (pass === 0) {
    console.log(`cold first pass (JIT warm-up): read ${r.ms.toFixed(0)} ms, analyse ${a.ms.toFixed(0)} ms, lint ${l.ms.toFixed(0)} ms; floor ${f.ms.toFixed(0)} ms`);
    continue; // warm-up (JIT)
  }
  stages.floor.push(f.ms);
  stages.readNotebook.push(r.ms);
  stages.analyzeNotebook.push(a.ms);
  stages.lintRules.push(l.ms);
  stages.total.push(r.ms + a.ms + l.ms);
}
console.log(`corpus: ${files.length} notebooks, ${codeCells} code cells; median CPU ms of ${passes} passes (after a warm-up pass), one thread`);
console.log(`  floor (read + JSON.parse + lezer parse of code cells): ${median(stages.floor).toFixed(0)} ms`);
console.log(`  readNotebook (all files):                             ${median(stages.readNotebook).toFixed(0)} ms`);
console.log(`  analyzeNotebook (mask, parse, scope, dataflow):       ${median(stages.analyzeNotebook).toFixed(0)} ms`);
console.log(`  lintNotebook, all rules (analysis given):             ${median(stages.lintRules).toFixed(0)} ms (${findings} findings)`);
console.log(`  read + analyse + lint:                                ${median(stages.total).toFixed(0)} ms = ${(median(stages.total) / median(stages.floor)).toFixed(2)}x the floor`);
module.exports = { corpusNotebooks };
