#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, and
 * inclusive time of the functions whose name matches an optional pattern.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/nbcraft.js lint ../../shared/corpus > /dev/null
 *   node bench/profile-summary.js /tmp/prof/<file>.cpuprofile [top=30] [inclusive-name-regex]
 */
const fs = require('fs');
const path = require('path');

/**
 * A profile's nodes by id, each node's parent, and each node's own sampled time (µs): what
 * profile-summary.js and profile-by-rule.js both read.
 */
function readProfile(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes)
    for (const c of n.children || []) parent.set(c, n.id);
  // sample durations: timeDeltas[i] is the time before sample i
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) || 0) + (profile.timeDeltas[i] || 0));
  }
  return { byId, parent, selfUs };
}

function main() {
  const [file, topArg, pattern] = process.argv.slice(2);
  if (!file) {
    console.error(
      'usage: node bench/profile-summary.js PROFILE.cpuprofile [top] [name-regex]'
    );
    process.exit(2);
  }
  const top = Number(topArg) || 30;
  const { byId, parent, selfUs } = readProfile(file);
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const where = cf =>
    `${path.relative(process.cwd(), (cf.url || '').replace(/^file:\/\//, '')) || '(native)'}:${cf.lineNumber + 1}`;
  const add = (map, key, us) => map.set(key, (map.get(key) || 0) + us);

  const byFunction = new Map();
  const byFile = new Map();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id).callFrame;
    add(byFunction, `${cf.functionName || '(anonymous)'} ${where(cf)}`, us);
    const url = (cf.url || cf.functionName || '(native)').replace(
      /^file:\/\//,
      ''
    );
    add(
      byFile,
      url.includes('node_modules')
        ? url.replace(
            /.*node_modules\/((?:@[^/]+\/)?[^/]+).*/,
            'node_modules/$1'
          )
        : path.relative(process.cwd(), url) || url,
      us
    );
  }
  const pct = us =>
    `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const print = (title, map) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${pct(us)}  ${k}`);
  };
  console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
  print('self time by function', byFunction);
  print('self time by file / package', byFile);

  if (pattern) {
    // inclusive time: a sample counts once for each distinct matching function on its stack
    const re = new RegExp(pattern);
    const inclusive = new Map();
    for (const [id, us] of selfUs) {
      const seen = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) {
        const cf = byId.get(n).callFrame;
        const key = `${cf.functionName || '(anonymous)'} ${where(cf)}`;
        if (re.test(key) && !seen.has(key)) {
          seen.add(key);
          add(inclusive, key, us);
        }
      }
    }
    print(`inclusive time of functions matching /${pattern}/`, inclusive);
  }
}

module.exports = { readProfile };
if (require.main === module) {
  main();
}
