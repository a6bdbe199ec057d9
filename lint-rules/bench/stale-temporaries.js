// cd lint-rules && node bench/stale-temporaries.js [NOTEBOOKS] [ENTRIES]
// 1. How long the scan for a killed run's temporary files (lib/cli/staleTemporaries.js, run by
// promote and --fix in each folder they write) takes in a folder of N entries, where a tenth
// are named like stage's temporary files (each then lstat'ed) and none is stale (a live pid):
// one readdir and a regex per name, so it should grow linearly with N. Prints ms per N.
// 2. A whole `nbcraft lint --fix` (bin/nbcraft.js) of NOTEBOOKS notebooks (default 300), each
// with one NB208 fix, in one folder of ENTRIES other files (default 100,000), beside the same
// lint without --fix: the scan must be made once per folder per run, not once per file written
// (s20 review D5: 150.64 s against 0.87 s without --fix, one scan 353 ms).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { staleTemporaries } = require(
  path.join(__dirname, '..', 'lib', 'cli', 'staleTemporaries.js')
);
const bin = path.join(__dirname, '..', 'bin', 'nbcraft.js');
const notebooks = Number(process.argv[2] ?? 300);
const entries = Number(process.argv[3] ?? 100_000);

function perSize() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-stale-bench-'));
  try {
    let made = 0;
    for (const n of [1000, 10000, 40000]) {
      for (; made < n; made++) {
        const name =
          made % 10 === 0
            ? `.nbcraft-${process.pid}-${made.toString(16).padStart(12, '0')}.tmp`
            : `cell_${made}.py`;
        fs.writeFileSync(path.join(dir, name), '');
      }
      const old = Date.now() + 3_600_000; // every file old enough: each shaped one is checked
      const t = process.hrtime.bigint();
      const found = staleTemporaries(dir, old);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      console.log(`${n} entries: ${ms.toFixed(1)} ms (${found.length} stale)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A notebook whose one cell has trailing spaces (NB208, fixed by --fix under `strict`). */
function notebook(i) {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: [
      {
        cell_type: 'code',
        id: `c${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source: [`x${i} = ${i}   \n`, `print(x${i})`]
      }
    ]
  });
}

/** Wall ms of the CLI run in `dir` with `args`, and its exit code. */
function timed(dir, args) {
  const t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [bin, 'lint', ...args], {
    cwd: dir,
    encoding: 'utf8'
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`nbcraft exited ${run.status}: ${run.stderr}`);
  return { ms, stderr: run.stderr };
}

function manyFiles() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-stale-fix-'));
  try {
    for (let i = 0; i < entries; i++)
      fs.writeFileSync(path.join(dir, `cell_${i}.py`), '');
    fs.writeFileSync(path.join(dir, 'strict.json'), '{"extends":"strict"}');
    const names = [];
    for (let i = 0; i < notebooks; i++) {
      names.push(`nb_${i}.ipynb`);
      fs.writeFileSync(path.join(dir, names[i]), notebook(i));
    }
    const common = ['--format', 'json', '--config', 'strict.json', ...names];
    const plain = timed(dir, common);
    const fix = timed(dir, ['--fix', ...common]);
    const fixedNow = fs
      .readFileSync(path.join(dir, names[0]), 'utf8')
      .includes('   \\n');
    if (fixedNow) throw new Error('--fix wrote nothing');
    const t = process.hrtime.bigint();
    staleTemporaries(dir);
    const scan = Number(process.hrtime.bigint() - t) / 1e6;
    console.log(
      `--fix of ${notebooks} notebooks in a folder of ${entries + notebooks + 1} entries: ${(fix.ms / 1000).toFixed(2)} s; without --fix: ${(plain.ms / 1000).toFixed(2)} s; one scan of the folder: ${scan.toFixed(0)} ms`
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

perSize();
manyFiles();
