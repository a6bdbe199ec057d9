import { expect, test } from '@jupyterlab/galata';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {
  openPromoteDialogOn,
  projectBesideTheLab,
  uploadTwoCellNotebook
} from './helpers/promote';

/**
 * "Promote to module..." in Chromium against a real lab whose project holds a symbolic link
 * planted beside it, as a pull request's checkout would: the preview refuses to write
 * through it, with the server's reason, and the link's target is left as it was.
 */
test.use({ autoGoto: true });

test('the preview refuses a module that is a symbolic link into .git/hooks, and nothing is written', async ({
  page,
  tmpPath
}) => {
  // the link is planted beside the lab, as a pull request's checkout would (Contents cannot
  // make links), in Galata's per-test `tmpPath` (emptied for every attempt)
  const project = `${tmpPath}/promote-link`;
  const root = await projectBesideTheLab(page, project);
  spawnSync('git', ['init', '-q', path.join(root, project)]);
  const hook = path.join(root, project, '.git', 'hooks', 'pre-commit');
  fs.writeFileSync(hook, '#!/usr/bin/env python3\n# checks the commit\n');
  fs.symlinkSync('.git/hooks/pre-commit', path.join(root, project, 'utils.py'));
  await uploadTwoCellNotebook(page, `${project}/linked.ipynb`);
  await page.notebook.openByPath(`${project}/linked.ipynb`);
  await page.notebook.activate('linked.ipynb');
  const dialog = await openPromoteDialogOn(page, 1, 'menu');
  await dialog.locator('.jp-nbcraft-promote-module').fill('utils.py');
  await dialog.locator('.jp-nbcraft-promote-tests').fill('tests');
  // before: the hook's text was previewed as the existing module, and the accept appended
  // the function to the hook
  await expect(dialog).toContainText(
    `Promote will not write ${project}/utils.py (${project}/utils.py is a symbolic link to ${project}/.git/hooks/pre-commit`
  );
  await expect(
    dialog.locator('.jp-Dialog-button.jp-mod-accept')
  ).toBeDisabled();
  await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();
  await expect(dialog).toHaveCount(0);
  expect(fs.readFileSync(hook, 'utf-8')).toBe(
    '#!/usr/bin/env python3\n# checks the commit\n'
  );
});
