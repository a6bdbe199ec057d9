import { expect, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { test } from './helpers/evidence';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { saveInLab } from './helpers/contents';
import {
  openPromoteDialogOn,
  projectBesideTheLab,
  uploadTwoCellNotebook
} from './helpers/promote';

/**
 * "Promote to module..." end to end in Chromium, on a real notebook with a real Python
 * kernel: preview, refusal, accept, files written through the contents API, the notebook
 * run again afterwards with the promoted function.
 */
test.use({ autoGoto: true });

async function readFile(
  page: IJupyterLabPageFixture,
  file: string
): Promise<string | null> {
  return page.evaluate(async (p: string) => {
    const app = (
      window as unknown as {
        jupyterapp: {
          serviceManager: {
            contents: {
              get(p: string, o: object): Promise<{ content: string }>;
            };
          };
        };
      }
    ).jupyterapp;
    try {
      const model = await app.serviceManager.contents.get(p, {
        type: 'file',
        format: 'text',
        content: true
      });
      return model.content;
    } catch {
      return null;
    }
  }, file);
}

// Each test works in a folder under Galata's `tmpPath`, which Galata makes empty for every
// attempt (a retry, a --repeat-each run) and deletes afterwards: at the server's root, the
// files an earlier attempt promoted stayed, and the next attempt met its own module as a
// teammate's function (a conflict) or its test file as already there.
test('promote a cell to a tested module, then run the notebook again', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/promote-demo`;
  const notebook = `${folder}/promote-demo.ipynb`;
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));

  await page.contents.uploadDirectory(
    path.resolve(__dirname, '../fixtures/promote'),
    folder
  );
  await page.notebook.openByPath(notebook);
  await page.notebook.activate('promote-demo.ipynb');
  // A real kernel runs the notebook first: the state the user promotes from.
  await page.notebook.run();
  expect((await page.notebook.getCellTextOutput(4))?.join('')).toContain(
    'total is 20.0'
  );

  // A star import is refused, with the reason, and Promote stays disabled.
  const refused = await openPromoteDialogOn(page, 5, 'shortcut');
  await expect(refused.locator('.jp-nbcraft-promote-refusal')).toContainText(
    'import *'
  );
  await expect(refused.locator('.jp-nbcraft-promote-refusal')).toContainText(
    'import the names you use explicitly'
  );
  await expect(
    refused.locator('.jp-Dialog-button.jp-mod-accept')
  ).toBeDisabled();
  await refused.screenshot({ path: '../docs/screenshots/promote-refusal.png' });
  await refused.locator('.jp-Dialog-button.jp-mod-reject').click();
  await expect(refused).toHaveCount(0);

  // The scaling cell: module path from the project's nbcraft.json, params, returns, diff.
  const dialog = await openPromoteDialogOn(page, 3, 'menu');
  await expect(dialog.locator('.jp-nbcraft-promote-module')).toHaveValue(
    'src/promo_pkg/promote_demo.py'
  );
  // "Paths are relative to ..." sits right under the two path fields it explains (it was
  // under the Function field), from the left edge of the Module field.
  const box = async (selector: string) =>
    (await dialog.locator(selector).boundingBox())!;
  const [moduleBox, testsBox, functionBox, rootBox] = await Promise.all(
    [
      '.jp-nbcraft-promote-module',
      '.jp-nbcraft-promote-tests',
      '.jp-nbcraft-promote-function',
      '.jp-nbcraft-promote-root'
    ].map(box)
  );
  await expect(dialog.locator('.jp-nbcraft-promote-root')).toContainText(
    'Paths are relative to the project folder'
  );
  expect(rootBox.y).toBeGreaterThanOrEqual(
    Math.max(moduleBox.y + moduleBox.height, testsBox.y + testsBox.height)
  );
  expect(Math.abs(rootBox.x - moduleBox.x)).toBeLessThan(2);
  expect(functionBox.y + functionBox.height).toBeLessThanOrEqual(moduleBox.y);
  // How the module will import, said before anything is written.
  await expect(dialog.locator('.jp-nbcraft-promote-pythonpath')).toContainText(
    '"src" is added to pytest\'s pythonpath in pyproject.toml'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-params')).toHaveText(
    'k, xs'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-returns')).toHaveText(
    'total'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-module-diff')).toContainText(
    '+def scale_the_values(k, xs):'
  );

  // Editing the function name re-plans the module, the test and the replacement cell.
  await dialog.locator('.jp-nbcraft-promote-function').fill('scale_values');
  await expect(dialog.locator('.jp-nbcraft-promote-module-diff')).toContainText(
    '+def scale_values(k, xs):'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-cell')).toContainText(
    'total = scale_values(k, xs)'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-test-diff')).toContainText(
    'from promo_pkg.promote_demo import scale_values'
  );
  await expect(dialog.locator('.jp-Dialog-button.jp-mod-accept')).toBeEnabled();
  await dialog.screenshot({ path: '../docs/screenshots/promote-preview.png' });
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  await expect(dialog).toHaveCount(0);

  // Files written through the contents API, the module opened beside the notebook.
  await expect
    .poll(() => readFile(page, `${folder}/src/promo_pkg/promote_demo.py`))
    .toContain('def scale_values(k, xs):');
  const moduleText = await readFile(
    page,
    `${folder}/src/promo_pkg/promote_demo.py`
  );
  expect(moduleText).toContain('import math');
  await expect
    .poll(() => readFile(page, `${folder}/tests/test_promote_demo.py`))
    .toContain('from promo_pkg.promote_demo import scale_values');
  // The kernel held the inputs and the result: the test characterizes them, not skipped.
  const testText =
    (await readFile(page, `${folder}/tests/test_promote_demo.py`)) ?? '';
  expect(testText).toContain('def test_scale_values_characterization');
  expect(testText).toContain('scale_values(k=2, xs=[1, 4, 9, 16]) == 20.0');
  // And the written test passes under pytest, run on the server's own files.
  const serverRoot = await page.evaluate(
    () =>
      JSON.parse(
        document.getElementById('jupyter-config-data')?.textContent ?? '{}'
      ).serverRoot as string
  );
  // The module imports through the pythonpath entry written beside it: plain `pytest` (not
  // `python -m pytest`, which would add the current folder) from the project folder.
  expect(await readFile(page, `${folder}/pyproject.toml`)).toBe(
    '[tool.pytest.ini_options]\npythonpath = ["src"]\n'
  );
  const env = { ...process.env };
  delete env.PYTHONPATH;
  const pytest = spawnSync(
    path.resolve(__dirname, '../../.venv/bin/pytest'),
    ['-q', '-p', 'no:cacheprovider'],
    { cwd: path.join(serverRoot, folder), encoding: 'utf8', env }
  );
  expect(pytest.stdout).toMatch(/2 passed/);
  expect(await readFile(page, `${folder}/src/promo_pkg/__init__.py`)).toBe('');
  await expect(page.locator('.jp-FileEditor').first()).toBeVisible();
  await expect(
    page.getByRole('tab', { name: 'promote_demo.py' })
  ).toBeVisible();

  // The selection became one call cell.
  await page.notebook.activate('promote-demo.ipynb');
  const replaced = await page.notebook.getCellTextInput(3);
  expect(replaced).toContain('from promo_pkg.promote_demo import scale_values');
  expect(replaced).toContain('total = scale_values(k, xs)');
  await page.screenshot({ path: '../docs/screenshots/promote-after.png' });
  // The kernel that was already running imports the new module too (no restart needed).
  await page.notebook.runCell(3);
  await expect
    .poll(
      async () => (await page.notebook.getCellTextOutput(3))?.join('') ?? ''
    )
    .toContain('20.0');

  // One Undo restores the original cells; Redo brings the promotion back.
  const cellCount = await page.notebook.getCellCount();
  await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('notebook:undo-cell-action')
  );
  await expect
    .poll(() => page.notebook.getCellTextInput(3))
    .toContain('scaled = [math.sqrt(x) * k for x in xs]');
  expect(await page.notebook.getCellCount()).toBe(cellCount);
  await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('notebook:redo-cell-action')
  );
  await expect
    .poll(() => page.notebook.getCellTextInput(3))
    .toContain('total = scale_values(k, xs)');

  // Same name, different code: the module already has a `report_total` (a teammate's),
  // so the dialog asks replace / rename (or Cancel).
  const withTeammate = `${moduleText}\n\ndef report_total(value):\n    return round(value, 1)\n`;
  await saveInLab(
    page,
    `${folder}/src/promo_pkg/promote_demo.py`,
    withTeammate
  );
  const conflict = await openPromoteDialogOn(page, 4, 'menu');
  await conflict.locator('.jp-nbcraft-promote-function').fill('report_total');
  await expect(conflict.locator('.jp-nbcraft-promote-conflict')).toBeVisible();
  await expect(
    conflict.locator('.jp-Dialog-button.jp-mod-accept')
  ).toBeDisabled();
  await conflict.getByLabel('Rename the new function').check();
  await expect(
    conflict.locator('.jp-nbcraft-promote-module-diff')
  ).toContainText('+def report_total_2(');
  await expect(
    conflict.locator('.jp-Dialog-button.jp-mod-accept')
  ).toBeEnabled();
  await conflict.screenshot({
    path: '../docs/screenshots/promote-conflict.png'
  });
  await conflict.locator('.jp-Dialog-button.jp-mod-reject').click();
  await expect(conflict).toHaveCount(0);
  // Cancel changed nothing.
  expect(await readFile(page, `${folder}/src/promo_pkg/promote_demo.py`)).toBe(
    withTeammate
  );

  // Run All again in a fresh kernel: the module under src/ imports (the kernel puts pytest's
  // pythonpath on sys.path), and the later cells still get their values.
  // (Outputs are cleared first, so only outputs of the new run can satisfy the checks.)
  await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('notebook:clear-all-cell-outputs')
  );
  await expect(page.locator('.jp-Notebook .jp-OutputArea-output')).toHaveCount(
    0
  );
  // A fresh kernel (a new one rather than a restart: see the report about restarts here).
  await page.evaluate(async () => {
    const app = (
      window as unknown as {
        jupyterapp: {
          shell: {
            currentWidget: {
              sessionContext: { changeKernel(o: object): Promise<unknown> };
            };
          };
        };
      }
    ).jupyterapp;
    await app.shell.currentWidget.sessionContext.changeKernel({
      name: 'python3'
    });
  });
  await page.notebook.run();
  await expect
    .poll(
      async () => (await page.notebook.getCellTextOutput(4))?.join('') ?? '',
      { timeout: 60000 }
    )
    .toContain('total is 20.0');
  await expect
    .poll(
      async () => (await page.notebook.getCellTextOutput(3))?.join('') ?? ''
    )
    .toContain('20.0');
  // Only the star-import cell is left as it was; no cell before it failed.
  const errorOutputs = page.locator(
    '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
  );
  await expect(errorOutputs).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('when the import went into the import cell, a notice says to run it, and then the call cell runs', async ({
  page,
  tmpPath
}) => {
  // Seen in the first-hour walk: promoting the sample's evaluation cell put
  // `from examples.sample_training import evaluate` into the notebook's import cell, and
  // running the call cell then failed with "NameError: name 'evaluate' is not defined".
  const where = `${tmpPath}/promote-import-cell`;
  await page.contents.uploadDirectory(
    path.resolve(__dirname, '../fixtures/promote-import-cell'),
    where
  );
  await page.notebook.openByPath(`${where}/import-cell.ipynb`);
  await page.notebook.activate('import-cell.ipynb');
  await page.notebook.run();
  await expect
    .poll(
      async () => (await page.notebook.getCellTextOutput(3))?.join('') ?? ''
    )
    .toContain('total is 6.0');

  const dialog = await openPromoteDialogOn(page, 2, 'shortcut');
  await dialog.locator('.jp-nbcraft-promote-function').fill('total_of');
  await expect(dialog.locator('.jp-nbcraft-promote-cell')).toContainText(
    'total = total_of(xs)'
  );
  await expect(dialog.locator('.jp-Dialog-button.jp-mod-accept')).toBeEnabled();
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  await expect(dialog).toHaveCount(0);

  // the dialog opened the module beside the notebook (wait for it, or it takes the focus
  // after the notebook was activated): back to the notebook
  await expect(page.getByRole('tab', { name: 'import_cell.py' })).toBeVisible();
  await page.notebook.activate('import-cell.ipynb');
  // The import went into the import cell, which this kernel ran before the line was there:
  // nbcraft does not import for the user (the import may run the project's code), it says so...
  await expect
    .poll(() => page.notebook.getCellTextInput(0))
    .toContain('from imp_pkg.import_cell import total_of');
  expect(await page.notebook.getCellTextInput(2)).toBe('total = total_of(xs)');
  await expect(
    page
      .locator('.Toastify__toast')
      .filter({ hasText: "went into the notebook's import cell" })
  ).toBeVisible();
  // ...and once the user runs the import cell, the call cell and the next one run in the same
  // kernel, with no NameError.
  // (Outputs are cleared first, so only outputs of these runs can satisfy the checks.)
  await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('notebook:clear-all-cell-outputs')
  );
  await expect(page.locator('.jp-Notebook .jp-OutputArea-output')).toHaveCount(
    0
  );
  await page.notebook.runCell(0);
  // Done what it asked: the notice closes (left open, it sat over the runs sidebar's bottom
  // corner, its Reproduce button, for the rest of the session).
  await expect(
    page
      .locator('.Toastify__toast')
      .filter({ hasText: "went into the notebook's import cell" })
  ).toHaveCount(0);
  await page.notebook.runCell(2);
  await page.notebook.runCell(3);
  await expect
    .poll(
      async () => (await page.notebook.getCellTextOutput(3))?.join('') ?? ''
    )
    .toContain('total is 6.0');
  expect((await page.notebook.getCellTextOutput(2))?.join('') ?? '').toBe('');
  await expect(
    page.locator(
      '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )
  ).toHaveCount(0);
});

/** A notebook of two Python cells (`rate = 0.5`, then a cell reading it) at `path`. */
test('the dialog takes its module folder from [tool.nbcraft] in pyproject.toml, as the CLI does', async ({
  page,
  tmpPath
}) => {
  const project = `${tmpPath}/promote-pyproject`;
  await page.contents.uploadContent(
    [
      '[project]',
      'name = "pyproj"',
      '',
      '[tool.nbcraft.promote]',
      'moduleDir = "lib/pyproj"',
      'testsDir = "checks"',
      ''
    ].join('\n'),
    'text',
    `${project}/pyproject.toml`
  );
  await uploadTwoCellNotebook(page, `${project}/notebooks/Sales Model.ipynb`);
  await page.notebook.openByPath(`${project}/notebooks/Sales Model.ipynb`);
  await page.notebook.activate('Sales Model.ipynb');
  const dialog = await openPromoteDialogOn(page, 1, 'menu');
  await expect(dialog.locator('.jp-nbcraft-promote-module')).toHaveValue(
    'lib/pyproj/sales_model.py'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-tests')).toHaveValue(
    'checks'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-warning')).toHaveCount(0);
  await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();
  await expect(dialog).toHaveCount(0);
});

test('the preview shows a test file hide_globs hides as the existing file, and a hidden tests folder as one it cannot tell', async ({
  page,
  tmpPath
}) => {
  const project = `${tmpPath}/promote-hidden`;
  // the project folder (paths in the dialog are relative to it)
  await page.contents.uploadContent(
    JSON.stringify({ promote: { testsDir: 'tests' } }),
    'text',
    `${project}/nbcraft.json`
  );
  // the server's hide_globs hide this name (jupyter_server_test_config.py)
  await page.contents.uploadContent(
    'def test_mine():\n    assert True\n',
    'text',
    `${project}/tests/test_hidden_by_globs.py`
  );
  await uploadTwoCellNotebook(page, `${project}/hidden_by_globs.ipynb`);
  await page.notebook.openByPath(`${project}/hidden_by_globs.ipynb`);
  await page.notebook.activate('hidden_by_globs.ipynb');
  const notFound: string[] = [];
  page.on('response', response => {
    if (response.status() === 404) {
      notFound.push(response.url());
    }
  });
  const dialog = await openPromoteDialogOn(page, 1, 'menu');
  await dialog.locator('.jp-nbcraft-promote-module').fill('hidden_by_globs.py');
  await dialog.locator('.jp-nbcraft-promote-tests').fill('tests');
  await expect(dialog.locator('.jp-nbcraft-promote-status')).toHaveCount(0);
  // Before: "(new file)", and the accept was refused. Now the existing test is kept above
  // the planned one, as for any existing test file.
  await expect(dialog.locator('.jp-nbcraft-promote-test-diff')).toContainText(
    'def test_mine():'
  );
  await expect(
    dialog.locator('.jp-nbcraft-promote-stats').nth(1)
  ).not.toContainText('new file');
  await dialog.locator('.jp-nbcraft-promote-tests').fill('.checks');
  await expect(dialog.locator('.jp-nbcraft-promote-refusal')).toContainText(
    'is hidden'
  );
  await expect(
    dialog.locator('.jp-Dialog-button.jp-mod-accept')
  ).toBeDisabled();
  await dialog.locator('.jp-nbcraft-promote-tests').fill('tests');
  await expect(dialog.locator('.jp-nbcraft-promote-refusal')).toHaveCount(0);
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  await expect(dialog).toHaveCount(0);
  // the accept updates the file it previewed (before: refused, "already exists")
  const written = () =>
    readFile(page, `${project}/tests/test_hidden_by_globs.py`);
  await expect.poll(written).toContain('from hidden_by_globs import');
  expect(await written()).toContain('def test_mine():');
  expect(notFound).toEqual([]);
});

test('a refused accept leaves a folder it made that someone wrote a hidden file into, and says so', async ({
  page,
  tmpPath
}) => {
  // the hidden file is written beside the lab, as git or an editor would, which Contents
  // cannot do
  const project = `${tmpPath}/promote-rollback`;
  const root = await projectBesideTheLab(page, project);
  await uploadTwoCellNotebook(page, `${project}/rollback.ipynb`);
  await page.notebook.openByPath(`${project}/rollback.ipynb`);
  await page.notebook.activate('rollback.ipynb');
  const dialog = await openPromoteDialogOn(page, 1, 'menu');
  await dialog.locator('.jp-nbcraft-promote-module').fill('pkg/rolled.py');
  await dialog.locator('.jp-nbcraft-promote-tests').fill('tests');
  await expect(dialog.locator('.jp-nbcraft-promote-status')).toHaveCount(0);
  await expect(dialog.locator('.jp-nbcraft-promote-refusal')).toHaveCount(0);
  // when the accept moves the test file into place, the package folder it made already
  // holds a .gitkeep, and the test file's name was taken meanwhile: the accept is refused
  const keep = path.join(root, project, 'pkg', '.gitkeep');
  await page.route('**/api/contents/**', async route => {
    const request = route.request();
    if (
      request.method() === 'PATCH' &&
      (request.postData() ?? '').includes('tests/test_rolled.py')
    ) {
      fs.writeFileSync(keep, 'keep\n');
      fs.writeFileSync(
        path.join(root, project, 'tests', 'test_rolled.py'),
        'THEIRS\n'
      );
    }
    await route.continue();
  });
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  // the toast shows the start of the message (the roll-back's words are checked in
  // test/promote/writePlanServer.spec.ts)
  await expect(
    page.locator('.Toastify__toast').filter({ hasText: 'Promote failed' })
  ).toContainText(`${project}/tests/test_rolled.py already exists`);
  // before: the roll-back took the folder for empty (the listing hides .gitkeep) and
  // deleted it with the file; the empty __init__.py promote made stays with the folder
  // someone wrote into (it is removed only together with its empty folder, so a package
  // others now use does not become a namespace package)
  expect(fs.readFileSync(keep, 'utf-8')).toBe('keep\n');
  expect(
    fs
      .readdirSync(path.join(root, project, 'pkg'))
      .filter(n => n !== '.ipynb_checkpoints')
      .sort()
  ).toEqual(['.gitkeep', '__init__.py']);
  expect(await readFile(page, `${project}/tests/test_rolled.py`)).toBe(
    'THEIRS\n'
  );
});
