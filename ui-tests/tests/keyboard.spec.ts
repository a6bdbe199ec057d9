import {
  expect,
  test,
  type IJupyterLabPageFixture,
  type JupyterLabPage
} from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import * as path from 'path';

import { seedRuns, tagNotebookRuns } from './helpers/tracking';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- the lab's globals */

/**
 * nbcraft from the keyboard only, then after a reload, in a real JupyterLab with the embedded
 * `mlflow server` seeded by the real mlflow client:
 * - open the runs sidebar from the command palette, move through the runs with the arrows,
 *   sort by a column with Enter, open a run's details with Enter and go back;
 * - open the lint panel from the palette, move to a finding and jump to it with Enter;
 * - the promote shortcut (Accel Alt M) acts in command mode only, never while typing;
 * - two runs selected with Space are compared from the Compare button (Shift+Tab); Tab stays in
 *   the promote dialog even while Promote is disabled, and Escape gives the focus back to the
 *   notebook; "Show Jobs" puts the focus in the jobs panel;
 * - the sidebar, an open compare view and the lint panel come back after a reload.
 * The notebooks are opened with Galata's helpers (commands, not clicks); after that, no mouse.
 */

// Unique per run: the server may be reused between runs and keeps its runs (seeded once).
// Each test's notebooks live in Galata's per-test `tmpPath` (emptied for every attempt,
// deleted afterwards), not in a folder at the server's root: `folder`, set before each test,
// with the seeded runs "from the notebook" tagged with its path.
const prefix = `kb${Date.now().toString(36)}`;
let folder = '';
const trackingNotebook = () => `${folder}/tracking-runs.ipynb`;
const lintNotebook = () => `${folder}/lint-demo.ipynb`;
const SIDEBAR = 'nbcraft-tracking-sidebar';
let historyRuns: string[] = [];
let notebookRuns: string[] = [];

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  const seeded = await seedRuns(request, {
    prefix,
    runs: 8,
    steps: 100,
    notebook: 'tracking-runs.ipynb' // (tagged again for each test: beforeEach)
  });
  historyRuns = seeded.small.history_runs;
  notebookRuns = seeded.small.notebook_runs;
});

test.beforeEach(async ({ request, tmpPath }) => {
  folder = tmpPath;
  await tagNotebookRuns(request, notebookRuns, trackingNotebook());
});

async function upload(page: IJupyterLabPageFixture): Promise<void> {
  await page.contents.uploadFile(
    path.resolve(__dirname, '../fixtures/tracking/tracking-runs.ipynb'),
    trackingNotebook()
  );
  await page.contents.uploadFile(
    path.resolve(__dirname, '../fixtures/lint/lint-demo.ipynb'),
    lintNotebook()
  );
}

/** Open a notebook by the lab's command (Galata's openByPath clicks the file browser). */
async function open(page: Page, file: string): Promise<void> {
  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands
        .execute('docmanager:open', { path })
        .then(() => undefined),
    file
  );
}

/** Run a command from the palette, typed. */
async function fromPalette(page: Page, label: string): Promise<void> {
  const input = page.locator('#command-palette .lm-CommandPalette-input');
  // On a busy machine the first press can land while the lab is still settling the notebook
  // it just opened (seen once in a full run): press again, as a user would, until it opens.
  await expect(async () => {
    if (!(await input.evaluate(el => el === document.activeElement))) {
      await page.keyboard.press('Control+Shift+c');
    }
    await expect(input).toBeFocused({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.type(label);
  await expect(
    page.locator('#command-palette .lm-CommandPalette-item.lm-mod-active')
  ).toContainText(label);
  await page.keyboard.press('Enter');
}

/** What has the focus: its grid position, text and sort state. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      cell: el?.getAttribute('data-grid-cell') ?? null,
      text: el?.textContent.trim() ?? '',
      sort: el?.getAttribute('aria-sort') ?? null,
      inSidebar: Boolean(el?.closest('#nbcraft-tracking-sidebar')),
      inLint: Boolean(el?.closest('.jp-nbcraft-lint-panel'))
    };
  });
}

/** The runs notebook opened, the sidebar from the palette: the focus lands in the runs table. */
async function runsFromPalette(page: IJupyterLabPageFixture) {
  await upload(page);
  await open(page, trackingNotebook());
  await page.notebook.activate('tracking-runs.ipynb');
  await fromPalette(page, 'MLflow Runs');
  const side = page.locator(`#${SIDEBAR}`);
  await expect(side).toBeVisible();
  await expect(side.locator('.jp-nbcraft-tracking-count')).toHaveText('7 runs');
  await expect.poll(async () => (await focused(page)).inSidebar).toBe(true);
  return side;
}

test('runs, sorting and details, with the keyboard only', async ({ page }) => {
  test.setTimeout(240_000);
  const side = await runsFromPalette(page);

  // Up to the header row, onto the "Run" header; Enter sorts by it, again reverses it.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await focused(page)).cell).toBe('-1:0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await focused(page)).cell).toBe('-1:2');
  expect((await focused(page)).text).toContain('Run');
  const names = side.locator(
    '.jp-nbcraft-tracking-row .jp-nbcraft-tracking-name'
  );
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).sort).toBe('ascending');
  await page.keyboard.press(' ');
  await expect.poll(async () => (await focused(page)).sort).toBe('descending');
  await expect(names.first()).toHaveText('run-007');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).sort).toBe('ascending');
  await expect(names.first()).toHaveText('run-000');

  // Down the runs with the arrows: the focus moves from cell to cell, one in the Tab order.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await focused(page)).cell).toBe('2:2');
  const third = (await focused(page)).text;
  expect(third).toContain('run-002');
  expect(
    await side.locator('.jp-nbcraft-tracking-table [tabindex="0"]').count()
  ).toBe(1);

  // Space selects the run, Enter opens its details; the Back button has the focus.
  await page.keyboard.press(' ');
  await expect(
    side.locator('.jp-nbcraft-tracking-row[aria-selected="true"]')
  ).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(side.locator('.jp-nbcraft-tracking-title')).toHaveText(
    'run-002'
  );
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.textContent))
    .toContain('Runs');
  await page.keyboard.press('Enter');
  await expect(side.locator('.jp-nbcraft-tracking-table')).toBeVisible();
  await expect.poll(async () => (await focused(page)).inSidebar).toBe(true);
});

