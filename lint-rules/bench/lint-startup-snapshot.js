#!/usr/bin/env node
'use strict';
/**
 * Would a V8 startup snapshot of the loaded linter (`node --snapshot-blob X --build-snapshot
 * entry.js`, then `node --snapshot-blob X lint ...`) make a cold `nbcraft lint` cheaper than the
 * bundle loaded through the code cache (codeCache.ts), as bin/nbcraft.js loads it now? Builds, in a
 * temporary folder and with the Node running this script, two snapshots of LIBDIR's bundle:
 *   snapshot         the bundle evaluated (modules loaded, schemas built), nothing run
 *   snapshot warmed  the same after one lint of the package's four fixtures, so that the functions
 *                    a lint runs are compiled into the blob too (as the build's code cache holds
 *                    them); the fixtures' findings go to /dev/null
 * and runs, alternately, N cold processes (one thread, every rule, JSON out) of
 *   code cache       the launcher bench/lint-cold.js uses (the CLI's V8 flags, the build's cache)
 *   snapshot, snapshot warmed   `node --snapshot-blob BLOB lint ...` (the flag at process start)
 *   warmed re-exec   a one-line launcher that starts the warmed snapshot as a child, which is what
 *                    `node bin/nbcraft.js` would have to do (npm's bin runs `node FILE`)
 *   floor            bench/lint-floor.js --process
 * printing medians of process CPU (user+sys of the child and its children), wall, the main
 * thread's and the other threads' CPU (/proc/self/task at exit), and whether each variant's
 * findings are byte-identical to the code cache's.
 *
 *   cd lint-rules && node bench/lint-startup-snapshot.js [--runs N=7] [--corpus DIR] [LIBDIR=./lib]
 *   (with Node 22 or 24: run this script with that node; the blobs are that Node's)
 * Not a test; prints numbers. Build first (tsc -b tsconfig.json tsconfig.cli.json && node scripts/bundle-cli.js).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { corpusNotebooks } = require('./lint-floor.js');
const { THREADS_HOOK, coldArgs, coldRun } = require('./cold-run.js');

const { runs, corpus, libDir } = coldArgs(process.argv.slice(2));
const bundle = path.join(libDir, 'cli', 'nbcraft.bundle.js');
const codeCache = path.join(libDir, 'cli', 'codeCache.js');
const { CLI_V8_FLAGS } = require(codeCache);
const files = corpusNotebooks(
  require(path.join(__dirname, '..', 'lib')),
  corpus
);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-'));
const config = path.join(work, 'nbcraft.json');
fs.writeFileSync(config, JSON.stringify({ extends: 'strict' }));

const threads = path.join(work, 'threads.js');
fs.writeFileSync(threads, THREADS_HOOK);

const fixtures = [
  'clean.ipynb',
  'findings.ipynb',
  'databricks.py',
  'percent.py'
].map(f => path.join(__dirname, '..', 'test', 'fixtures', 'lint', f));

/**
 * The snapshot's entry: the bundle's text wrapped as a CommonJS module. A snapshot builder's
 * `require` loads built-in modules only; the bundle's own files (the worker, `promote`) are
 * required from its folder once the snapshot runs.
 */
function entry(warm) {
  const text = fs.readFileSync(bundle, 'utf8');
  const warmUp = warm
    ? `mod.exports.execute(['lint', '--format', 'json', ...${JSON.stringify(fixtures)}]);\n`
    : '';
  return `'use strict';
const v8 = require('v8');
let late;
const req = id => {
  try { return require(id); }
  catch { late ??= require('module').createRequire(${JSON.stringify(bundle)}); return late(id); }
};
const mod = { exports: {} };
(function (exports, require, module, __filename, __dirname) {${text}
})(mod.exports, req, mod, ${JSON.stringify(bundle)}, ${JSON.stringify(path.dirname(bundle))});
${warmUp}v8.startupSnapshot.setDeserializeMainFunction(() => {
  v8.setFlagsFromString(${JSON.stringify(CLI_V8_FLAGS)});
  ${THREADS_HOOK.replace(/\n/g, '\n  ')}
  mod.exports.execute(process.argv.slice(1)).then(c => { process.exitCode = c; });
});
`;
}

