// Runs `nbcraft promote` several times in one Node process (the same `execute(argv, io)` that
// bin/nbcraft.js calls), so the equivalence test does not pay Node's start-up per cell.
// argv[2]: the CLI's built folder (lint-rules/lib/cli, named by the test),
// stdin: JSON [{cwd, argv}], stdout: JSON [{code, stderr, stdout}].
'use strict';
const path = require('path');
const lib = process.argv[2];
const { execute } = require(path.join(lib, 'promote.js'));
const { nodeIo } = require(path.join(lib, 'io.js'));

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const results = [];
  for (const { cwd, argv } of JSON.parse(input)) {
    let stdout = '';
    let stderr = '';
    const io = nodeIo({
      cwd,
      stdout: t => (stdout += t),
      stderr: t => (stderr += t),
      env: {}
    });
    let code;
    try {
      code = await execute(argv, io);
    } catch (err) {
      code = 3;
      stderr += `internal error: ${err && err.stack ? err.stack : err}`;
    }
    results.push({ code, stdout, stderr });
  }
  process.stdout.write(JSON.stringify(results));
}
main();
