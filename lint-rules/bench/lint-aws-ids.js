#!/usr/bin/env node
'use strict';
/**
 * How long NB405 takes on one cell of many AWS access key ids, each beside a secret (in a comment,
 * or given): an id's secret is found among the lines near it, the text read once (the attack
 * review of s17-rules measured 20,000 ids 67.5 s when every id re-read the whole cell).
 *
 *   node bench/lint-aws-ids.js [N ...]     default 5000 20000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');
const { codeCell: code, notebookText, timeLint } = require('./notebook-text');

const config = lib.resolveConfig({ extends: 'strict' });
const md = source => ({ cell_type: 'markdown', metadata: {}, source });
const id = k => 'AKIA' + k.toString(36).toUpperCase().padStart(16, 'Q');
const cases = {
  "NB405 {n} ids, each with `# aws_secret_access_key: ''`": n =>
    Array.from(
      { length: n },
      (_, k) => `key${k} = '${id(k)}'  # aws_secret_access_key: ''`
    ).join('\n'),
  "NB405 {n} ids, each with `aws_secret_access_key = ''`": n =>
    Array.from(
      { length: n },
      (_, k) => `key${k} = '${id(k)}'; aws_secret_access_key = ''`
    ).join('\n')
};
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [5000, 20000]) {
  for (const [label, make] of Object.entries(cases)) {
    const { ms, codes: found } = timeLint(
      lib,
      notebookText([md('# T'), code(make(n), null)]),
      config
    );
    const count = found.filter(c => c === 'NB405').length;
    console.log(
      `${label.replace('{n}', n.toLocaleString('en'))}: ${ms.toFixed(0)} ms  NB405 x${count}`
    );
  }
}
