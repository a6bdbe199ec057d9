#!/usr/bin/env node
'use strict';
/**
 * Proof that a restructuring of the promote planner changed no plan: write the full JSON of
 * every promote plan or refusal (module, test, replacement cells, cell edits, warnings,
 * refusal reasons) over one or more corpora to a file, or compare a new run with a file written
 * before, byte for byte. The promote counterpart of lint-snapshot.js, with the same shape.
 *
 *   node bench/promote-snapshot.js write OUT.jsonl DIR [DIR ...]     plan, write to OUT.jsonl
 *   node bench/promote-snapshot.js compare OUT.jsonl DIR [DIR ...]   plan again; exit 1 and show
 *                                                                    the first differing line
 *
 * Planned, for every readable notebook (.ipynb, Databricks source and percent .py) under each
 * DIR: every code cell on its own, and every code cell together with the next code cell (a
 * two-cell selection exercises the multi-cell steps: magics between cells, dropped displays,
 * cell wrappers). One line per plan: `file#cells <result JSON>`; an unreadable notebook or a
 * planner that throws is a line too. Uses the built library (lib/). Build first:
 * cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 * NBCRAFT_LIB=DIR plans with the library built into DIR instead (a build of the code before the
 * change, kept apart from lib/).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { readNotebook, analyzeNotebook, planPromotion } = require(
  process.env.NBCRAFT_LIB ? path.resolve(process.env.NBCRAFT_LIB) : '../lib'
);

const [mode, out, ...dirs] = process.argv.slice(2);
if (!['write', 'compare'].includes(mode) || !out || !dirs.length) {
  console.error(
    'usage: node bench/promote-snapshot.js write|compare OUT.jsonl DIR [DIR ...]'
  );
  process.exit(2);
}

function notebooks(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...notebooks(p));
    else if (/\.(ipynb|py)$/.test(entry.name)) found.push(p);
  }
  return found.sort();
}

function planLine(name, nb, analysis, cells) {
  let result;
  try {
    result = planPromotion(
      { notebook: nb, cells, modulePath: 'src/pkg/mod.py' },
      { analysis }
    );
  } catch (err) {
    result = {
      threw: String(err && err.stack ? err.stack.split('\n')[0] : err)
    };
  }
  return `${name}#${cells.map(c => c + 1).join(',')} ${JSON.stringify(result)}\n`;
}

const started = process.hrtime.bigint();
const chunks = [];
let plans = 0;
let files = 0;
for (const dir of dirs) {
  const root = path.resolve(dir);
  for (const file of notebooks(root)) {
    const name = `${path.basename(root)}/${path.relative(root, file)}`;
    let nb;
    try {
      nb = readNotebook(
        path.relative(root, file),
        fs.readFileSync(file, 'utf8')
      );
    } catch (err) {
      chunks.push(
        `${name} unreadable ${JSON.stringify(String(err.message))}\n`
      );
      continue;
    }
    files++;
    const analysis = analyzeNotebook(nb);
    const code = nb.cells.filter(c => c.kind === 'code').map(c => c.index);
    code.forEach((i, k) => {
      chunks.push(planLine(name, nb, analysis, [i]));
      plans++;
      if (k + 1 < code.length) {
        chunks.push(planLine(name, nb, analysis, [i, code[k + 1]]));
        plans++;
      }
    });
  }
}
const text = Buffer.from(chunks.join(''), 'utf8');
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const summary = `${plans} plans of ${files} notebooks in ${Math.round(ms)} ms`;

if (mode === 'write') {
  fs.writeFileSync(path.resolve(out), text);
  console.log(`wrote ${path.resolve(out)} (${text.length} bytes): ${summary}`);
  process.exit(0);
}
const before = fs.readFileSync(path.resolve(out));
if (before.equals(text)) {
  console.log(`identical: ${text.length} bytes, ${summary}`);
  process.exit(0);
}
const now = path.join(os.tmpdir(), `promote-snapshot-now-${process.pid}.jsonl`);
fs.writeFileSync(now, text);
const a = before.toString('utf8').split('\n');
const b = text.toString('utf8').split('\n');
const i = a.findIndex((line, k) => line !== b[k]);
const k = i < 0 ? a.length : i;
console.log(
  `DIFFERENT at line ${k + 1} (this run: ${now}):\n- ${a[k]}\n+ ${b[k]}`
);
process.exit(1);