test('the lint panel from the keyboard: a finding by the arrows, Enter jumps to it; Accel Alt M in command mode only', async ({
  page
}) => {
  test.setTimeout(240_000);
  await upload(page);
  // The lint panel from the palette, a finding by the arrows, Enter jumps to its cell.
  await open(page, lintNotebook());
  await page.notebook.activate('lint-demo.ipynb');
  await fromPalette(page, 'Show Lint Diagnostics');
  const rows = page.locator('.jp-nbcraft-lint-row');
  await expect(rows).toHaveCount(5);
  await expect.poll(async () => (await focused(page)).inLint).toBe(true);
  const index = await page
    .locator('.jp-nbcraft-lint-row')
    .evaluateAll(list =>
      list.findIndex(r => r.getAttribute('data-rule') === 'NB104')
    );
  expect(index).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < index; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect.poll(async () => (await focused(page)).cell).toBe(`${index}:0`);
  await page.keyboard.press('Enter');
  // NB104 is in the fifth cell: it is active, in edit mode, with the cursor in its editor.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const app = (window as any).jupyterapp;
        const panel = app.shell.currentWidget;
        return [
          panel?.content?.activeCellIndex ?? null,
          panel?.content?.mode ?? null
        ];
      })
    )
    .toEqual([4, 'edit']);

  // Typing: Accel Alt M is left to the editor (AltGr+M types a character on many keyboards).
  // Lumino runs a key binding's command inside the keydown handler: record what ran.
  await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    (window as any).nbcraftRan = [];
    app.commands.commandExecuted.connect((_: unknown, args: { id: string }) =>
      (window as any).nbcraftRan.push(args.id)
    );
  });
  const ran = () => page.evaluate(() => (window as any).nbcraftRan);
  const dialog = page.locator('.jp-nbcraft-promote-dialog');
  await page.keyboard.press('Control+Alt+m');
  expect(await ran()).not.toContain('nbcraft:promote');
  // In command mode it opens "Promote to module".
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Alt+m');
  expect(await ran()).toContain('nbcraft:promote');
  await expect(dialog).toBeVisible();
  // The dialog takes the focus (its function name) once its body has rendered: Escape closes it.
  await expect(dialog.locator('.jp-nbcraft-promote-function')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('the sidebar, a compare view and the lint panel come back after a reload', async ({
  page
}) => {
  test.setTimeout(240_000);
  await upload(page);
  await open(page, lintNotebook());
  await page.notebook.activate('lint-demo.ipynb');
  await page.evaluate(
    async ([runIds]) => {
      const app = (window as any).jupyterapp;
      await app.commands.execute('nbcraft:tracking-open');
      await app.commands.execute('nbcraft:lint-open-panel');
      await app.commands.execute('nbcraft:tracking-compare', {
        runIds,
        metric: 'loss'
      });
    },
    [historyRuns.slice(0, 2)] as const
  );
  const compareTab = page.getByRole('tab', { name: /Compare 2 runs/ });
  await expect(compareTab).toBeVisible();
  await expect(page.locator(`#${SIDEBAR}`)).toBeVisible();
  await expect(page.locator('.jp-nbcraft-lint-row')).toHaveCount(5);
  // The lint tab is a tab like others: an icon and a close button.
  const lintTab = page.getByRole('tab', { name: /Lint/ });
  await expect(lintTab.locator('.lm-TabBar-tabIcon svg')).toHaveCount(1);
  await expect(lintTab.locator('.lm-TabBar-tabCloseIcon')).toBeVisible();

  // The layout is saved as the lab saves it (debounced): wait for the workspace to hold it.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const app = (window as any).jupyterapp;
          const list = await app.serviceManager.workspaces.list();
          return JSON.stringify(list.values);
        }),
      { timeout: 30_000 }
    )
    .toMatch(
      /nbcraft-tracking-compare[\s\S]*nbcraft-lint-diagnostics|nbcraft-lint-diagnostics[\s\S]*nbcraft-tracking-compare/
    );

  // Galata's reload waits for the Launcher by default: here the restored layout has none.
  // The fixture is Galata's JupyterLabPage, whose reload takes waitForIsReady; its declared type
  // keeps Playwright's reload, which has no such option.
  await (page as unknown as JupyterLabPage).reload({ waitForIsReady: false });
  await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });
  await expect(page.locator(`#${SIDEBAR}`)).toBeVisible({ timeout: 60_000 });
  await expect(compareTab).toBeVisible();
  await compareTab.click();
  await expect(
    page.locator(
      '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-chart[data-metric="loss"]'
    )
  ).toHaveAttribute('data-state', 'drawn');
  await expect(page.getByRole('tab', { name: /Lint/ })).toBeVisible();
  await expect(page.locator('.jp-nbcraft-lint-row')).toHaveCount(5);
});

