#!/usr/bin/env node
'use strict';
/**
 * The lint stage of a V8 .cpuprofile, rule by rule: every sample taken inside `lintNotebook` is
 * charged to the innermost rule module on its stack (`lib/rules/<id>.js`, support modules
 * included under the rule that called them), else to the file of its innermost frame (the
 * engine, @lezer/common, a regex). Prints ms per pass, largest first.
 *
 *   node --no-turbo-inlining --cpu-prof --cpu-prof-dir=/tmp/prof bench/lint-stages.js lib 10
 *   node bench/profile-by-rule.js /tmp/prof/<file>.cpuprofile 10 [top=40]
 * (without inlining, a rule hook inlined into the engine's walk would be charged to the engine;
 * garbage collection is charged to no stage). Not a test; prints numbers.
 */
const { readProfile } = require('./profile-summary');

const [file, passesArg, topArg] = process.argv.slice(2);
if (!file) {
  console.error(
    'usage: node bench/profile-by-rule.js PROFILE.cpuprofile [passes] [top]'
  );
  process.exit(2);
}
const passes = Number(passesArg) || 1;
const top = Number(topArg) || 40;
const { byId, parent, selfUs } = readProfile(file);

const charged = new Map();
for (const [id, us] of selfUs) {
  let rule = null;
  let inLint = false;
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const frame = byId.get(n).callFrame;
    const m = /lib\/rules\/([a-z-]+)\.js/.exec(frame.url || '');
    if (m && !rule) rule = `rule ${m[1]}`;
    if (frame.functionName === 'lintNotebook') {
      inLint = true;
      break;
    }
  }
  if (!inLint) continue;
  const frame = byId.get(id).callFrame;
  const key =
    rule ??
    `other ${(frame.url || '').replace(/.*\/(lib|node_modules)\//, '$1/') || frame.functionName}`;
  charged.set(key, (charged.get(key) || 0) + us);
}
const total = [...charged.values()].reduce((a, b) => a + b, 0);
const ms = us => (us / 1000 / passes).toFixed(1).padStart(7);
console.log(`${ms(total)}  lint stage, ms per pass`);
for (const [key, us] of [...charged].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${ms(us)}  ${key}`);
