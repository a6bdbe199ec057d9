/**
 * `nbcraft promote --cells` without `--module` names the package as the project does
 * (`pyproject.toml`'s `[project] name`), not after the folder it is run in: the same default
 * as the lab's dialog (projectPackage.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ipynbText } from '../promote/helpers';
import { runIn } from './writeHelpers';

let dir: string;
beforeEach(() => {
  dir = path.join(
    mkdtempSync(path.join(os.tmpdir(), 'nbcraft-pkg-')),
    'repo-main'
  );
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'nb.ipynb'),
    ipynbText(['x = 2', 'y = x * 2', 'print(y)'])
  );
});
afterEach(() => {
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

it("writes into the package pyproject.toml's [project] name gives", async () => {
  writeFileSync(
    path.join(dir, 'pyproject.toml'),
    '[project]\nname = "Sales-Forecasting"\n'
  );
  const { code, err } = await runIn(dir, [
    'promote',
    'nb.ipynb',
    '--cells',
    '2'
  ]);
  expect(err).toBe('');
  expect(code).toBe(0);
  expect(existsSync(path.join(dir, 'src/sales_forecasting/nb.py'))).toBe(true);
  expect(existsSync(path.join(dir, 'src/repo_main'))).toBe(false);
});

it('writes into the folder-named package when there is no pyproject.toml', async () => {
  const { code } = await runIn(dir, ['promote', 'nb.ipynb', '--cells', '2']);
  expect(code).toBe(0);
  expect(existsSync(path.join(dir, 'src/repo_main/nb.py'))).toBe(true);
});