/** Where the focus is: inside the notebook's cells, a dialog, the jobs panel, or lost (body). */
function focusPlace(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) {
      return 'lost';
    }
    if (el.closest('.jp-Dialog')) {
      return 'dialog';
    }
    if (el.closest('.jp-Notebook')) {
      return 'notebook';
    }
    if (el.closest('.jp-nbcraft-jobs')) {
      return 'jobs';
    }
    return el.className || el.tagName;
  });
}

test('compare two runs, the promote dialog giving the focus back, and the jobs panel, by keyboard', async ({
  page
}) => {
  test.setTimeout(240_000);
  const side = await runsFromPalette(page);
  // Two runs selected with Space, Shift+Tab to the Compare button (named by its count), Enter.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press(' ');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press(' ');
  await expect(
    side.locator('.jp-nbcraft-tracking-row[aria-selected="true"]')
  ).toHaveCount(2);
  await page.keyboard.press('Shift+Tab');
  await expect(side.getByRole('button', { name: 'Compare (2)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: /Compare 2 runs/ })).toBeVisible();

  // Promote from command mode: Escape closes the dialog and the focus is back in the notebook.
  // Back to the notebook by the lab's command (no click on its tab), into command mode.
  await open(page, trackingNotebook());
  await expect.poll(() => focusPlace(page)).toBe('notebook');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusPlace(page)).toBe('notebook');
  const dialog = page.locator('.jp-nbcraft-promote-dialog');
  await page.keyboard.press('Control+Alt+m');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.jp-nbcraft-promote-function')).toBeFocused();
  // Every control Tab reaches in the dialog has an accessible name.
  const unnamed: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const labelled = el.getAttribute('aria-labelledby');
      // The accessible name's sources, in the order browsers take them.
      const name = [
        el.getAttribute('aria-label'),
        labelled ? document.getElementById(labelled)?.textContent : null,
        (el as HTMLInputElement).labels?.[0]?.textContent,
        el.getAttribute('title'),
        el.textContent
      ]
        .map(text => (text ?? '').trim())
        .find(text => text !== '');
      return {
        inDialog: Boolean(el.closest('.jp-Dialog')),
        name: name ?? '',
        what: `${el.tagName}.${el.className}`
      };
    });
    expect([i, info.what, info.inDialog]).toEqual([i, info.what, true]);
    if (!info.name) {
      unnamed.push(info.what);
    }
  }
  expect(unnamed).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => focusPlace(page)).toBe('notebook');

  // The jobs panel from the palette: its controls are named buttons.
  await fromPalette(page, 'Show Jobs');
  const jobs = page.locator('.jp-nbcraft-jobs');
  await expect(jobs).toBeVisible();
  await expect(
    jobs.getByRole('button', { name: 'Refresh the jobs' })
  ).toBeVisible();
  await expect.poll(() => focusPlace(page)).toBe('jobs');
});
