// cd lint-rules && node bench/stale-temporaries.js
// How long the scan for a killed run's temporary files (lib/cli/staleTemporaries.js, run by
// every promote and --fix in each folder it writes) takes in a folder of N entries, where a
// tenth are named like stage's temporary files (each then lstat'ed) and none is stale (a live
// pid): one readdir and a regex per name, so it should grow linearly with N. Prints ms per N.
const fs = require('fs');
const os = require('os');
const path = require('path');

const { staleTemporaries } = require(
  path.join(__dirname, '..', 'lib', 'cli', 'staleTemporaries.js')
);
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
