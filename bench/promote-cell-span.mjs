// How long promote's cell edit takes to find the one span of a cell's text that changes
// (src/promote/diff.ts changedSpan, run on the import cell at promote and at Undo Promote),
// on cells of 1 KB to 10 MB: an import line added at the top, one removed from the middle, a
// line added at the end. Linear: ten times the text, about ten times the time. Prints the
// median of 7 runs in ms per size and case.
// Run: node bench/promote-cell-span.mjs
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(
  repo,
  'node_modules',
  '.cache',
  'nbcraft-bench-cell-span'
);
rmSync(out, { recursive: true, force: true });
// the extension's lib/ is ES modules for the bundler; compile the pure module for Node
execFileSync(
  path.join(repo, 'node_modules/.bin/tsc'),
  [
    '--outDir', out, '--module', 'commonjs', '--target', 'ES2022',
    '--moduleResolution', 'node', '--skipLibCheck', '--types', 'node',
    path.join(repo, 'src/promote/diff.ts')
  ],
  { stdio: 'inherit' }
); // prettier-ignore
const require = createRequire(path.join(repo, 'package.json'));
const { changedSpan } = require(path.join(out, 'diff.js'));
rmSync(out, { recursive: true, force: true });

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = 'value_0123 = compute(frame, 42)\n'; // 32 characters
console.log('size       case            median ms');
for (const size of [1e3, 1e4, 1e5, 1e6, 1e7]) {
  const lines = Array.from(
    { length: Math.round(size / line.length) },
    () => line
  );
  const text = lines.join('');
  const middle = lines.length >> 1;
  const cases = {
    'import at top': ['import os\n' + text],
    'middle removed': [lines.filter((_, i) => i !== middle).join('')],
    'line at end': [text + 'from pkg.mod import f\n']
  };
  for (const [name, [after]] of Object.entries(cases)) {
    const times = [];
    for (let run = 0; run < 7; run++) {
      const started = process.hrtime.bigint();
      const span = changedSpan(text, after);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      const back = text.slice(0, span.from) + span.text + text.slice(span.to);
      if (back !== after) {
        throw new Error(
          `${name} at ${size}: the span does not give the new text`
        );
      }
    }
    console.log(
      `${String(text.length).padEnd(10)} ${name.padEnd(15)} ${median(times).toFixed(3)}`
    );
  }
}
