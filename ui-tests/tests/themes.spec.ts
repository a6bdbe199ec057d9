import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import * as path from 'path';

import { contrastFailures, formatFailures } from './helpers/contrast';
import { seedRuns, tagNotebookRuns } from './helpers/tracking';

/**
 * Every nbcraft view in the light and the dark theme, once each: a screenshot per view and
 * theme for the README, and a WCAG AA contrast check (4.5:1 for text) computed in the page
 * from the computed styles of every text node in nbcraft's views, failing with the element
 * named. The views are visited in one test per theme (not a theme-parameterised project,
 * which would run every spec twice). Real JupyterLab, real embedded `mlflow server` seeded
 * with the real mlflow client, real kernels.
 */

// Unique per run: the server may be reused between runs and keeps its runs (seeded once).
// The notebooks live in Galata's per-test `tmpPath` (emptied for every attempt, deleted
// afterwards), not in a folder at the server's root: `folder`, set before the test, with the
// seeded runs "from the notebook" tagged with its path.
const prefix = `th${Date.now().toString(36)}`;
let folder = '';
const trackingNotebook = () => `${folder}/tracking-runs.ipynb`;
let notebookRuns: string[] = [];
const SIDEBAR = 'nbcraft-tracking-sidebar';
const shot = (view: string, theme: string) =>
  `../docs/screenshots/themes/${view}-${theme}.png`;

/** nbcraft's own views (and its status bar items), where the contrast is checked. */
const NBCRAFT_VIEWS = [
  `#${SIDEBAR}`,
  '.jp-nbcraft-tracking-compare',
  '.jp-nbcraft-tracking-statusitem',
  '.jp-nbcraft-lint-panel',
  '.jp-nbcraft-lint-status',
  '.jp-nbcraft-compute-status',
  '.jp-nbcraft-promote-dialog .jp-Dialog-content',
  '.jp-nbcraft-jobs'
].join(', ');

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  const seeded = await seedRuns(request, {
    prefix,
    runs: 8,
    steps: 200,
    notebook: 'tracking-runs.ipynb' // (tagged again for the test: beforeEach)
  });
  notebookRuns = seeded.small.notebook_runs;
});

test.beforeEach(async ({ request, tmpPath }) => {
  folder = tmpPath;
  await tagNotebookRuns(request, notebookRuns, trackingNotebook());
});

async function expectReadable(page: Page, view: string, theme: string) {
  const { checked, failures } = await contrastFailures(page, NBCRAFT_VIEWS);
  expect(checked, `text checked in ${view} (${theme})`).toBeGreaterThan(0);
  expect(
    failures,
    `text below WCAG AA in ${view} (${theme}):\n${formatFailures(failures)}`
  ).toEqual([]);
}

/** Start a command (not awaited in the page: the promote command ends with its dialog). */
async function execute(page: Page, command: string, args: object = {}) {
  await page.evaluate(
    ([id, a]) => {
      void (
        window as unknown as {
          jupyterapp: {
            commands: { execute(id: string, args: object): Promise<unknown> };
          };
        }
      ).jupyterapp.commands.execute(id, a);
    },
    [command, args] as const
  );
}

function rows(page: Page): Locator {
  return page.locator(`#${SIDEBAR} .jp-nbcraft-tracking-row`);
}

async function setUp(page: IJupyterLabPageFixture): Promise<void> {
  await page.contents.uploadFile(
    path.resolve(__dirname, '../fixtures/tracking/tracking-runs.ipynb'),
    trackingNotebook()
  );
  await page.contents.uploadFile(
    path.resolve(__dirname, '../fixtures/lint/lint-demo.ipynb'),
    `${folder}/lint-demo.ipynb`
  );
  await page.contents.uploadDirectory(
    path.resolve(__dirname, '../fixtures/promote'),
    `${folder}/promote`
  );
}

