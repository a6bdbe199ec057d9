import { expect, type IJupyterLabPageFixture } from '@jupyterlab/galata';

/** Open the compute picker from the notebook toolbar; returns its dialog. */
export async function openPicker(page: IJupyterLabPageFixture) {
  await page
    .locator('.jp-NotebookPanel-toolbar .jp-nbcraft-compute-button')
    .click();
  const dialog = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Switch compute' });
  await expect(dialog).toBeVisible();
  return dialog;
}
