'use strict';
/**
 * One cold process of a benchmark, timed the way bench/lint-shares.js and
 * bench/lint-startup-snapshot.js compare them: process CPU (user+sys of the child and the children
 * it waited for, from /usr/bin/time), wall, and the CPU of its main thread and of its other threads
 * (V8's compiler and GC helpers), which `THREADS_HOOK` writes to stderr at exit.
 */
const path = require('path');
const { spawnSync } = require('child_process');

/** JavaScript that, run in the measured process (`node -r FILE`, or pasted in), reports its threads' CPU at exit. */
const THREADS_HOOK = `process.on('exit', () => {
  const fs = require('fs');
  const tick = 10; // ms per clock tick (USER_HZ 100)
  let main = 0, other = 0;
  for (const t of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(f[11]) + Number(f[12])) * tick;
    if (Number(t) === process.pid) main += ms; else other += ms;
  }
  process.stderr.write('__THREADS__' + main + ' ' + other + '\\n');
});\n`;

/**
 * Runs `node ...v.argv` once (one lint thread), with `v.input` on stdin; returns
 * `{cpu, wall, main, other}` in ms. Throws, naming `v.label`, when the process failed (exit above
 * 2) or did not report its threads.
 */
function coldRun(v) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '__CPU__%U %S', process.execPath, ...v.argv],
    {
      encoding: 'utf8',
      input: v.input,
      maxBuffer: 1 << 28,
      env: { ...process.env, NBCRAFT_THREADS: '1' }
    }
  );
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = /__CPU__([\d.]+) ([\d.]+)/.exec(r.stderr);
  const t = /__THREADS__(\d+) (\d+)/.exec(r.stderr);
  if (!c || !t || r.status > 2)
    throw new Error(`${v.label}: exit ${r.status}\n${r.stderr.slice(-800)}`);
  return {
    cpu: (Number(c[1]) + Number(c[2])) * 1000,
    wall,
    main: Number(t[1]),
    other: Number(t[2])
  };
}

/**
 * `[--runs N=7] [--corpus DIR] [LIBDIR]`: the corpus defaults to NBCRAFT_BENCH_CORPUS, else
 * ../shared/corpus beside the repository; LIBDIR to this package's lib.
 */
function coldArgs(args) {
  let runs = 7;
  let corpus = path.resolve(
    process.env.NBCRAFT_BENCH_CORPUS ||
      path.join(__dirname, '..', '..', '..', 'shared', 'corpus')
  );
  let libDir = path.join(__dirname, '..', 'lib');
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else if (args[i] === '--corpus') corpus = path.resolve(args[++i]);
    else libDir = path.resolve(args[i]);
  }
  return { runs, corpus, libDir };
}

module.exports = { THREADS_HOOK, coldArgs, coldRun };
