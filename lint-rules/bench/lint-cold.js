// cd lint-rules && node bench/lint-cold.js [--runs N] [--corpus DIR] [--top K] [LIBDIR ...]   (default LIBDIR: ./lib)
// The user-facing measure of issue #15: ONE COLD `nbcraft lint` process (every rule on, JSON out, one thread)
// against ONE COLD floor process (read + JSON.parse + lezer parse, bench/lint-floor.js --process).
// Runs them alternately (lib A, lib B, ..., floor) N times, each under --cpu-prof, and prints medians of:
//   process CPU (user+sys, ms), sampled main-thread ms, and the sampled ms of each stage:
//   read = readNotebook | mask = maskIPythonSyntax | parse = parseMasked - mask | scope = analyzeNotebook - parseMasked
//   rules = lintNotebook - analyzeNotebook | file = lintFile - readNotebook - lintNotebook
//   outside = total - lintFile | gc = (garbage collector), which V8 puts under the root: all of it is in outside
//   text = readTextFileSync outside lintFile (reading and decoding the files, as the floor's readFileSync does)
//   other = outside - gc - text (start-up, module load, config, glob, git, output)
// LIBDIR is a compiled lint-rules/lib WITH its bundle (lib/cli/nbcraft.bundle.js, made by `node scripts/bundle-cli.js`).
// Stage names are found by function name in the bundle: keep readNotebook, maskIPythonSyntax, parseMasked,
// analyzeNotebook, lintNotebook, lintFile and readTextFileSync as the names of those entry points.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { corpusNotebooks } = require('./lint-floor.js');
const { readProfile } = require('./profile-summary.js');

const args = process.argv.slice(2);
let runs = 5;
let corpus = path.resolve(
  process.env.NBCRAFT_BENCH_CORPUS ||
    path.join(__dirname, '..', '..', '..', 'shared', 'corpus')
);
let top = 0;
const libs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--corpus') corpus = path.resolve(args[++i]);
  else if (args[i] === '--top') top = Number(args[++i]);
  else libs.push(path.resolve(args[i]));
}
if (!libs.length) libs.push(path.join(__dirname, '..', 'lib'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-'));
const config = path.join(work, 'nbcraft.json');
fs.writeFileSync(config, JSON.stringify({ extends: 'strict' }));

// the notebooks bench/lint-corpus.js measures (outside bad-input), listed with the library in ./lib
const files = corpusNotebooks(
  require(path.join(__dirname, '..', 'lib')),
  corpus
);
const fileList = path.join(work, 'files.txt');
fs.writeFileSync(fileList, files.join('\n') + '\n');
const floorScript = path.join(__dirname, 'lint-floor.js');

function launcher(libDir) {
  const f = path.join(work, `launch-${libs.indexOf(libDir)}.js`);
  fs.writeFileSync(
    f,
    // as bin/nbcraft.js: the CLI's V8 flags first (a build without them runs with V8's defaults)
    `const cc=require(${JSON.stringify(path.join(libDir, 'cli', 'codeCache.js'))});\nif(cc.CLI_V8_FLAGS)require('v8').setFlagsFromString(cc.CLI_V8_FLAGS);\nconst cli=cc.requireWithCodeCache(${JSON.stringify(
      path.join(libDir, 'cli', 'nbcraft.bundle.js')
    )}).exports;\ncli.execute(process.argv.slice(2)).then(c=>{process.exitCode=c;});\n`
  );
  return f;
}
const launchers = libs.map(launcher);

function stagesOf(profileFile) {
  const { byId, parent, selfUs: self } = readProfile(profileFile);
  const names = [
    'readNotebook',
    'maskIPythonSyntax',
    'parseMasked',
    'analyzeNotebook',
    'lintNotebook',
    'lintFile',
    'readTextFileSync'
  ];
  const inc = Object.fromEntries(names.map(n => [n, 0]));
  let total = 0;
  let gc = 0;
  const selfByFn = new Map();
  for (const [id, us] of self) {
    total += us;
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(garbage collector)') gc += us;
    const key = `${cf.functionName || '(anon)'} ${path.basename(cf.url || '')}:${cf.lineNumber + 1}`;
    selfByFn.set(key, (selfByFn.get(key) || 0) + us);
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const fn = byId.get(n).callFrame.functionName;
      if (fn in inc && !seen.has(fn)) {
        seen.add(fn);
        inc[fn] += us;
      }
    }
    // the CLI's file read (job.ts), counted only outside lintFile
    if (seen.has('readTextFileSync') && seen.has('lintFile'))
      inc.readTextFileSync -= us;
  }
  const ms = us => us / 1000;
  return {
    stages: {
      total: ms(total),
      read: ms(inc.readNotebook),
      mask: ms(inc.maskIPythonSyntax),
      parse: ms(inc.parseMasked - inc.maskIPythonSyntax),
      scope: ms(inc.analyzeNotebook - inc.parseMasked),
      rules: ms(inc.lintNotebook - inc.analyzeNotebook),
      file: ms(inc.lintFile - inc.readNotebook - inc.lintNotebook),
      outside: ms(total - inc.lintFile),
      gc: ms(gc),
      text: ms(inc.readTextFileSync),
      other: ms(total - inc.lintFile - gc - inc.readTextFileSync)
    },
    selfByFn
  };
}

function once(label, argv, env) {
  const dir = fs.mkdtempSync(path.join(work, 'prof-'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '__CPU__%U %S',
      process.execPath,
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      ...argv
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, NBCRAFT_THREADS: '1', ...env },
      input: env && env.__stdin ? fs.readFileSync(env.__stdin) : undefined
    }
  );
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1 && r.status !== 2)
    throw new Error(`${label}: exit ${r.status}\n${r.stderr.slice(0, 800)}`);
  const c = /__CPU__([\d.]+) ([\d.]+)/.exec(r.stderr);
  const profs = fs.readdirSync(dir).filter(f => f.endsWith('.cpuprofile'));
  const s = stagesOf(path.join(dir, profs[0]));
  fs.rmSync(dir, { recursive: true, force: true });
  return { cpu: (Number(c[1]) + Number(c[2])) * 1000, wall, ...s };
}

