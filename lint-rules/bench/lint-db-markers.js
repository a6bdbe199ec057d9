#!/usr/bin/env node
'use strict';
/**
 * How long NB605 takes on a Databricks .py whose one %md cell holds many malformed `#MAGIC x`
 * lines: each finding is located in its cell from a file-line map built once (the attack review
 * of s17-r13 measured 30,000 such lines 66 s when each finding re-read the cell's lines).
 *
 *   node bench/lint-db-markers.js [N ...]     default 10000 30000
 * Not a test; prints numbers. Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const lib = require('../lib');

const config = lib.resolveConfig({ extends: 'strict' });
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [10000, 30000]) {
  const text =
    '# Databricks notebook source\n# MAGIC %md\n# MAGIC # T\n' +
    '#MAGIC x\n'.repeat(n) +
    '\n# COMMAND ----------\n\nx = 1\n';
  const t = process.hrtime.bigint();
  const { result } = lib.lintFile('a.py', text, config);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const count = result.findings.filter(f => f.ruleCode === 'NB605').length;
  console.log(
    `NB605 ${n.toLocaleString('en')} '#MAGIC x' lines: ${ms.toFixed(0)} ms  NB605 x${count}`
  );
}