function buildBlob(name, warm) {
  const file = path.join(work, `${name}.js`);
  fs.writeFileSync(file, entry(warm));
  const blob = path.join(work, `${name}.blob`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '__CPU__%U %S',
      process.execPath,
      '--snapshot-blob',
      blob,
      '--build-snapshot',
      file
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, NBCRAFT_THREADS: '1' }
    }
  );
  if (!fs.existsSync(blob))
    throw new Error(
      `${name}: no blob (exit ${r.status})\n${r.stderr.slice(-800)}`
    );
  const c = /__CPU__([\d.]+) ([\d.]+)/.exec(r.stderr);
  console.log(
    `${name}.blob: ${(fs.statSync(blob).size / 1e6).toFixed(1)} MB, built in ${(
      (Number(c[1]) + Number(c[2])) *
      1000
    ).toFixed(
      0
    )} ms CPU, ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms wall`
  );
  return blob;
}

const plain = buildBlob('snapshot', false);
const warmed = buildBlob('warmed', true);
const launcher = path.join(work, 'launch.js');
fs.writeFileSync(
  launcher,
  `const cc=require(${JSON.stringify(codeCache)});\nrequire('v8').setFlagsFromString(cc.CLI_V8_FLAGS);\ncc.requireWithCodeCache(${JSON.stringify(
    bundle
  )}).exports.execute(process.argv.slice(2)).then(c=>{process.exitCode=c;});\n`
);
const reexec = path.join(work, 'reexec.js');
fs.writeFileSync(
  reexec,
  `const r=require('child_process').spawnSync(process.execPath,['--snapshot-blob',${JSON.stringify(
    warmed
  )},...process.argv.slice(2)],{stdio:'inherit'});\nprocess.exitCode=r.status;\n`
);

const lint = i => [
  'lint',
  '--config',
  config,
  '--format',
  'json',
  '--output-file',
  path.join(work, `out-${i}.json`),
  ...files
];
const variants = [
  { label: 'code cache', argv: ['-r', threads, launcher, ...lint(0)] },
  { label: 'snapshot', argv: ['--snapshot-blob', plain, ...lint(1)] },
  { label: 'snapshot warmed', argv: ['--snapshot-blob', warmed, ...lint(2)] },
  { label: 'warmed re-exec', argv: [reexec, ...lint(3)] },
  {
    label: 'floor',
    argv: ['-r', threads, path.join(__dirname, 'lint-floor.js'), '--process'],
    input: files.join('\n') + '\n'
  }
];

const samples = variants.map(() => []);
const loads = [];
for (let r = -1; r < runs; r++) {
  variants.forEach((v, i) => {
    const s = coldRun(v);
    if (r >= 0) samples[i].push(s); // the first round only warms the file cache
  });
  loads.push(os.loadavg()[0]);
}
const med = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const reference = fs.readFileSync(path.join(work, 'out-0.json'));
console.log(
  `${files.length} notebooks of ${corpus}; Node ${process.version}; ${runs} alternating cold runs each, one thread; medians (ms); 1-minute load ${Math.min(
    ...loads
  ).toFixed(1)} to ${Math.max(...loads).toFixed(1)}`
);
console.log(
  ['', 'cpu', 'wall', 'main', 'other', 'x floor', 'findings']
    .map((k, i) => (i ? k.padStart(10) : k.padEnd(16)))
    .join('')
);
const floorCpu = med(samples[variants.length - 1].map(s => s.cpu));
variants.forEach((v, i) => {
  const m = k => med(samples[i].map(s => s[k]));
  const same =
    v.label === 'floor'
      ? ''
      : reference.equals(fs.readFileSync(path.join(work, `out-${i}.json`)))
        ? 'identical'
        : 'DIFFER';
  console.log(
    [
      v.label.padEnd(16),
      ...['cpu', 'wall', 'main', 'other'].map(k =>
        m(k).toFixed(0).padStart(10)
      ),
      `${(m('cpu') / floorCpu).toFixed(2)}x`.padStart(10),
      same.padStart(10)
    ].join('')
  );
});
fs.rmSync(work, { recursive: true, force: true });
