// cd lint-rules && node bench/deep-paths.js [LIBDIR ...]   (default LIBDIR: ./lib)
// How long promote's up-front write check (lib/cli/write.js projectWritesRefusal: the links on
// each file's way, resolveLinks and inGitFolder) takes on a module path N folders deep (a
// notebook's `promote:<path>:<fn>` tag can name one) with the `__init__.py` promote writes at
// each of its N levels, at growing depths: first when none of the folders exists yet (the check
// before anything is written), then when all do (the check run again after staging, or a
// package promoted into again). Prints ms per depth and case; a lib taking over 60 s at one
// depth is stopped and the deeper ones skipped.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const libs = process.argv.slice(2);
if (!libs.length) libs.push(path.join(__dirname, '..', 'lib'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-deep-'));
try {
  for (const lib of libs) {
    const stopped = new Set(); // the cases that took over 60 s: not run deeper
    for (const depth of [100, 200, 400, 1500]) {
      for (const made of [false, true]) {
        if (stopped.has(made)) continue;
        const r = spawnSync(
          process.execPath,
          [
            '-e',
            `const fs=require('fs');const path=require('path');const w=require(${JSON.stringify(path.resolve(lib, 'cli', 'write.js'))});` +
              `const dir=${JSON.stringify(dir)};const files=Array.from({length:${depth}},(_,i)=>path.join(dir,...Array(i+1).fill('a'),'__init__.py'));` +
              `files.push(path.join(dir,...Array(${depth}).fill('a'),'m.py'));` +
              `fs.rmSync(path.join(dir,'a'),{recursive:true,force:true});` +
              (made
                ? `process.chdir(dir);fs.mkdirSync(Array(${depth}).fill('a').join('/'),{recursive:true});`
                : '') +
              `const t=process.hrtime.bigint();const r=w.projectWritesRefusal(files,dir);` +
              `console.log(Number(process.hrtime.bigint()-t)/1e6, r?r.message.slice(0,80):'allowed')`
          ],
          { encoding: 'utf8', timeout: 60000 }
        );
        const said =
          r.error && r.error.code === 'ETIMEDOUT'
            ? 'over 60 s (stopped)'
            : r.status !== 0
              ? `failed: ${String(r.stderr || r.error)
                  .trim()
                  .split('\n')
                  .slice(-1)}`
              : `${r.stdout.trim().replace(' ', ' ms, ')}`;
        console.log(
          `${lib} depth ${depth}, folders ${made ? 'made' : 'missing'}: ${said}`
        );
        if (said.startsWith('over')) stopped.add(made);
      }
      if (stopped.size === 2) break;
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
