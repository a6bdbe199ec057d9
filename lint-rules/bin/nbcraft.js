#!/usr/bin/env node
'use strict';
// The process edge only: argv in, exit code out. All behaviour lives in lib/cli.
require('../lib/cli/main.js')
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
