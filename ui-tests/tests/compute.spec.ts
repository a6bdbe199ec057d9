import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import * as path from 'path';

import { openPicker } from './helpers/compute';
import { trustProjectConfig } from './helpers/trust';

/**
 * The compute picker in Chromium against the real server extension: targets come from an
 * nbcraft.json at the Jupyter root (the server re-reads it on every listing), one of them a
 * Spark Connect URL nothing listens on (the unreachable case), one a local kernel target
 * whose generated kernelspec `nbcraft-local-py` really starts. The spec trusts the file it
 * uploads, as the user would (an untrusted project file's targets are held back).
 */
test.use({ autoGoto: true });

async function kernelName(
  page: IJupyterLabPageFixture
): Promise<string | null> {
  return page.evaluate(() => {
    const app = (
      window as unknown as {
        jupyterapp: {
          shell: {
            currentWidget: {
              sessionContext?: { session?: { kernel?: { name: string } } };
            } | null;
          };
        };
      }
    ).jupyterapp;
    return (
      app.shell.currentWidget?.sessionContext?.session?.kernel?.name ?? null
    );
  });
}

test('switch compute targets from the notebook toolbar', async ({ page }) => {
  await page.contents.uploadFile(
    path.resolve(__dirname, '../fixtures/compute/nbcraft.json'),
    'nbcraft.json'
  );
  await trustProjectConfig(page);
  await page.notebook.createNew('compute-demo.ipynb', { kernel: 'python3' });
  await page.notebook.setCell(0, 'code', 'a = 41');
  await page.notebook.addCell('code', 'print(a + 1)');
  await page.notebook.run();
  expect((await page.notebook.getCellTextOutput(1))?.join('')).toContain('42');

  const toolbarItem = page.locator(
    '.jp-NotebookPanel-toolbar .jp-nbcraft-compute-button'
  );
  await expect(toolbarItem).toHaveText('Compute: local');
  const status = page.locator('.jp-nbcraft-compute-status');
  await expect(status).toContainText('Compute: local');
  await expect(status).toContainText('Tracking:');

  // Each target shows the server's reachability check.
  let dialog = await openPicker(page);
  const spark = dialog.locator(
    '.jp-nbcraft-compute-target[data-target="spark-off"]'
  );
  await expect(spark.locator('.jp-nbcraft-compute-state')).toHaveText(
    'unreachable'
  );
  await expect(spark.locator('.jp-nbcraft-compute-detail')).toContainText(
    'sc://127.0.0.1:18655'
  );
  const local = dialog.locator(
    '.jp-nbcraft-compute-target[data-target="local-py"]'
  );
  await expect(local.locator('.jp-nbcraft-compute-state')).toHaveText(
    'reachable'
  );
  await dialog.screenshot({ path: '../docs/screenshots/compute-picker.png' });

  // The notebook's own target is chosen: "Switch" (the Enter button) is disabled, Enter
  // does nothing; choosing another target enables it.
  await expect(dialog.locator('.jp-mod-accept')).toBeDisabled();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();

  // The unreachable target: a clear message, and the notebook stays where it was.
  await spark.locator('input[type="radio"]').check();
  await expect(dialog.locator('.jp-mod-accept')).toBeEnabled();
  await dialog.locator('.jp-mod-accept').click();
  const refusal = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Cannot switch to spark-off' });
  await expect(refusal).toContainText('not reachable');
  await expect(refusal).toContainText('The notebook stays on local.');
  await refusal.screenshot({
    path: '../docs/screenshots/compute-unreachable.png'
  });
  await refusal.locator('.jp-mod-accept').click();
  expect(await kernelName(page)).toBe('python3');

  // A local target: confirmation that in-memory state is lost, then the new kernel.
  dialog = await openPicker(page);
  await dialog
    .locator(
      '.jp-nbcraft-compute-target[data-target="local-py"] input[type="radio"]'
    )
    .check();
  await dialog.locator('.jp-mod-accept').click();
  const confirm = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Switch to local-py?' });
  await expect(confirm).toContainText('In-memory state will be lost');
  await confirm.screenshot({ path: '../docs/screenshots/compute-confirm.png' });
  await confirm.getByRole('button', { name: 'Switch kernel' }).click();

  // Offered: re-run the cells above the active one, in the new kernel.
  const rerun = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Re-run the cells above?' });
  await expect(rerun).toBeVisible({ timeout: 60000 });
  await rerun.getByRole('button', { name: 'Re-run' }).click();
  await expect.poll(() => kernelName(page)).toBe('nbcraft-local-py');
  await expect(toolbarItem).toHaveText('Compute: local-py');
  await expect(status).toContainText('Compute: local-py');

  // The re-run rebuilt `a` in the new kernel: the active cell runs without a NameError.
  await page.notebook.runCell(1);
  await expect
    .poll(
      async () => (await page.notebook.getCellTextOutput(1))?.join('') ?? ''
    )
    .toContain('42');
  await page.screenshot({ path: '../docs/screenshots/compute-switched.png' });
});
