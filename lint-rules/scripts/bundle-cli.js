#!/usr/bin/env node
'use strict';
/**
 * Build step after `tsc -b tsconfig.cli.json`: bundle the CLI and its library into one file,
 * lib/cli/nbcraft.bundle.js (fewer files to resolve and read at start), then run it once over the
 * package's own fixtures so that its V8 code cache is written (lib/cli/.v8-cache/), the way pip
 * compiles .pyc files at install. bin/nbcraft.js falls back to lib/cli/main.js without a bundle.
 *
 * It also lays out build/standalone/: the CLI with no node_modules at all (the bundle, its
 * loader, and `promote` bundled with its own copy of the library), which the nbcraft-lint wheel
 * (python/nbcraft-lint/hatch_build.py) ships as is.
 */
const { buildSync } = require('esbuild');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const pkg = path.join(__dirname, '..');
buildSync({
  entryPoints: [path.join(pkg, 'lib', 'cli', 'bundle.js')],
  outfile: path.join(pkg, 'lib', 'cli', 'nbcraft.bundle.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Without the comments and indentation the bundle is 30% smaller to read and for V8 to scan
  // lazily, and ASCII only (a few comments of its dependencies are not), so V8 holds it as a
  // one-byte string instead of decoding 1.9 MB into a two-byte one at every start. Names are
  // kept (no minifyIdentifiers): profiles and error messages still name every function.
  minifyWhitespace: true,
  // `nbcraft promote` is loaded on demand from lib/cli/promote.js (a computed import)
  logLevel: 'error'
});
const warm = spawnSync(
  process.execPath,
  [
    path.join(pkg, 'bin', 'nbcraft.js'),
    'lint',
    '--format',
    'json',
    ...['clean.ipynb', 'findings.ipynb', 'databricks.py', 'percent.py'].map(f =>
      path.join(pkg, 'test', 'fixtures', 'lint', f)
    )
  ],
  {
    env: {
      ...process.env,
      NBCRAFT_CODE_CACHE_REFRESH: '1',
      NBCRAFT_THREADS: '1'
    },
    encoding: 'utf8'
  }
);
if (warm.status !== 0 && warm.status !== 1) {
  // findings (1) are expected; anything else means the bundle is broken
  console.error(
    `bundle-cli: the bundled CLI failed on the fixtures (exit ${warm.status}):\n${warm.stderr}`
  );
  process.exit(1);
}

// build/standalone: what `node bin/nbcraft.js` needs with no node_modules beside it.
const standalone = path.join(pkg, 'build', 'standalone');
fs.rmSync(standalone, { recursive: true, force: true });
for (const file of [
  'bin/nbcraft.js',
  'lib/cli/nbcraft.bundle.js',
  'lib/cli/codeCache.js',
  'lib/cli/workerBoot.js'
]) {
  fs.mkdirSync(path.dirname(path.join(standalone, file)), { recursive: true });
  fs.copyFileSync(path.join(pkg, file), path.join(standalone, file));
}
// the bundle loads `promote` on demand from lib/cli/promote.js: here a self-contained one
if (fs.existsSync(path.join(pkg, 'lib', 'cli', 'promote.js')))
  buildSync({
    entryPoints: [path.join(pkg, 'lib', 'cli', 'promote.js')],
    outfile: path.join(standalone, 'lib', 'cli', 'promote.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error'
  });
const manifest = require(path.join(pkg, 'package.json'));
fs.writeFileSync(
  path.join(standalone, 'package.json'),
  JSON.stringify(
    {
      name: manifest.name,
      version: manifest.version,
      license: manifest.license,
      private: true,
      type: 'commonjs',
      engines: manifest.engines
    },
    null,
    2
  ) + '\n'
);
