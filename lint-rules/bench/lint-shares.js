#!/usr/bin/env node
'use strict';
/**
 * Where a cold `nbcraft lint` process spends its CPU beyond the parse floor, by switching parts
 * off instead of sampling them: cold processes (one thread, the CLI's V8 flags and code cache, as
 * bench/lint-cold.js runs them) of
 *   analysis   `extends: none`: start-up, reading, masking, parsing, the scope pass, output
 *   no-nodes   every rule but those that subscribe to a node type (their tree walk is skipped)
 *   strict     every rule (the measure)
 *   floor      bench/lint-floor.js --process (read + JSON.parse + lezer parse)
 * run alternately N times; medians of process CPU (user+sys) and wall, and of the main thread's
 * and the other threads' CPU (V8's compiler and GC helpers; /proc/self/task at exit). The shares
 * follow: analysis - floor, the rules without node hooks (no-nodes - analysis), the node rules
 * and their walk (strict - no-nodes).
 *
 *   cd lint-rules && node bench/lint-shares.js [--runs N=7] [--corpus DIR] [LIBDIR=./lib]
 * Not a test; prints numbers. Build first (tsc -b tsconfig.cli.json && node scripts/bundle-cli.js).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { THREADS_HOOK, coldArgs, coldRun } = require('./cold-run.js');
const { corpusNotebooks } = require('./lint-floor.js');

const { runs, corpus, libDir } = coldArgs(process.argv.slice(2));
const lib = require(libDir);
const files = corpusNotebooks(lib, corpus);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shares-'));

// the rules that register node hooks on some notebook of the corpus (most gate them per notebook)
const nodeRules = new Set();
const probed = lib.allRules.map(rule => ({
  rule: {
    ...rule,
    create(context) {
      const hooks = rule.create(context);
      if (hooks.nodes && Object.keys(hooks.nodes).length > 0)
        nodeRules.add(rule.meta.id);
      return hooks;
    }
  },
  severity: 'warning',
  options: lib
    .resolveConfig({ extends: 'strict' })
    .rules.find(r => r.rule.meta.id === rule.meta.id)?.options
}));
for (const f of files)
  lib.lintNotebook(lib.readNotebook(f, fs.readFileSync(f, 'utf8')), probed);

const configs = {
  analysis: { extends: 'none' },
  'no-nodes': {
    extends: 'strict',
    rules: Object.fromEntries([...nodeRules].map(id => [id, 'off']))
  },
  strict: { extends: 'strict' }
};
for (const [name, config] of Object.entries(configs))
  fs.writeFileSync(path.join(work, `${name}.json`), JSON.stringify(config));

// per-thread CPU at exit, written to stderr by a module preloaded into every measured process
const threads = path.join(work, 'threads.js');
fs.writeFileSync(threads, THREADS_HOOK);
const launcher = path.join(work, 'launch.js');
fs.writeFileSync(
  launcher,
  `const cc=require(${JSON.stringify(path.join(libDir, 'cli', 'codeCache.js'))});\nif(cc.CLI_V8_FLAGS)require('v8').setFlagsFromString(cc.CLI_V8_FLAGS);\nconst cli=cc.requireWithCodeCache(${JSON.stringify(
    path.join(libDir, 'cli', 'nbcraft.bundle.js')
  )}).exports;\ncli.execute(process.argv.slice(2)).then(c=>{process.exitCode=c;});\n`
);
const out = path.join(work, 'out.json');
const variants = [
  ...Object.keys(configs).map(name => ({
    label: name,
    argv: [
      launcher,
      'lint',
      '--config',
      path.join(work, `${name}.json`),
      '--format',
      'json',
      '--output-file',
      out,
      ...files
    ]
  })),
  {
    label: 'floor',
    argv: [path.join(__dirname, 'lint-floor.js'), '--process'],
    input: files.join('\n') + '\n'
  }
];

const once = v => coldRun({ ...v, argv: ['-r', threads, ...v.argv] });

variants.forEach(once); // file cache, code cache
const samples = variants.map(() => []);
for (let r = 0; r < runs; r++)
  variants.forEach((v, i) => samples[i].push(once(v)));
const med = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = samples.map(s =>
  Object.fromEntries(
    ['cpu', 'wall', 'main', 'other'].map(k => [k, med(s.map(x => x[k]))])
  )
);
const floor = m[variants.length - 1];
console.log(
  `${files.length} notebooks of ${corpus}; ${runs} alternating cold runs each, one thread; medians (ms); load ${os
    .loadavg()
    .map(x => x.toFixed(1))
    .join(' ')}; ${nodeRules.size} rules register node hooks here`
);
console.log(
  'variant         cpu   wall  main thread  other threads   cpu/floor'
);
variants.forEach((v, i) =>
  console.log(
    `${v.label.padEnd(10)} ${m[i].cpu.toFixed(0).padStart(6)} ${m[i].wall
      .toFixed(0)
      .padStart(6)} ${String(m[i].main).padStart(12)} ${String(
      m[i].other
    ).padStart(14)}   ${(m[i].cpu / floor.cpu).toFixed(2)}x`
  )
);
const [analysis, noNodes, strict] = m;
const share = (a, b) =>
  `${(a.cpu - b.cpu).toFixed(0)} ms CPU (${((a.cpu - b.cpu) / floor.cpu).toFixed(2)}x the floor; main thread ${a.main - b.main}, other threads ${a.other - b.other})`;
console.log(`analysis over the floor:         ${share(analysis, floor)}`);
console.log(`rules without node hooks:        ${share(noNodes, analysis)}`);
console.log(`node rules and their tree walk:  ${share(strict, noNodes)}`);
fs.rmSync(work, { recursive: true, force: true });
