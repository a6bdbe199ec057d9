// Re-lint after one keystroke in a 200-cell notebook, in Node: the live linter (per-cell caches
// over @nbcraft/lint-rules) with the recommended rules. Prints the median and p95 in ms.
// Run: node bench/lint-live-node.mjs   (after `jlpm build:rules`)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// inside node_modules so the compiled files resolve @nbcraft/lint-rules like the extension does
const out = path.join(
  repo,
  'node_modules',
  '.cache',
  'nbcraft-bench-lint-live'
);
rmSync(out, { recursive: true, force: true });
// the extension's lib/ is ES modules for the bundler; compile the pure model for Node
execFileSync(
  path.join(repo, 'node_modules/.bin/tsc'),
  [
    '--outDir',
    out,
    '--module',
    'commonjs',
    '--target',
    'ES2022',
    '--moduleResolution',
    'node',
    '--esModuleInterop',
    '--skipLibCheck',
    '--types',
    'node',
    path.join(repo, 'src/lint/liveLinter.ts')
  ],
  { stdio: 'inherit' }
);
const require = createRequire(path.join(repo, 'package.json'));
const { LiveNotebookLinter } = require(path.join(out, 'liveLinter.js'));
const { defaultConfig } = require('@nbcraft/lint-rules');
rmSync(out, { recursive: true, force: true });

const CELLS = 200;
const cells = [];
for (let i = 0; i < CELLS; i++) {
  const source =
    i === 0
      ? 'import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\nv0 = 1'
      : [
          `def step_${i}(frame, factor=${i}):`,
          `    """Scale column ${i}."""`,
          `    result = frame * factor + v${i - 1}`,
          '    return result',
          '',
          `v${i} = step_${i}(np.arange(10)).sum()`,
          `table_${i} = pd.DataFrame({"a": [v${i}], "b": [${i}]})`,
          `print(f"cell {v${i}}")`
        ].join('\n');
  cells.push({
    id: `c${i}`,
    cellType: 'code',
    source,
    executionCount: i + 1,
    outputs: [],
    metadata: {}
  });
}
let input = {
  path: 'bench.ipynb',
  metadata: {
    kernelspec: {
      name: 'python3',
      language: 'python',
      display_name: 'Python 3'
    }
  },
  cells
};
const rules = defaultConfig().rules;
const linter = new LiveNotebookLinter();
let t = performance.now();
const first = linter.lint(input, rules);
const cold = performance.now() - t;

const times = [];
for (let k = 0; k < 120; k++) {
  const at = 100;
  const next = input.cells.slice();
  next[at] = { ...next[at], source: next[at].source + (k % 2 ? ' ' : '\n# x') };
  input = { ...input, cells: next };
  t = performance.now();
  const report = linter.lint(input, rules);
  const ms = performance.now() - t;
  if (report.timing.reanalysedCells !== 1)
    throw new Error('expected exactly one re-analysed cell');
  if (k >= 20) times.push(ms);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p95 = times[Math.floor(times.length * 0.95)];
console.log(
  `lint-live (Node ${process.version}): ${CELLS} code cells, ${rules.length} rules, ${first.findings.length} findings`
);
console.log(`  first lint (cold): ${cold.toFixed(1)} ms`);
console.log(
  `  re-lint after one keystroke: median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${times.length} runs (target < 16 ms)`
);
