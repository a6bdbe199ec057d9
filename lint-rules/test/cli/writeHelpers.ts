/**
 * What the CLI tests share (cli, writeLinks, writeProject): the CLI run in-process in a
 * folder, and a notebook tagged to promote.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { nodeIo } from '../../src/cli/io';
import { execute } from '../../src/cli/main';
import { ipynbText } from '../promote/helpers';

/** `nbcraft <argv>` run in `cwd`, its exit code and what it printed. */
export async function runIn(
  cwd: string,
  argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await execute(
    argv,
    nodeIo({
      cwd,
      stdout: t => void (out += t),
      stderr: t => void (err += t),
      env: { NBCRAFT_THREADS: '1' }
    })
  );
  return { code, out, err };
}

/** A notebook `name` in `folder` whose second cell is tagged to promote into `module`; its text. */
export function taggedNotebookIn(
  folder: string,
  module: string,
  name = 'nb.ipynb'
): string {
  const text = ipynbText([
    'x = 2',
    { code: 'y = x * 2', tags: [`promote:${module}:build`] },
    'print(y)'
  ]);
  writeFileSync(path.join(folder, name), text);
  return text;
}
