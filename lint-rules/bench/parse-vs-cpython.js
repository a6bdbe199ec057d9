#!/usr/bin/env node
'use strict';
/**
 * Where NB201's parse verdict and CPython's disagree, over every Python code cell of the review
 * corpora (.ipynb, and .py files that are Databricks or percent notebooks): each distinct cell is
 * parsed by the lib's parseCell and by CPython's ast.parse (with IPython's leading_empty_lines and
 * leading_indent: a cell whose first line is indented runs dedented). A cell holding IPython syntax (magics, shell
 * lines, help) is compared on its masked text, the Python NB201 parses (`!ls` read as `pass`);
 * a cell magic of another language skips the cell. Not a test; prints the counts
 *   false NB201   NB201 reports a syntax error, CPython parses the cell
 *   missed NB201  CPython does not parse the cell, NB201 is silent
 * and, with --list, each disagreeing cell (file, cell index, NB201's or CPython's message).
 *
 *   node bench/parse-vs-cpython.js [--list] [DIR ...]   default /tmp/lq3 ... /tmp/lq12, /tmp/lq-corpus
 * NBCRAFT_LIB=<other lib> compares another build (main's, to quote before/after counts).
 * Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require(process.env.NBCRAFT_LIB || '../lib');

const args = process.argv.slice(2);
const list = args.includes('--list');
const dirs = args.filter(a => a !== '--list');
const roots = dirs.length
  ? dirs
  : [
      ...Array.from({ length: 10 }, (_, i) => `/tmp/lq${i + 3}`),
      '/tmp/lq-corpus'
    ];

function* notebooks(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* notebooks(p);
    else if (/\.(ipynb|py)$/.test(entry.name)) yield p;
  }
}

/** distinct text CPython is given -> where it was first seen */
const cells = new Map();
for (const root of roots)
  for (const file of notebooks(root)) {
    let nb;
    try {
      const text = fs.readFileSync(file, 'utf8');
      if (!lib.isNotebookPath(file, text)) continue;
      nb = lib.readNotebook(file, text);
    } catch {
      continue;
    }
    for (const cell of nb.cells) {
      if (cell.kind !== 'code' || cell.language !== 'python') continue;
      if (!cell.source.trim()) continue;
      const masked = lib.maskIPythonSyntax(cell.source);
      if (masked.cellLanguage !== undefined) continue;
      // a cell with IPython syntax: CPython gets the masked text NB201 parses (`pass` for `!ls`)
      const key = masked.magics.length ? masked.text : cell.source;
      if (!cells.has(key))
        cells.set(key, {
          at: `${file}#${cell.index}`,
          magics: masked.magics.length > 0
        });
    }
  }

const sources = [...cells.keys()];
const PYTHON = `
import ast, json, sys
def parses(s):
    lines = s.splitlines(keepends=True)
    while lines and lines[0].isspace():  # IPython's leading_empty_lines
        lines = lines[1:]
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip(' \\t'))] if lines else ''
    if indent:  # IPython's leading_indent transform
        s = ''.join(l[len(indent):] if l.startswith(indent) else l for l in lines)
    else:
        s = ''.join(lines)
    try:
        ast.parse(s, '<cell>', 'exec')
        return None
    except (SyntaxError, ValueError) as e:
        return f'{type(e).__name__}: {getattr(e, "msg", e)} (line {getattr(e, "lineno", "?")})'
json.dump([parses(s) for s in json.load(sys.stdin)], sys.stdout)
`;
const cpython = JSON.parse(
  execFileSync(process.env.PYTHON || 'python3', ['-c', PYTHON], {
    input: JSON.stringify(sources),
    maxBuffer: 1 << 28
  }).toString()
);

const falseReports = [];
const missed = [];
sources.forEach((source, i) => {
  const { at, magics } = cells.get(source);
  const parsed = magics
    ? lib.parseMasked(lib.maskIPythonSyntax(source))
    : lib.parseCell(source);
  const nb201 = parsed.syntaxError;
  if (nb201 && cpython[i] === null)
    falseReports.push(`${at}  line ${nb201.line + 1}: ${nb201.message}`);
  else if (!nb201 && !parsed.runsDedented && cpython[i] !== null)
    missed.push(`${at}  ${cpython[i]}`);
});
console.log(
  `${sources.length} distinct Python code cells: false NB201 ${falseReports.length}, missed NB201 ${missed.length}`
);
if (list) {
  for (const f of falseReports) console.log(`false  ${f}`);
  for (const m of missed) console.log(`missed ${m}`);
}
