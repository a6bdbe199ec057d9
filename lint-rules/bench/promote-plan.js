#!/usr/bin/env node
/**
 * Benchmark: analysis + plan of one promotion in a 300-cell notebook (target: median < 50 ms).
 *
 * The notebook is made of real code: the cells of tests/promote/notebooks/*.ipynb (Python Data
 * Science Handbook notebooks) repeated in order until there are 300 code cells. Each iteration
 * reads the notebook, analyses every cell, builds the dataflow and plans the promotion of one
 * cell (rotating through the middle of the notebook), as the dialog does on each open.
 *
 *   cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json && node bench/promote-plan.js
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { readNotebook, analyzeNotebook, planPromotion } = require('../lib');

const CODE_CELLS = Number(process.env.CELLS || 300);
const ITERATIONS = Number(process.env.ITERATIONS || 40);
const dir = path.resolve(__dirname, '../../tests/promote/notebooks');

const pool = [];
for (const f of fs
  .readdirSync(dir)
  .filter(f => f.endsWith('.ipynb'))
  .sort()) {
  pool.push(...JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).cells);
}
const cells = [];
let code = 0;
for (let i = 0; code < CODE_CELLS; i++) {
  const c = { ...pool[i % pool.length], id: `b${i}` };
  if (c.cell_type === 'code') code++;
  cells.push(c);
}
const text =
  JSON.stringify(
    {
      cells,
      metadata: { kernelspec: { language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5
    },
    null,
    1
  ) + '\n';
const codeIdx = cells
  .map((c, i) => (c.cell_type === 'code' ? i : -1))
  .filter(i => i >= 0);

function once(k) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const nb = readNotebook('bench.ipynb', text);
  const analysis = analyzeNotebook(nb);
  const t1 = process.hrtime.bigint();
  const target = codeIdx[Math.floor(codeIdx.length / 3) + (k % 50)];
  const plan = planPromotion(
    { notebook: nb, cells: [target], modulePath: 'src/pkg/bench.py' },
    { analysis }
  );
  const t2 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  return {
    analysis: Number(t1 - t0) / 1e6,
    plan: Number(t2 - t1) / 1e6,
    cpu: (c.user + c.system) / 1e3,
    ok: plan.ok
  };
}

for (let i = 0; i < 5; i++) once(i); // warm-up (JIT)
const runs = [];
for (let i = 0; i < ITERATIONS; i++) runs.push(once(i));
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const total = runs.map(r => r.analysis + r.plan);
console.log(
  `promote bench: ${cells.length} cells (${code} code), ${text.length} bytes, ${ITERATIONS} iterations`
);
console.log(
  `  read + analysis + dataflow: median ${median(runs.map(r => r.analysis)).toFixed(1)} ms`
);
console.log(
  `  plan (one cell):            median ${median(runs.map(r => r.plan)).toFixed(1)} ms`
);
console.log(
  `  total:                      median ${median(total).toFixed(1)} ms, p90 ${p90(total).toFixed(1)} ms (target: median < 50 ms)`
);
// CPU time does not count the time spent waiting for a core, so it stays meaningful on a busy machine
console.log(
  `  CPU time (analysis + plan): median ${median(runs.map(r => r.cpu)).toFixed(1)} ms`
);
console.log(
  `  plans that promoted: ${runs.filter(r => r.ok).length}/${runs.length}`
);
console.log(
  `  machine: ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(' ')} (a busy machine inflates every number)`
);
