'use strict';
/**
 * The .ipynb text of a Python notebook built for a bench: the long-input benches' one input
 * shape, written once. `notebookText(cells)` gives each cell an id `c0`, `c1`, ... unless it has
 * its own; `codeCell(source, count)` is an unexecuted (count null) or executed code cell.
 */
const codeCell = (source, count = null, outputs = []) => ({
  cell_type: 'code',
  metadata: {},
  outputs,
  execution_count: count,
  source
});

const notebookText = cells =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells: cells.map((cell, i) => ({ id: `c${i}`, ...cell }))
  });

/** a saved error output: `ename: evalue`, its traceback that one line */
const errorOutput = (ename, evalue) => ({
  output_type: 'error',
  ename,
  evalue,
  traceback: [`${ename}: ${evalue}`]
});

/** one unexecuted code cell per source */
const codeNotebook = sources => notebookText(sources.map(s => codeCell(s)));

/** lint the text as `a.ipynb`: the wall ms and the rule codes found */
function timeLint(lib, text, config) {
  const t = process.hrtime.bigint();
  const { result } = lib.lintFile('a.ipynb', text, config);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, codes: (result.findings || []).map(f => f.ruleCode) };
}

/**
 * the mean wall ms of `runs` lints of the notebook with the enabled rules alone (analysis done
 * beforehand), after one untimed run (the first would pay for the JIT's warm-up), and the findings
 */
function timeRules(lib, nb, enabled, runs = 3) {
  const analysis = lib.analyzeNotebook(nb, {});
  let findings = lib.lintNotebook(nb, enabled, { analysis });
  const t = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    findings = lib.lintNotebook(nb, enabled, { analysis });
  }
  return { ms: Number(process.hrtime.bigint() - t) / (runs * 1e6), findings };
}

/**
 * the build a bench script lints with: `--lib DIR` (taken out of `args`, resolved from the working
 * folder; another build's `lib` copied inside the repository, so it finds node_modules), else this
 * checkout's `../lib`
 */
function libFromArgs(args) {
  const at = args.indexOf('--lib');
  const libDir =
    at >= 0 ? require('path').resolve(args.splice(at, 2)[1]) : '../lib';
  return { lib: require(libDir), libDir };
}

/**
 * Lints each case of `cases(n)` (`[name, rule code, cells]`) for every size (`defaults` when none
 * is given) and prints one line per case and size: the wall ms and how often the rule reported.
 */
function printCaseTimes(lib, config, cases, sizes, defaults) {
  for (const n of sizes.length ? sizes : defaults) {
    const list = cases(n);
    const width = Math.max(52, ...list.map(([name]) => name.length));
    for (const [name, code, cells, text = notebookText] of list) {
      const { ms, codes } = timeLint(lib, text(cells), config);
      const found = codes.filter(c => c === code).length;
      console.log(
        `${name.padEnd(width)} ${String(n).padStart(6)}  ${ms.toFixed(1).padStart(9)} ms  ${code} x${found}`
      );
    }
  }
}

module.exports = {
  printCaseTimes,
  timeRules,
  errorOutput,
  codeCell,
  notebookText,
  codeNotebook,
  oneCellNotebook: source => codeNotebook([source]),
  timeLint,
  libFromArgs
};
