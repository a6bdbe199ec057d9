#!/usr/bin/env node
'use strict';
/**
 * How long reading a project's name from its metadata takes (config/projectMetadata.ts, what
 * `nbcraft lint` reads for NB105's ownPackages) on hostile files of 250 KB, 500 KB and 1 MB (the
 * largest it reads): a setup.py of `name='` openers with no name, `name` followed by blanks, a
 * setup.cfg of unclosed section headers and `name = a b` lines, and a pyproject.toml of one long
 * string; then /tmp/rv23 N2's `[metadata]` + `name =` + N blanks + `x y` (10k, 20k, 40k blanks and
 * the 1 MB limit: quadratic before, 6.8 s at 40k), a setup.py call of nested brackets, strings and
 * comments, and a setup.py of many `setup(` calls; and the config walk's `[tool.nbcraft]` check of a
 * pyproject.toml it passes over (config/parse.ts hasNbcraftTable) on lines of blanks and of `[tool .`
 * openers. Each should grow linearly. Not a test; prints
 * numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.json
 *
 *   node bench/project-metadata.js [--lib DIR] [--only TEXT]
 */
const { libFromArgs } = require('./notebook-text');

const args = process.argv.slice(2);
const { lib } = libFromArgs(args);
const only =
  args.indexOf('--only') >= 0 ? args[args.indexOf('--only') + 1] : '';
const sizes = [256 * 1024, 512 * 1024, 1024 * 1024];
/** the largest file read: MAX_METADATA_BYTES */
const LIMIT = 1024 * 1024;
const fill = (unit, size) => unit.repeat(Math.ceil(size / unit.length));

const cases = {
  "setup.py: setup( then name=' openers": n => [
    'setup.py',
    'setup(' + fill("name='", n) + ')'
  ],
  'setup.py: setup( then name and blanks': n => [
    'setup.py',
    'setup(name' + ' '.repeat(n) + ')'
  ],
  'setup.cfg: unclosed section headers': n => [
    'setup.cfg',
    '[metadata]\n' + fill('[' + 'a'.repeat(60) + '\n', n)
  ],
  'setup.cfg: name lines with blanks inside': n => [
    'setup.cfg',
    '[metadata]\n' + fill('name = a' + ' b'.repeat(40) + '\n', n)
  ],
  'pyproject.toml: one long name string': n => [
    'pyproject.toml',
    '[project]\nname = "' + 'a'.repeat(n) + '"\n'
  ],
  'setup.py: nested brackets, strings and comments in the call': n => [
    'setup.py',
    'setup(' +
      '[('.repeat(n / 16) +
      '"x", # c\n'.repeat(n / 16) +
      ')]'.repeat(n / 16) +
      ', name="mypkg")'
  ],
  'setup.py: many setup( calls': n => ['setup.py', fill('setup(name="a")\n', n)]
};

/** /tmp/rv23 N2: blanks after `name =`, then a value with a blank inside */
const blanks = count => '[metadata]\nname =' + ' '.repeat(count) + 'x y\n';
for (const count of [10000, 20000, 40000, LIMIT - blanks(0).length]) {
  if (only && !'setup.cfg: name = + blanks + x y'.includes(only)) break;
  const text = blanks(count);
  const t0 = process.hrtime.bigint();
  const names = lib.projectNamesIn('setup.cfg', text);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    `setup.cfg: name = + ${count} blanks + x y, ${Math.round(text.length / 1024)} KB: ${ms.toFixed(1)} ms (${names.length} names)`
  );
}

for (const [label, make] of Object.entries(cases)) {
  if (only && !label.includes(only)) continue;
  for (const n of sizes) {
    const [file, text] = make(n);
    const t0 = process.hrtime.bigint();
    let names;
    try {
      names = lib.projectNamesIn(file, text);
    } catch (err) {
      names = [`error: ${err.message.slice(0, 40)}`];
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(
      `${label}, ${Math.round(text.length / 1024)} KB: ${ms.toFixed(1)} ms (${names.length} names)`
    );
  }
}

/** hasNbcraftTable (config/parse.ts): what the config walk asks of a pyproject.toml it passes over */
const tableCases = {
  'hasNbcraftTable: one line of blanks': n => ' '.repeat(n) + 'x\n',
  'hasNbcraftTable: lines of blanks then [tool .': n =>
    fill(' '.repeat(60) + '[ tool .' + ' '.repeat(60) + '\n', n),
  'hasNbcraftTable: blank lines': n => '\n'.repeat(n)
};
for (const [label, make] of Object.entries(tableCases)) {
  if (only && !label.includes(only)) continue;
  for (const n of sizes) {
    const text = make(n);
    const t0 = process.hrtime.bigint();
    const found = lib.hasNbcraftTable(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(
      `${label}, ${Math.round(text.length / 1024)} KB: ${ms.toFixed(1)} ms (${found})`
    );
  }
}
