#!/usr/bin/env node
'use strict';
// The process edge only: argv in, exit code out. All behaviour lives in lib/cli.
const fs = require('fs');
const path = require('path');

const cliDir = path.join(__dirname, '..', 'lib', 'cli');

// V8 tuned for a short run, before any of the CLI is compiled (why: CLI_V8_FLAGS in codeCache)
try {
  require('v8').setFlagsFromString(
    require(path.join(cliDir, 'codeCache.js')).CLI_V8_FLAGS
  );
} catch {
  // an older build without the constant: V8's defaults
}

/**
 * The one-file bundle (scripts/bundle-cli.js) starts faster, through the V8 code cache; it is
 * used unless a later `tsc -b` left it older than the compiled files (a developer's tree).
 */
function loadCli() {
  const bundle = path.join(cliDir, 'nbcraft.bundle.js');
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const stale = ['tsconfig.tsbuildinfo', 'tsconfig.cli.tsbuildinfo'].some(
      f => {
        try {
          return fs.statSync(path.join(__dirname, '..', f)).mtimeMs > built;
        } catch {
          return false; // an installed package has no build info: the bundle is what it ships
        }
      }
    );
    if (!stale) {
      return require(path.join(cliDir, 'codeCache.js')).requireWithCodeCache(
        bundle
      ).exports;
    }
  } catch {
    // no bundle: the plain compiled modules
  }
  return require(path.join(cliDir, 'main.js'));
}

loadCli()
  .execute(process.argv.slice(2))
  .then(code => {
    process.exitCode = code;
  })
  .catch(err => {
    process.stderr.write(
      `nbcraft: internal error: ${err && err.message ? err.message : err}\n`
    );
    process.exitCode = 2;
  });
