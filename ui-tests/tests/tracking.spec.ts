import {
  expect,
  test,
  type IJupyterLabPageFixture,
  type JupyterLabPage
} from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import * as path from 'path';

import {
  seedRuns,
  tagNotebookRuns,
  type ISeededRuns
} from './helpers/tracking';

/**
 * The MLflow runs sidebar end to end: a real JupyterLab with nbcraft's server
 * extension, its embedded `mlflow server` (SQLite), seeded at the start with the
 * real mlflow client (bench/tracking-seed.py), and a real kernel for live refresh.
 */

// Unique per run: the server may be reused between runs and keeps its data (the runs, seeded
// once). Each test's notebook lives in Galata's per-test `tmpPath` (emptied for every attempt,
// deleted afterwards), not in a folder at the server's root; the seeded runs "from the
// notebook" are tagged with that test's path before it starts.
const prefix = `ui${Date.now().toString(36)}`;
const SIDEBAR = 'nbcraft-tracking-sidebar';
const NOTEBOOK_FIXTURE = path.resolve(
  __dirname,
  '..',
  'fixtures',
  'tracking',
  'tracking-runs.ipynb'
);

let seeded: ISeededRuns;

test.describe.configure({ mode: 'serial' });
// Room for the sidebar, a notebook and a chart side by side in the screenshots.
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  seeded = await seedRuns(request, {
    prefix,
    runs: 50,
    steps: 1000,
    notebook: 'tracking-runs.ipynb' // (tagged again for each test: beforeEach)
  });
});

test.beforeEach(async ({ request, tmpPath }) => {
  await tagNotebookRuns(
    request,
    seeded.small.notebook_runs,
    `${tmpPath}/tracking-runs.ipynb`
  );
});

async function openNotebookWithSidebar(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  const notebookPath = `${tmpPath}/tracking-runs.ipynb`;
  await page.contents.uploadFile(NOTEBOOK_FIXTURE, notebookPath);
  await page.notebook.openByPath(notebookPath);
  await page.notebook.activate('tracking-runs.ipynb');
  await page.sidebar.close('left');
  await page.sidebar.openTab(SIDEBAR);
}

function sidebar(page: Page) {
  return page.locator(`#${SIDEBAR}`);
}

function rows(page: Page) {
  return sidebar(page).locator('.jp-nbcraft-tracking-row');
}

async function firstRowName(page: Page): Promise<string> {
  return (
    await rows(page).first().locator('.jp-nbcraft-tracking-name').innerText()
  ).trim();
}

async function applyFilter(page: Page, filter: string): Promise<void> {
  const input = sidebar(page).locator('.jp-nbcraft-tracking-filter input');
  await input.fill(filter);
  await input.press('Enter');
}

