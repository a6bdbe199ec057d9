/** The real CLI for the fuzz and regression tests: the binary, and a notebook that is not UTF-8. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { notebookText } from './notebookCases';

const pkgRoot = path.join(__dirname, '..', '..');
const bin = path.join(pkgRoot, 'bin', 'nbcraft.js');

/** The binary runs the build in lib/ (`jlpm build`); without one these tests are skipped. */
export const built = fs.existsSync(path.join(pkgRoot, 'lib', 'cli', 'main.js'));

/** `bin/nbcraft.js ARGS` in `cwd`, one thread, no colours. */
export function nbcraft(
  args: string[],
  cwd: string
): { status: number | null; stdout: string; stderr: string } {
  const p = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NBCRAFT_THREADS: '1', NO_COLOR: '1' }
  });
  return { status: p.status, stdout: p.stdout, stderr: p.stderr };
}

/** A notebook with Latin-1 bytes (0xE9 "é", then 0xFF) in its second cell, and where they are. */
export function latin1Notebook(): {
  bytes: Buffer;
  line: number;
  column: number;
} {
  const [before, after] = notebookText([
    'import os',
    "s = 'caf@@'\nprint(s)"
  ]).split('@@');
  const lines = before.split('\n');
  return {
    bytes: Buffer.concat([
      Buffer.from(before),
      Buffer.from([0xe9, 0x20, 0xff]),
      Buffer.from(after)
    ]),
    line: lines.length,
    column: lines[lines.length - 1].length + 1
  };
}