const rows = [
  ...libs.map(l => ({
    label: path.relative(process.cwd(), l) || l,
    samples: []
  })),
  { label: 'floor', samples: [] }
];
const out = path.join(work, 'out.json');
const lintArgs = [
  'lint',
  '--config',
  config,
  '--format',
  'json',
  '--output-file',
  out,
  ...files
];
// warm the file cache and each lib's V8 code cache
launchers.forEach(l =>
  spawnSync(process.execPath, [l, ...lintArgs], {
    env: { ...process.env, NBCRAFT_THREADS: '1' }
  })
);
for (let r = 0; r < runs; r++) {
  launchers.forEach((l, i) =>
    rows[i].samples.push(once(rows[i].label, [l, ...lintArgs]))
  );
  rows[libs.length].samples.push(
    once('floor', [floorScript, '--process'], { __stdin: fileList })
  );
}
const med = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const keys = [
  'total',
  'read',
  'mask',
  'parse',
  'scope',
  'rules',
  'file',
  'outside',
  'gc',
  'text',
  'other'
];
console.log(
  `${files.length} notebooks of ${corpus}; ${runs} alternating cold runs each, one thread; medians (ms); load ${os
    .loadavg()
    .map(x => x.toFixed(1))
    .join(' ')}`
);
console.log(
  ['', 'cpu', 'wall', ...keys]
    .map((k, i) => (i ? k.padStart(8) : k.padEnd(28)))
    .join('')
);
const floorCpu = med(rows[libs.length].samples.map(s => s.cpu));
const floorTotal = med(rows[libs.length].samples.map(s => s.stages.total));
for (const row of rows) {
  const cpu = med(row.samples.map(s => s.cpu));
  const total = med(row.samples.map(s => s.stages.total));
  console.log(
    [
      row.label.slice(-28).padEnd(28),
      cpu.toFixed(0).padStart(8),
      med(row.samples.map(s => s.wall))
        .toFixed(0)
        .padStart(8),
      ...keys.map(k =>
        med(row.samples.map(s => s.stages[k]))
          .toFixed(0)
          .padStart(8)
      )
    ].join('') +
      (row.label === 'floor'
        ? ''
        : `   cpu/floor ${(cpu / floorCpu).toFixed(2)}x, sampled/floor ${(total / floorTotal).toFixed(2)}x`)
  );
  if (top && row.label !== 'floor') {
    const agg = new Map();
    for (const s of row.samples)
      for (const [k, v] of s.selfByFn)
        agg.set(k, (agg.get(k) || 0) + v / runs / 1000);
    for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`    ${v.toFixed(1).padStart(7)} ms  ${k}`);
  }
}
fs.rmSync(work, { recursive: true, force: true });
