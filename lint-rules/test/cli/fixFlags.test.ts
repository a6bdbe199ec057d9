/**
 * `nbcraft lint --fix` with `--unsafe-fixes` and `--pin-from-env`, end to end: real files in a
 * temp folder, and for --pin-from-env the repository's real Python environment (.venv).
 */
import { spawnSync } from 'child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execute } from '../../src/cli/main';
import { nodeIo } from '../../src/cli/io';
import { notebookText } from '../rules/ruleTester';
import { readNotebook } from '../../src/notebook';

const venvPython = path.join(
  __dirname,
  '..',
  '..',
  '..',
  '.venv',
  'bin',
  'python'
);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-fixflags-'));
  writeFileSync(
    path.join(dir, 'nbcraft.json'),
    JSON.stringify({ extends: 'strict' })
  );
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await execute(
    argv,
    nodeIo({
      cwd: dir,
      stdout: t => void (out += t),
      stderr: t => void (err += t),
      env: { NBCRAFT_THREADS: '1', ...env }
    })
  );
  return { code, out, err };
}

const cellsOf = (file: string) =>
  readNotebook(file, readFileSync(path.join(dir, file), 'utf8')).cells.map(
    c => c.source
  );

describe('nbcraft lint --fix --unsafe-fixes', () => {
  const cells = [
    'import os\nimport pandas as pd',
    'df = pd.DataFrame()\nif df == None:\n    pass'
  ];

  it('--fix applies safe fixes only; --unsafe-fixes the suggestions too', async () => {
    writeFileSync(path.join(dir, 'a.ipynb'), notebookText(cells));
    writeFileSync(path.join(dir, 'b.ipynb'), notebookText(cells));
    await run(['lint', '--fix', 'a.ipynb']);
    expect(cellsOf('a.ipynb')).toEqual([
      'import pandas as pd',
      'df = pd.DataFrame()\nif df == None:\n    pass'
    ]);
    await run(['lint', '--fix', '--unsafe-fixes', 'b.ipynb']);
    expect(cellsOf('b.ipynb')).toEqual([
      'import pandas as pd',
      'df = pd.DataFrame()\nif df is None:\n    pass'
    ]);
  });

  it('without --fix the flags are a usage error (exit 2), and nothing is written', async () => {
    writeFileSync(path.join(dir, 'a.ipynb'), notebookText(cells));
    const before = readFileSync(path.join(dir, 'a.ipynb'), 'utf8');
    for (const flag of ['--unsafe-fixes', '--pin-from-env']) {
      const r = await run(['lint', flag, 'a.ipynb']);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${flag} changes what --fix applies`);
    }
    expect(readFileSync(path.join(dir, 'a.ipynb'), 'utf8')).toBe(before);
  });
});

describe('nbcraft lint --fix --pin-from-env', () => {
  const haveVenv = existsSync(venvPython);

  (haveVenv ? it : it.skip)(
    'pins an unpinned %pip install to the version installed in $NBCRAFT_PYTHON',
    async () => {
      const version = spawnSync(
        venvPython,
        ['-c', 'import importlib.metadata as m; print(m.version("mlflow"))'],
        { encoding: 'utf8' }
      ).stdout.trim();
      expect(version).toMatch(/^\d+\.\d+/);
      writeFileSync(
        path.join(dir, 'p.ipynb'),
        notebookText(['%pip install mlflow no-such-package-nbcraft-test'])
      );
      const r = await run(['lint', '--fix', '--pin-from-env', 'p.ipynb'], {
        NBCRAFT_PYTHON: venvPython
      });
      expect(r.code).toBe(1); // the unknown package stays unpinned
      expect(cellsOf('p.ipynb')).toEqual([
        `%pip install mlflow==${version} no-such-package-nbcraft-test`
      ]);
    },
    // two interpreters start (Python for the version, Node for the CLI): on a busy 2-core
    // machine that took longer than jest's default 5 s
    60_000
  );

  it('an interpreter that cannot run is a clear usage error (exit 2)', async () => {
    writeFileSync(
      path.join(dir, 'p.ipynb'),
      notebookText(['%pip install mlflow'])
    );
    const r = await run(['lint', '--fix', '--pin-from-env', 'p.ipynb'], {
      NBCRAFT_PYTHON: path.join(dir, 'no-python-here')
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('set NBCRAFT_PYTHON');
  });
});