/** Visit every view in the current theme: check it and take its picture. */
async function visitViews(page: IJupyterLabPageFixture, theme: string) {
  // 1. The runs sidebar beside the notebook, two runs selected (the selected-row colour).
  await execute(page, 'docmanager:open', { path: trackingNotebook() });
  await page.notebook.activate('tracking-runs.ipynb');
  await page.sidebar.close('left');
  await page.sidebar.openTab(SIDEBAR);
  const side = page.locator(`#${SIDEBAR}`);
  await expect(side.locator('.jp-nbcraft-tracking-count')).toHaveText('7 runs');
  await side
    .getByRole('button', { name: 'Runs' })
    .click({ timeout: 1000 })
    .catch(() => undefined);
  for (const name of ['run-000', 'run-003']) {
    const check = rows(page)
      .filter({ hasText: name })
      .locator('input[type=checkbox]');
    if (!(await check.isChecked())) {
      await check.check();
    }
  }
  await expect(rows(page).filter({ hasText: 'run-000' })).toHaveClass(
    /jp-mod-selected/
  );
  await expectReadable(page, 'runs sidebar', theme);
  await page.screenshot({ path: shot('tracking-sidebar', theme) });

  // 2. One run's details.
  await rows(page)
    .filter({ hasText: 'run-000' })
    .locator('.jp-nbcraft-tracking-name')
    .click();
  await expect(side.locator('.jp-nbcraft-tracking-title')).toHaveText(
    'run-000'
  );
  await expectReadable(page, 'run details', theme);
  await side.screenshot({ path: shot('tracking-details', theme) });
  await side.getByRole('button', { name: 'Runs' }).click();

  // 3. The compare view: differing params tinted, overlaid chart drawn in the theme.
  const compare = page.locator('.jp-nbcraft-tracking-compare').last();
  if ((await compare.count()) === 0) {
    await side.locator('.jp-nbcraft-tracking-compare-btn').click();
  } else {
    await page.getByRole('tab', { name: /Compare 2 runs/ }).click();
  }
  await expect(compare.locator('tr[data-param="model"]')).toHaveClass(
    /jp-nbcraft-tracking-diff/
  );
  const chart = compare.locator(
    '.jp-nbcraft-tracking-chart[data-metric="loss"]'
  );
  await expect(chart).toHaveAttribute('data-state', 'drawn');
  // The canvas was drawn with the colour the theme gives the chart's text, not a var().
  await expect
    .poll(() =>
      chart.evaluate(
        node =>
          (node as HTMLElement).dataset.axisColor ===
          getComputedStyle(node).color
      )
    )
    .toBe(true);
  await expectReadable(page, 'compare view', theme);
  await page.screenshot({ path: shot('tracking-compare', theme) });

  // 4. The diagnostics panel of a notebook with findings.
  await execute(page, 'docmanager:open', { path: `${folder}/lint-demo.ipynb` });
  await page.notebook.activate('lint-demo.ipynb');
  await execute(page, 'nbcraft:lint-open-panel');
  await expect(page.locator('.jp-nbcraft-lint-row')).toHaveCount(5);
  await expectReadable(page, 'diagnostics panel', theme);
  await page.screenshot({ path: shot('lint-panel', theme) });
  // Done with the panel: close it. Open, it holds the focus in its own tab area (below the
  // notebook), and the next notebook would open beside it there, squeezed, or above it,
  // depending on which widget was current at that moment.
  const lintTab = page
    .getByRole('main')
    .getByRole('tab', { name: 'Lint', exact: true });
  await lintTab.locator('.lm-TabBar-tabCloseIcon').click();
  await expect(lintTab).toHaveCount(0);

  // 5. The promote dialog: a refusal, then a preview with its diff.
  await execute(page, 'docmanager:open', {
    path: `${folder}/promote/promote-demo.ipynb`
  });
  await page.notebook.activate('promote-demo.ipynb');
  // Galata finds cells in the shell's CURRENT widget (the tab marked jp-mod-current), which
  // follows the focus and can stay on lint-demo while promote-demo's tab is selected: then it
  // waits for cells in a hidden panel. Make promote-demo current, and wait until it is.
  await page.evaluate(() => {
    const app = (
      window as unknown as {
        jupyterapp: {
          shell: {
            widgets(
              area: string
            ): Iterable<{ id: string; title: { label: string } }>;
            activateById(id: string): void;
          };
        };
      }
    ).jupyterapp;
    for (const w of app.shell.widgets('main')) {
      if (w.title.label === 'promote-demo.ipynb') app.shell.activateById(w.id);
    }
  });
  await expect(
    page.getByRole('main').locator('.jp-mod-current[role="tab"]')
  ).toContainText('promote-demo.ipynb');
  const dialog = page.locator('.jp-nbcraft-promote-dialog');
  await page.notebook.selectCells(5);
  await execute(page, 'nbcraft:promote');
  await expect(dialog.locator('.jp-nbcraft-promote-refusal')).toBeVisible();
  await expectReadable(page, 'promote refusal', theme);
  await dialog.screenshot({ path: shot('promote-refusal', theme) });
  await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();
  await expect(dialog).toHaveCount(0);
  await page.notebook.selectCells(3);
  await execute(page, 'nbcraft:promote');
  await expect(dialog.locator('.jp-nbcraft-promote-module-diff')).toContainText(
    '+def '
  );
  await expectReadable(page, 'promote preview', theme);
  await dialog.screenshot({ path: shot('promote-preview', theme) });
  await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();
  await expect(dialog).toHaveCount(0);

  // 6. The jobs panel.
  await execute(page, 'nbcraft:jobs-open');
  await expect(page.locator('.jp-nbcraft-jobs')).toBeVisible();
  await expectReadable(page, 'jobs panel', theme);
  await page
    .locator('.jp-nbcraft-jobs')
    .screenshot({ path: shot('jobs-panel', theme) });
}

test('every nbcraft view reads in the light and the dark theme', async ({
  page
}) => {
  test.setTimeout(300_000);
  await setUp(page);
  await page.theme.setLightTheme();
  await visitViews(page, 'light');

  // Switch with the compare view open: its chart is drawn again in the dark theme's colours.
  await page.getByRole('tab', { name: /Compare 2 runs/ }).click();
  const chart = page
    .locator(
      '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-chart[data-state="drawn"]'
    )
    .first();
  await expect(chart).toHaveAttribute('data-axis-color', /^rgb/);
  const lightAxis = await chart.getAttribute('data-axis-color');
  await page.theme.setDarkTheme();
  expect(await page.theme.getTheme()).toBe('JupyterLab Dark');
  await expect
    .poll(() => chart.getAttribute('data-axis-color'))
    .not.toBe(lightAxis);
  await expect
    .poll(() =>
      chart.evaluate(
        node =>
          (node as HTMLElement).dataset.axisColor ===
          getComputedStyle(node).color
      )
    )
    .toBe(true);
  await visitViews(page, 'dark');
  await page.theme.setLightTheme();
});
