/**
 * What the promote specs share: the dialog opened on a cell, a two-cell notebook, and a
 * project whose folder on disk a test may write into beside the lab.
 */
import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

export async function openPromoteDialogOn(
  page: IJupyterLabPageFixture,
  cellIndex: number,
  how: 'menu' | 'shortcut'
) {
  await page.notebook.selectCells(cellIndex);
  if (how === 'menu') {
    const cell = await page.notebook.getCellLocator(cellIndex);
    await cell!.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Promote to Module…' }).click();
  } else {
    await page.keyboard.press('Control+Alt+m');
  }
  const dialog = page.locator('.jp-nbcraft-promote-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.jp-nbcraft-promote-status')).toHaveCount(0);
  return dialog;
}

export async function uploadTwoCellNotebook(
  page: IJupyterLabPageFixture,
  file: string
): Promise<void> {
  const cells = ['rate = 0.5', 'total = rate * 40\nprint(total)'];
  await page.contents.uploadContent(
    JSON.stringify({
      cells: cells.map((source, i) => ({
        cell_type: 'code',
        id: `c${i}`,
        metadata: {},
        outputs: [],
        execution_count: null,
        source
      })),
      metadata: {
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        }
      },
      nbformat: 4,
      nbformat_minor: 5
    }),
    'text',
    file
  );
}

/**
 * Makes the project `project` (its nbcraft.json: tests in `tests`) and answers the server's
 * root, which playwright.config.js sets for the server it starts, for a test to write there
 * what Contents cannot. A server already running on the port (reuseExistingServer) has a
 * root of its own: writing into this run's folder would fail later for a reason that is not
 * promote's, so the test is skipped.
 */
export async function projectBesideTheLab(
  page: IJupyterLabPageFixture,
  project: string
): Promise<string> {
  const root = process.env.NBCRAFT_UI_ROOT!;
  await page.contents.uploadContent(
    JSON.stringify({ promote: { testsDir: 'tests' } }),
    'text',
    `${project}/nbcraft.json`
  );
  test.skip(
    !fs.existsSync(path.join(root, project, 'nbcraft.json')),
    `the server on this port was not started by this run, so its root is not ${root}: stop it, or set NBCRAFT_UI_ROOT to its root`
  );
  return root;
}
