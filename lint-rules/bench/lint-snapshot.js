#!/usr/bin/env node
'use strict';
/**
 * Proof that a speed change changed no finding: write the full JSON output of `nbcraft lint`
 * (every rule on: `{"extends": "strict"}`) over a corpus to a file, or compare a new run with a
 * file written before, byte for byte.
 *
 *   node bench/lint-snapshot.js write DIR OUT.json     lint DIR, write the JSON output to OUT.json
 *   node bench/lint-snapshot.js compare DIR OUT.json   lint DIR again; exit 1 and show the first
 *                                                      differing line if the output differs
 * Uses the built CLI (lib/cli/main.js through bin/nbcraft.js). Build first:
 * cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const [mode, dir, out] = process.argv.slice(2);
if (!['write', 'compare'].includes(mode) || !dir || !out) {
  console.error(
    'usage: node bench/lint-snapshot.js write|compare DIR OUT.json'
  );
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-snapshot-'));
const config = path.join(work, 'nbcraft.json');
fs.writeFileSync(config, JSON.stringify({ extends: 'strict' }));
const target =
  mode === 'write' ? path.resolve(out) : path.join(work, 'now.json');
const r = spawnSync(
  process.execPath,
  [
    path.join(__dirname, '..', 'bin', 'nbcraft.js'),
    'lint',
    '--config',
    config,
    '--format',
    'json',
    '--output-file',
    target,
    path.resolve(dir)
  ],
  { encoding: 'utf8', env: { ...process.env, NBCRAFT_THREADS: '1' } }
);
// 0, 1 (warnings over the limit) and 2 (error findings, unreadable files) all write the report
if (r.status === null || r.status > 2 || !fs.existsSync(target)) {
  console.error(`nbcraft lint exited ${r.status}:\n${r.stderr}`);
  process.exit(2);
}
if (mode === 'write') {
  console.log(`wrote ${target} (${fs.statSync(target).size} bytes)`);
  process.exit(0);
}
const before = fs.readFileSync(path.resolve(out));
const now = fs.readFileSync(target);
fs.rmSync(work, { recursive: true, force: true });
if (before.equals(now)) {
  console.log(`identical: ${now.length} bytes`);
  process.exit(0);
}
const a = before.toString('utf8').split('\n');
const b = now.toString('utf8').split('\n');
const i = a.findIndex((line, k) => line !== b[k]);
const k = i < 0 ? a.length : i;
console.log(`DIFFERENT at line ${k + 1}:\n- ${a[k]}\n+ ${b[k]}`);
process.exit(1);