test('the sidebar follows the notebook: its experiment, filter, sort, details', async ({
  page,
  tmpPath
}) => {
  await openNotebookWithSidebar(page, tmpPath);
  const side = sidebar(page);
  // The notebook's runs went to <prefix>-main (tagged nbcraft.notebook): chosen by default.
  await expect(
    side.locator('.jp-nbcraft-tracking-expselect option:checked')
  ).toHaveText(`${prefix}-main`);
  await expect(side.locator('.jp-nbcraft-tracking-count')).toHaveText(
    '40 runs'
  );
  expect(
    await side.locator('.jp-nbcraft-tracking-from-notebook').count()
  ).toBeGreaterThan(0);
  await expect(page.locator('.jp-nbcraft-tracking-statustext')).toContainText(
    `${prefix}-main`
  );
  // In the default 250 px sidebar the start time (the sort column, shown compact) is read
  // whole, never "12-06 07:…", and the "nb" mark of a run from this notebook is never cut off
  // by its name (seen in the first-hour walk with a longer run name).
  const clipped = await side.evaluate(root => {
    const header = Array.from(
      root.querySelectorAll('.jp-nbcraft-tracking-header > *')
    );
    const col = header.findIndex(
      h => h.getAttribute('data-column') === 'attribute:start_time'
    );
    const out: string[] = [];
    for (const row of Array.from(
      root.querySelectorAll('.jp-nbcraft-tracking-row')
    )) {
      const cell = row.children[col] as HTMLElement | undefined;
      if (!cell || cell.scrollWidth > cell.clientWidth) {
        out.push(`start time "${cell?.textContent ?? ''}" cut`);
      }
      const badge = row.querySelector('.jp-nbcraft-tracking-nb-badge');
      const box = badge?.parentElement?.getBoundingClientRect();
      if (
        badge &&
        box &&
        badge.getBoundingClientRect().right - box.right > 0.5
      ) {
        out.push(`nb badge of "${row.textContent}" cut`);
      }
    }
    return { col, out };
  });
  expect(clipped.col).toBeGreaterThan(0);
  expect(clipped.out).toEqual([]);
  // The name column takes the room the status and start time leave in view (the metrics
  // and params scroll sideways; the walk saw it stay at 90 px and cut "lr=0.05, 200 trees"),
  // and a name cut short is whole in its cell's tooltip and accessible text.
  const names = await side
    .locator('.jp-nbcraft-tracking-row .jp-nbcraft-tracking-namecell')
    .evaluateAll(cells =>
      cells.map(cell => ({
        width: cell.getBoundingClientRect().width,
        title: cell.getAttribute('title'),
        name: cell.querySelector('.jp-nbcraft-tracking-name')?.textContent
      }))
    );
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter(n => n.title !== n.name)).toEqual([]);
  expect(Math.min(...names.map(n => n.width))).toBeGreaterThanOrEqual(100);
  await page.screenshot({ path: '../docs/screenshots/tracking-sidebar.png' });

  // An invalid filter: the server's message, inline.
  await applyFilter(page, 'metrics.rmse <<< 1');
  await expect(side.locator('.jp-nbcraft-tracking-filter-error')).toContainText(
    "Invalid comparator '<<<'"
  );
  await expect(rows(page)).toHaveCount(0);

  // A valid filter runs on the server.
  await applyFilter(page, "params.model = 'tree'");
  await expect(side.locator('.jp-nbcraft-tracking-count')).toHaveText(
    '10 runs'
  );
  await expect(side.locator('.jp-nbcraft-tracking-filter-error')).toHaveCount(
    0
  );

  // Sort by a metric column: descending first (largest rmse = run-000), then ascending.
  const rmseHeader = side.locator(
    '.jp-nbcraft-tracking-headcell[data-column="metric:rmse"]'
  );
  await rmseHeader.click();
  await expect(rmseHeader).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => firstRowName(page)).toBe('run-000');
  await rmseHeader.click();
  await expect(rmseHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => firstRowName(page)).toBe('run-048');

  // Column chooser: add the "depth" param column.
  await side.locator('.jp-nbcraft-tracking-columns summary').click();
  await side
    .locator('.jp-nbcraft-tracking-colopt', { hasText: 'depth' })
    .locator('input')
    .check();
  await expect(
    side.locator('.jp-nbcraft-tracking-headcell[data-column="param:depth"]')
  ).toBeVisible();
  await side.locator('.jp-nbcraft-tracking-columns summary').click();

  // Details of run-000: params, metrics with min/max from the 1,000-step history, artifacts.
  await rmseHeader.click();
  await expect.poll(() => firstRowName(page)).toBe('run-000');
  await rows(page).first().click();
  const details = side.locator('.jp-nbcraft-tracking-details');
  await expect(details.locator('.jp-nbcraft-tracking-title')).toHaveText(
    'run-000'
  );
  await expect(details.locator('.jp-nbcraft-tracking-runid')).toHaveText(
    seeded.small.long_run
  );
  await expect(
    details.locator('tr', { hasText: 'model' }).first()
  ).toContainText('tree');
  const loss = details.locator('tr[data-metric="loss"]');
  await expect(loss.locator('[data-stat="min"]')).not.toHaveText('…');
  const min = Number(await loss.locator('[data-stat="min"]').innerText());
  const max = Number(await loss.locator('[data-stat="max"]').innerText());
  const latest = Number(await loss.locator('td').first().innerText());
  // loss decays from ~2 to ~0.05 over 1,000 steps: min < latest < max.
  expect(max).toBeGreaterThan(1.9);
  expect(min).toBeLessThan(0.1);
  expect(min).toBeLessThanOrEqual(latest);
  expect(latest).toBeLessThan(max);

  await details.locator('[data-artifact="data"] > button').click();
  await details
    .locator('[data-artifact="data/predictions.csv"] > button')
    .click();
  const csv = details.locator('.jp-nbcraft-tracking-csv');
  await expect(csv.locator('th').first()).toHaveText('id');
  await expect(csv.locator('tr')).toHaveCount(21); // header + 20 rows of 500
  await details.locator('[data-artifact="config.json"] > button').click();
  await expect(
    details.locator('[data-artifact="config.json"] pre')
  ).toContainText('"depth": 3');
  await details.locator('[data-artifact="plots"] > button').click();
  await details.locator('[data-artifact="plots/curve.png"] > button').click();
  const image = details.locator('.jp-nbcraft-tracking-preview-image');
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate(img => (img as HTMLImageElement).naturalWidth))
    .toBe(16);
  await page.screenshot({ path: '../docs/screenshots/tracking-details.png' });

  // Insert a cell that loads the run's model, below the active cell.
  const cellsBefore = await page.notebook.getCellCount();
  await details.getByRole('button', { name: 'Insert model snippet' }).click();
  await expect.poll(() => page.notebook.getCellCount()).toBe(cellsBefore + 1);
  const source = await page.evaluate(() => {
    const app = (
      window as unknown as { jupyterapp: { shell: { currentWidget: unknown } } }
    ).jupyterapp;
    const panel = app.shell.currentWidget as {
      content: {
        activeCell: { model: { sharedModel: { getSource(): string } } };
      };
    };
    return panel.content.activeCell.model.sharedModel.getSource();
  });
  expect(source).toContain(
    `mlflow.pyfunc.load_model("runs:/${seeded.small.long_run}/model")`
  );
});

