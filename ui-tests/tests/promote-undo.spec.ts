import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { ConsoleMessage, Response } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import {
  openPromoteDialogOn,
  projectBesideTheLab,
  uploadTwoCellNotebook
} from './helpers/promote';

/**
 * A promote and its "Undo Promote" in Chromium, against the real server: no red line in the
 * console on the way (a missing file is promote's usual case, so asking for one must not be
 * a 404), and the undo puts the cells back and removes the files the promote wrote.
 *
 * The project holds `Tests/` beside the `tests` folder promote makes: the listing cannot say
 * whether `tests` is there (on a case-insensitive file system it is `Tests`), so the preview
 * and the accept asked the contents API for it, a 404 on Linux.
 */
test.use({ autoGoto: true });

/** Every console error, and every request that failed or answered 4xx/5xx, until stopped. */
function watchProblems(page: IJupyterLabPageFixture): () => string[] {
  const problems: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error') {
      problems.push(`console: ${message.text()}`);
    }
  };
  const onResponse = (response: Response) => {
    if (response.status() >= 400) {
      problems.push(
        `${response.status()} ${response.request().method()} ${response.url()}`
      );
    }
  };
  const onFailed = (request: { url(): string }) => {
    problems.push(`failed: ${request.url()}`);
  };
  page.on('console', onConsole);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  return () => {
    page.off('console', onConsole);
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
    return problems;
  };
}

test('a promote preview, its accept and Undo Promote log no error and leave no file', async ({
  page,
  tmpPath
}) => {
  // in Galata's per-test `tmpPath`, emptied for every attempt: a retry meets no file of the
  // attempt before
  const project = `${tmpPath}/undo-demo`;
  const notebook = `${project}/undo_demo.ipynb`;
  const root = await projectBesideTheLab(page, project);
  fs.mkdirSync(path.join(root, project, 'Tests'));
  await uploadTwoCellNotebook(page, notebook);
  await page.notebook.openByPath(notebook);
  await page.notebook.activate('undo_demo.ipynb');
  const before = fs.readdirSync(path.join(root, project)).sort();

  const stop = watchProblems(page);
  const dialog = await openPromoteDialogOn(page, 1, 'menu');
  await expect(dialog.locator('.jp-nbcraft-promote-module')).toHaveValue(
    'src/undo_demo/undo_demo.py'
  );
  await expect(dialog.locator('.jp-nbcraft-promote-module-diff')).toContainText(
    '+def '
  );
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  await expect(dialog).toHaveCount(0);
  // the notification comes once the files are written and the cells replaced
  await expect(
    page.getByRole('button', { name: 'Undo Promote' })
  ).toBeVisible();
  for (const file of [
    'src/undo_demo/undo_demo.py',
    'tests/test_undo_demo.py'
  ]) {
    expect(fs.existsSync(path.join(root, project, file))).toBe(true);
  }
  // as the user meets it: the module open beside the notebook, its editor current
  await expect(page.getByRole('tab', { name: 'undo_demo.py' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo Promote' }).click();
  await expect(page.locator('.Toastify__toast').last()).toContainText(
    'Undid the promote to undo_demo.undo_demo.'
  );
  // the module's tab closed with its file (it stayed open on a file that no longer existed)
  await expect(page.getByRole('tab', { name: 'undo_demo.py' })).toHaveCount(0);
  await page.notebook.activate('undo_demo.ipynb');
  expect(await page.notebook.getCellTextInput(1)).toBe(
    'total = rate * 40\nprint(total)'
  );
  // Undo in the notebook (command mode: Z, JupyterLab's "Undo Cell Operation", and Ctrl+Z)
  // cannot bring back the promoted cells, whose module is gone: the notebook's history kept
  // no step of promote nor of its undo
  await (await page.notebook.getCellLocator(0))!
    .locator('.jp-InputPrompt')
    .click();
  await expect(page.locator('.jp-Notebook.jp-mod-commandMode')).toHaveCount(1);
  for (const key of ['z', 'z', 'Control+z']) {
    await page.keyboard.press(key);
    expect(await page.notebook.getCellCount()).toBe(2);
    expect(await page.notebook.getCellTextInput(0)).toBe('rate = 0.5');
    expect(await page.notebook.getCellTextInput(1)).toBe(
      'total = rate * 40\nprint(total)'
    );
  }
  // only what was there before: the module, its package, the test file and their folders
  // are gone; Tests/ and nbcraft.json stay
  await expect
    .poll(() =>
      fs
        .readdirSync(path.join(root, project))
        .filter(name => name !== '.ipynb_checkpoints')
        .sort()
    )
    .toEqual(before.filter(name => name !== '.ipynb_checkpoints'));
  expect(stop()).toEqual([]);
});

test('Undo Promote leaves open, and names, a module tab with unsaved changes', async ({
  page,
  tmpPath
}) => {
  const where = `${tmpPath}/undo-dirty`;
  const root = await projectBesideTheLab(page, where);
  await uploadTwoCellNotebook(page, `${where}/undo_dirty.ipynb`);
  await page.notebook.openByPath(`${where}/undo_dirty.ipynb`);
  await page.notebook.activate('undo_dirty.ipynb');
  const dialog = await openPromoteDialogOn(page, 1, 'menu');
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  await expect(dialog).toHaveCount(0);
  const undo = page.getByRole('button', { name: 'Undo Promote' });
  await expect(undo).toBeVisible();
  const tab = page.getByRole('tab', { name: 'undo_dirty.py' });
  await expect(tab).toBeVisible();
  // the user starts editing the new module, and has not saved
  await page.locator('.jp-FileEditor .cm-content').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# mine');
  await expect(tab).toHaveClass(/jp-mod-dirty/);
  await undo.click();
  const toast = page.locator('.Toastify__toast', {
    hasText: 'Undo Promote left something to check'
  });
  await expect(toast).toBeVisible();
  // the tab stays, with what was typed; the file itself is gone
  await expect(tab).toHaveCount(1);
  await expect(page.locator('.jp-FileEditor').first()).toContainText('# mine');
  expect(
    fs.existsSync(path.join(root, where, 'src/undo_dirty/undo_dirty.py'))
  ).toBe(false);
  await toast.getByRole('button', { name: 'Details' }).click();
  await expect(page.locator('.jp-Dialog-body')).toContainText(
    'undo-dirty/src/undo_dirty/undo_dirty.py has unsaved changes in an open tab, which was left open'
  );
});
