#!/usr/bin/env node
'use strict';
/**
 * How long the secret rules (NB408, NB504) take on one long value made of the decoration
 * characters samples wrap placeholders in (`_`, `*`): the placeholder check strips them without
 * backtracking, so the time grows with the length, not with its cube (s12-prec2: 20 s at 3,000).
 * And values near a credentials file's path (NB408's isCredentialsFilePath, session 22): N folders
 * then a key file (not reported), N dotted words ending in `.json!` and N folders of spaces ending
 * in `a .json` (each a near miss, reported).
 *
 *   node bench/lint-secret-long.js [N ...]     default 1000 5000 20000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { oneCellNotebook, timeLint } = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'strict' });
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [1000, 5000, 20000]) {
  for (const value of [
    '_'.repeat(n) + 'a',
    '_*'.repeat(n / 2) + 'a',
    'ab/'.repeat(n / 3) + 'key.json',
    'a.'.repeat(n / 2) + 'json!',
    'a /'.repeat(n / 3) + 'a .json'
  ]) {
    const source = [
      `password = "${value}"\n`,
      `os.environ["MLFLOW_TRACKING_PASSWORD"] = "${value}"\n`
    ];
    const nb = oneCellNotebook(source);
    const { ms, codes: found } = timeLint(lib, nb, config);
    const codes = found.filter(c => c === 'NB408' || c === 'NB504');
    console.log(
      `${JSON.stringify(value.slice(0, 6) + '…').padEnd(12)} ${String(value.length).padStart(6)} chars  ${ms.toFixed(1).padStart(8)} ms  ${codes.join(',') || '-'}`
    );
  }
}