test('the selected runs and the open run come back after a reload', async ({
  page,
  tmpPath
}) => {
  await openNotebookWithSidebar(page, tmpPath);
  const side = sidebar(page);
  await expect(side.locator('.jp-nbcraft-tracking-count')).toHaveText(
    '40 runs'
  );
  const selected: string[] = [];
  for (const index of [0, 1]) {
    const row = rows(page).nth(index);
    selected.push((await row.getAttribute('data-run-id'))!);
    await row.locator('input[type="checkbox"]').check();
  }
  const opened = rows(page).nth(2);
  const openedId = (await opened.getAttribute('data-run-id'))!;
  await opened.click();
  const details = side.locator('.jp-nbcraft-tracking-details');
  await expect(details).toHaveAttribute('data-run-id', openedId);

  // JupyterLab keeps the state database in the workspace: wait until it is saved there.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const app = (
            window as unknown as {
              jupyterapp: {
                serviceManager: {
                  workspaces: { list(): Promise<{ values: unknown[] }> };
                };
              };
            }
          ).jupyterapp;
          const list = await app.serviceManager.workspaces.list();
          return JSON.stringify(list.values);
        }),
      { timeout: 30_000 }
    )
    .toContain(openedId);
  // Galata's reload waits for the Launcher by default: the restored layout has none.
  await (page as unknown as JupyterLabPage).reload({ waitForIsReady: false });
  await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });
  // The sidebar shows the same run's details, and behind them the same selection.
  await expect(details).toHaveAttribute('data-run-id', openedId, {
    timeout: 60_000
  });
  await details.getByTitle('Back to the runs').click();
  for (const id of selected) {
    await expect(
      side.locator(`.jp-nbcraft-tracking-row[data-run-id="${id}"]`)
    ).toHaveAttribute('aria-selected', 'true');
  }
  await expect(
    side.locator('.jp-nbcraft-tracking-row[aria-selected="true"]')
  ).toHaveCount(2);
});

