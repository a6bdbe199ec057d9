#!/usr/bin/env node
'use strict';
/**
 * Benchmark: nbcraft lint (every rule on) vs `ruff check` on the same notebooks of ../shared/corpus,
 * plus a synthetic 10,000-cell notebook. Prints medians of several runs; not a test.
 *   cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json && node bench/lint-corpus.js [runs]
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const pkg = path.join(__dirname, '..');
const repo = path.join(pkg, '..');
const corpus = path.resolve(repo, '..', 'shared', 'corpus');
const runs = Number(process.argv[2]) || 5;
const bin = path.join(pkg, 'bin', 'nbcraft.js');
const ruff = [path.join(repo, '.venv', 'bin', 'ruff'), 'ruff'].find(
  r => spawnSync(r, ['--version']).status === 0
);

if (!fs.existsSync(corpus)) {
  console.log(`SKIPPED: ${corpus} is absent`);
  process.exit(0);
}
if (!fs.existsSync(path.join(pkg, 'lib', 'cli', 'main.js'))) {
  console.error(
    'build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json'
  );
  process.exit(2);
}

const lib = require(path.join(pkg, 'lib'));
// the notebooks both tools read: .ipynb and Databricks/percent .py (outside bad-input)
const files = [];
(function walk(d) {
  for (const n of fs.readdirSync(d)) {
    const p = path.join(d, n);
    if (fs.statSync(p).isDirectory()) {
      if (n !== 'bad-input') walk(p);
    } else if (/\.(ipynb|py)$/.test(n)) {
      const text = fs.readFileSync(p, 'utf8');
      if (lib.isNotebookPath(p, text)) files.push(p);
    }
  }
})(corpus);
let cells = 0;
for (const f of files)
  cells += lib.readNotebook(f, fs.readFileSync(f, 'utf8')).cells.length;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-bench-'));
const strictConfig = path.join(work, 'nbcraft.json');
fs.writeFileSync(strictConfig, JSON.stringify({ extends: 'strict' }));

/** wall time (ms) and peak RSS (MB, via /usr/bin/time -f %M when present) of one command */
function measure(cmd, args) {
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const t0 = process.hrtime.bigint();
  const p = timeBin
    ? spawnSync(timeBin, ['-f', '__RSS__%M __CPU__%U %S', cmd, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28
      })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /__RSS__(\d+)/.exec(p.stderr || '');
  const c = /__CPU__([\d.]+) ([\d.]+)/.exec(p.stderr || '');
  if (p.status !== 0 && p.status !== 1 && p.status !== 2) {
    throw new Error(
      `${cmd} exited ${p.status}: ${(p.stderr || '').slice(0, 500)}`
    );
  }
  return {
    ms,
    rssMb: m ? Number(m[1]) / 1024 : NaN,
    cpuMs: c ? (Number(c[1]) + Number(c[2])) * 1000 : NaN
  };
}
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(label, cmd, args) {
  const samples = [];
  measure(cmd, args); // warm the file cache
  for (let i = 0; i < runs; i++) samples.push(measure(cmd, args));
  const ms = median(samples.map(s => s.ms));
  const rss = Math.max(...samples.map(s => s.rssMb));
  return { label, ms, rss, cpuMs: median(samples.map(s => s.cpuMs)) };
}

console.log(
  `corpus: ${files.length} notebooks, ${cells} cells; ${runs} runs each (median wall time, max peak RSS); ${os.cpus().length} CPUs`
);
const nb = bench('nbcraft lint (all rules)', process.execPath, [
  bin,
  'lint',
  '--config',
  strictConfig,
  '--format',
  'json',
  '--output-file',
  path.join(work, 'out.json'),
  ...files
]);
const print = r =>
  console.log(
    `${r.label.padEnd(28)} ${r.ms.toFixed(0).padStart(6)} ms  ${(files.length / (r.ms / 1000)).toFixed(0).padStart(6)} notebooks/s  ${(cells / (r.ms / 1000)).toFixed(0).padStart(7)} cells/s  peak RSS ${r.rss.toFixed(0)} MB  CPU ${r.cpuMs.toFixed(0)} ms`
  );
print(nb);
if (ruff) {
  const rf = bench('ruff check', ruff, [
    'check',
    '--no-cache',
    '--isolated',
    '--exit-zero',
    '--quiet',
    ...files
  ]);
  print(rf);
  console.log(
    `ratio nbcraft/ruff wall time: ${(nb.ms / rf.ms).toFixed(2)}x (target <= 3x); CPU time: ${(nb.cpuMs / rf.cpuMs).toFixed(2)}x`
  );
  console.log(
    `machine load average: ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} (wall times on a busy machine are inflated)`
  );
} else {
  console.log('ruff not found (pip install ruff); ratio not measured');
}

// synthetic 10,000-cell notebook, linted in-process (read + analyse + all rules)
const synth = [];
for (let i = 0; i < 10000; i++) {
  synth.push(
    i % 10 === 0
      ? {
          cell_type: 'markdown',
          id: `m${i}`,
          metadata: {},
          source: [`## Step ${i}\n`]
        }
      : {
          cell_type: 'code',
          id: `c${i}`,
          execution_count: i,
          metadata: {},
          outputs: [],
          source: [
            `x${i} = x${i - 1 > 0 ? i - 1 : 0} + ${i} if ${i} else 0\n`,
            `values_${i} = [v * 2 for v in range(${i % 50})]\n`,
            `print(f"{x${i}}")`
          ]
        }
  );
}
synth[1].source = ['import numpy as np\n', 'x0 = 0'];
const synthText =
  JSON.stringify(
    {
      cells: synth,
      metadata: {
        kernelspec: {
          language: 'python',
          name: 'python3',
          display_name: 'Python 3'
        }
      },
      nbformat: 4,
      nbformat_minor: 5
    },
    null,
    1
  ) + '\n';
const rules = lib.resolveConfig({ extends: 'strict' }).rules;
const times = [];
const cpuTimes = [];
let count = 0;
for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const nbk = lib.readNotebook('synthetic.ipynb', synthText);
  count = lib.lintNotebook(nbk, rules).length;
  const c = process.cpuUsage(c0);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  cpuTimes.push((c.user + c.system) / 1000);
}
console.log(
  `synthetic 10,000-cell notebook (read + analyse + all rules): ${median(times).toFixed(0)} ms wall median, ${median(cpuTimes).toFixed(0)} ms CPU (first, cold run: ${times[0].toFixed(0)} ms wall / ${cpuTimes[0].toFixed(0)} ms CPU; target < 2000 ms), ${count} findings, process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`
);
fs.rmSync(work, { recursive: true, force: true });
