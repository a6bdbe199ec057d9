import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

/**
 * nbcraft loads in a real JupyterLab: the frontend plugins activate, the server
 * extension answers, and nothing is written to the console as an error.
 */
test.use({ autoGoto: false });

test('nbcraft activates without console errors', async ({ page, tmpPath }) => {
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

  // A copy of the lab's sample in Galata's per-test `tmpPath` (emptied for every attempt):
  // the one at the server's root is shared with every other test and attempt.
  const notebook = `${tmpPath}/sample-training.ipynb`;
  await page.contents.uploadFile(
    path.resolve(__dirname, '../../examples/sample-training.ipynb'),
    notebook
  );
  await page.notebook.openByPath(notebook);
  await page.notebook.activate('sample-training.ipynb');
  // The README's first picture: wait until the status bar has settled on the local kernel
  // and the embedded server (never "starting…", "no kernel" or "(unreachable)").
  await expect(page.locator('.jp-nbcraft-compute-status')).toHaveText(
    /^Compute: local · Tracking: 127\.0\.0\.1:\d+$/,
    { timeout: 180_000 }
  );
  await expect(page.locator('.jp-nbcraft-tracking-statustext')).not.toHaveText(
    /starting|unreachable/
  );
  await page.screenshot({ path: '../docs/screenshots/lab-with-nbcraft.png' });

  expect(errors).toEqual([]);
});

/** Words JupyterLab's Title Case leaves in lower case. */
const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with'
]);

test('every nbcraft command has a Title Case label, a caption and an icon; the panels are in the View menu', async ({
  page
}) => {
  await page.goto();
  await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });
  const commands = await page.evaluate(() => {
    const app = (
      window as unknown as {
        jupyterapp: {
          commands: {
            listCommands(): string[];
            label(id: string, args?: object): string;
            caption(id: string, args?: object): string;
            icon(id: string, args?: object): unknown;
          };
        };
      }
    ).jupyterapp;
    return app.commands
      .listCommands()
      .filter(id => id.startsWith('nbcraft:'))
      .map(id => ({
        id,
        label: app.commands.label(id, {}),
        caption: app.commands.caption(id, {}),
        icon: Boolean(app.commands.icon(id, {}))
      }));
  });
  // Every plugin's commands: tracking, lint, promote, compute, jobs, trust.
  for (const prefix of [
    'nbcraft:tracking-',
    'nbcraft:lint-',
    'nbcraft:promote',
    'nbcraft:jobs-',
    'nbcraft:trust'
  ]) {
    expect(commands.map(c => c.id)).toContainEqual(
      expect.stringContaining(prefix)
    );
  }
  expect(commands.map(c => c.id)).toContain('nbcraft:switch-compute');
  const wrong = commands.flatMap(({ id, label, caption, icon }) => {
    const problems: string[] = [];
    const lowerWords = label.split(/\s+/).filter((word, i) => {
      const letters = word.replace(/^[^\p{L}]+/u, '');
      return (
        /^\p{Ll}/u.test(letters) &&
        !letters.includes('.') && // a file name such as nbcraft.json
        !letters.startsWith('nbcraft') && // the product's name
        (i === 0 || !SMALL_WORDS.has(letters.replace(/\W+$/, '')))
      );
    });
    if (!label || lowerWords.length) {
      problems.push(
        `label "${label}" is not Title Case (${lowerWords.join(', ')})`
      );
    }
    if (!caption) {
      problems.push('no caption');
    }
    if (!icon) {
      problems.push('no icon');
    }
    return problems.map(p => `${id}: ${p}`);
  });
  expect(wrong).toEqual([]);

  // The runs and jobs panels sit in the View menu with the file browser and table of contents.
  const view = await page.menu.openLocator('View');
  expect(view).not.toBeNull();
  for (const label of ['MLflow Runs', 'Show Jobs', 'Table of Contents']) {
    await expect(
      view!.getByRole('menuitem', { name: new RegExp(`^${label}`) })
    ).toBeVisible();
  }
  await page.menu.closeAll();
});
