// cd lint-rules && node bench/lint-outside.js [--runs N] [--corpus DIR] [LIBDIR ...]   (default LIBDIR: ./lib)
// The CLI's per-run work outside lintFile that grows with the corpus (bench/COST.md, thirteenth pass),
// in one process, LIBDIRs alternating, CPU ms (medians of N):
//   read    readTextFileSync of every notebook (the floor's readFileSync, plus the NUL and U+FFFD tests)
//   report  jsonCiSafe over the corpus's JSON report (every rule on), as --format json writes it
//   project ProjectNames.of every notebook, one fresh walk per run (NB105's project metadata)
// and jsonCiSafe over adversarial reports that must stay linear: 40,000 lines each holding `::`
// and `##` mid-line, one 1 MB line holding them, and 200,000 runs of characters past ASCII.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { corpusNotebooks } = require('./lint-floor.js');

const args = process.argv.slice(2);
let runs = 9;
let corpus = path.resolve(
  process.env.NBCRAFT_BENCH_CORPUS ||
    path.join(__dirname, '..', '..', '..', 'shared', 'corpus')
);
const libs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--corpus') corpus = path.resolve(args[++i]);
  else libs.push(path.resolve(args[i]));
}
if (!libs.length) libs.push(path.join(__dirname, '..', 'lib'));
const files = corpusNotebooks(
  require(path.join(__dirname, '..', 'lib')),
  corpus
);

// the report, written once by this tree's CLI
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
const config = path.join(work, 'nbcraft.json');
fs.writeFileSync(config, JSON.stringify({ extends: 'strict' }));
const reportFile = path.join(work, 'report.json');
spawnSync(
  process.execPath,
  [
    path.join(__dirname, '..', 'bin', 'nbcraft.js'),
    'lint',
    '--config',
    config,
    '--format',
    'json',
    '--output-file',
    reportFile,
    corpus
  ],
  { env: { ...process.env, NBCRAFT_THREADS: '1' } }
);
// the text JSON.stringify gave: jsonCiSafe's input
const report = JSON.stringify(
  JSON.parse(fs.readFileSync(reportFile, 'utf8')),
  null,
  2
);
fs.rmSync(work, { recursive: true, force: true });
const adversarial = {
  'lines with :: and ##': '  "message": "a::b ##c",\n'.repeat(40000),
  'one 1 MB line': 'x::y ##z '.repeat(116000),
  'runs past ASCII': 'é a\u200b '.repeat(200000)
};

const cpu = fn => {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const med = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = libs.map(lib => {
  const { readTextFileSync } = require(path.join(lib, 'cli', 'io.js'));
  const { jsonCiSafe } = require(path.join(lib, 'format', 'ciSafe.js'));
  const { ProjectNames } = require(path.join(lib, 'cli', 'projectNames.js'));
  const tasks = {
    read: () => files.forEach(f => readTextFileSync(f)),
    report: () => jsonCiSafe(report),
    project: () => {
      const names = new ProjectNames(corpus, () => undefined, {
        home: os.homedir()
      });
      files.forEach(f => names.of(f));
    },
    ...Object.fromEntries(
      Object.entries(adversarial).map(([k, text]) => [
        k,
        () => jsonCiSafe(text)
      ])
    )
  };
  return {
    label: path.relative(process.cwd(), lib) || lib,
    tasks,
    samples: {}
  };
});
for (let r = 0; r < runs; r++)
  for (const row of rows)
    for (const [k, fn] of Object.entries(row.tasks))
      (row.samples[k] ??= []).push(cpu(fn));
const keys = Object.keys(rows[0].tasks);
console.log(
  `${files.length} notebooks of ${corpus}, report ${(report.length / 1e6).toFixed(1)} M characters; ${runs} alternating runs, CPU ms medians; load ${os
    .loadavg()
    .map(x => x.toFixed(1))
    .join(' ')}`
);
console.log(
  ['', ...keys].map((k, i) => (i ? k.padStart(22) : k.padEnd(28))).join('')
);
for (const row of rows)
  console.log(
    [
      row.label.slice(-28).padEnd(28),
      ...keys.map(k => med(row.samples[k]).toFixed(1).padStart(22))
    ].join('')
  );