test('a metric chart and the compare view', async ({ page, tmpPath }) => {
  await openNotebookWithSidebar(page, tmpPath);
  const side = sidebar(page);
  await expect(side.locator('.jp-nbcraft-tracking-count')).toHaveText(
    '40 runs'
  );
  // Oldest first: run-000 ... run-006 are at the top.
  const started = side.locator(
    '.jp-nbcraft-tracking-headcell[data-column="attribute:start_time"]'
  );
  await started.click();
  await expect(started).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => firstRowName(page)).toBe('run-000');

  // One run's chart from its details (1,000 steps, drawn downsampled by the server).
  await rows(page)
    .filter({ hasText: 'run-000' })
    .locator('.jp-nbcraft-tracking-name')
    .click();
  await side
    .locator('tr[data-metric="loss"] .jp-nbcraft-tracking-chartbtn')
    .click();
  const chart = page.locator(
    '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-chart[data-metric="loss"]'
  );
  await expect(chart).toHaveAttribute('data-state', 'drawn');
  await expect(chart.locator('canvas')).toHaveCount(1);
  const points = Number(await chart.getAttribute('data-points'));
  expect(points).toBeGreaterThan(100);
  expect(points).toBeLessThanOrEqual(400); // ~320 of 1,000
  await page.screenshot({ path: '../docs/screenshots/tracking-chart.png' });
  await page
    .locator('.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-toolbar select')
    .selectOption('time');
  await page
    .locator(
      '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-toolbar input[type=checkbox]'
    )
    .first()
    .check();
  await expect(chart).toHaveAttribute('data-state', 'drawn');
  await page
    .getByRole('tab', { name: /loss · run-000/ })
    .getByTitle(/Close/)
    .click()
    .catch(() => undefined);

  // Compare three runs: the differing params are highlighted, loss overlaid.
  await side.getByRole('button', { name: 'Runs' }).click();
  for (const name of ['run-000', 'run-003', 'run-006']) {
    await rows(page)
      .filter({ hasText: name })
      .locator('input[type=checkbox]')
      .check();
  }
  await side.locator('.jp-nbcraft-tracking-compare-btn').click();
  const compare = page.locator('.jp-nbcraft-tracking-compare').last();
  await expect(compare.locator('thead th')).toHaveCount(4);
  await expect(compare.locator('tr[data-param="model"]')).toHaveClass(
    /jp-nbcraft-tracking-diff/
  );
  await expect(compare.locator('tr[data-param="model"] td')).toHaveText([
    'tree',
    'boosting',
    'linear'
  ]);
  const overlaid = compare.locator(
    '.jp-nbcraft-tracking-chart[data-metric="loss"]'
  );
  await expect(overlaid).toHaveAttribute('data-state', 'drawn');
  // Legend: the x series plus one per run.
  await expect(overlaid.locator('.u-legend .u-series')).toHaveCount(4);
  await page.screenshot({ path: '../docs/screenshots/tracking-compare.png' });
});

test('a run started in the notebook appears by live refresh, no reload', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180_000);
  const livePath = `${tmpPath}/live-notebook.ipynb`;
  await page.contents.uploadFile(NOTEBOOK_FIXTURE, livePath);
  await page.notebook.openByPath(livePath);
  await page.notebook.activate('live-notebook.ipynb');
  await page.sidebar.openTab(SIDEBAR);
  const side = sidebar(page);
  const navigations: string[] = [];
  page.on('framenavigated', frame => navigations.push(frame.url()));

  await page.notebook.setCell(
    1,
    'code',
    [
      'import mlflow',
      `mlflow.set_experiment("${prefix}-live")`,
      'run = mlflow.start_run(run_name="live-run")',
      'mlflow.log_metric("m", 1.0)',
      'print(mlflow.get_tracking_uri(), run.info.run_id)'
    ].join('\n')
  );
  await page.notebook.runCell(1);
  const output = await page.notebook.getCellTextOutput(1);
  expect(output?.join('')).toContain('http://127.0.0.1');

  // The sidebar switches to the notebook's experiment and shows the active run.
  await expect(
    side.locator('.jp-nbcraft-tracking-expselect option:checked')
  ).toHaveText(`${prefix}-live`, {
    timeout: 60_000
  });
  const live = rows(page).filter({ hasText: 'live-run' });
  await expect(live).toHaveCount(1, { timeout: 60_000 });
  await expect(live).toHaveClass(/jp-nbcraft-tracking-from-notebook/);
  await expect(live.locator('.jp-nbcraft-tracking-status-running')).toHaveCount(
    1
  );
  await expect(page.locator('.jp-nbcraft-tracking-statusrun')).toContainText(
    'live-run'
  );
  await page.screenshot({ path: '../docs/screenshots/tracking-live.png' });

  // Running the last cell added an empty one below it: use that cell.
  if ((await page.notebook.getCellCount()) < 3) {
    await page.notebook.addCell('code', '');
  }
  await page.notebook.setCell(2, 'code', 'mlflow.end_run()');
  await page.notebook.runCell(2);
  await expect(
    live.locator('.jp-nbcraft-tracking-status-finished')
  ).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('.jp-nbcraft-tracking-statusrun')).toHaveCount(0);
  expect(navigations).toEqual([]);
});
