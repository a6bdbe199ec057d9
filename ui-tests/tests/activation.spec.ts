import { expect, test } from '@jupyterlab/galata';

/**
 * nbcraft loads in a real JupyterLab: the frontend plugins activate, the server
 * extension answers, and nothing is written to the console as an error.
 */
test.use({ autoGoto: false });

test('nbcraft activates without console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', error => errors.push(error.message));
  // Name the request behind a "Failed to load resource" console error.
  page.on('response', response => {
    if (response.status() >= 400) {
      errors.push(`${response.status()} ${response.url()}`);
    }
  });

  await page.goto();
  await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });

  const activated = await page.evaluate(() => {
    const app = (
      window as unknown as {
        jupyterapp: { isPluginActivated(id: string): boolean };
      }
    ).jupyterapp;
    return app.isPluginActivated('nbcraft:core');
  });
  expect(activated).toBe(true);

  const info = await page.evaluate(async () => {
    const response = await fetch('/nbcraft/info');
    return {
      status: response.status,
      body: (await response.json()) as { name: string }
    };
  });
  expect(info.status).toBe(200);
  expect(info.body.name).toBe('nbcraft');

  await page.notebook.openByPath('sample-training.ipynb');
  await page.notebook.activate('sample-training.ipynb');
  // The README's first picture: wait until the status bar has settled on the local kernel
  // and the embedded server (never "starting…", "no kernel" or "(unreachable)").
  await expect(page.locator('.jp-nbcraft-compute-status')).toHaveText(
    /^Compute: local · Tracking: http:\/\/127\.0\.0\.1:\d+$/,
    { timeout: 180_000 }
  );
  await expect(page.locator('.jp-nbcraft-tracking-statustext')).not.toHaveText(
    /starting|unreachable/
  );
  await page.screenshot({ path: '../docs/screenshots/lab-with-nbcraft.png' });

  expect(errors).toEqual([]);
});
