import { expect, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import * as path from 'path';

/**
 * Live refresh while a long cell runs: a real JupyterLab with nbcraft's embedded
 * `mlflow server` and a real kernel. The run a cell starts must show (RUNNING) while the
 * cell still runs, not when it ends. No seeded runs: the notebook's own run is the subject.
 */

// Unique per run: the embedded MLflow server may be reused between runs and keeps its
// experiments. The notebooks live in Galata's per-test `tmpPath` (emptied for every attempt,
// deleted afterwards), not in a folder at the server's root.
const prefix = `uilive${Date.now().toString(36)}`;
const SIDEBAR = 'nbcraft-tracking-sidebar';
const NOTEBOOK_FIXTURE = path.resolve(
  __dirname,
  '..',
  'fixtures',
  'tracking',
  'tracking-runs.ipynb'
);

// A tag value far wider than the sidebar, with a URL that has no place to break.
const NOTE = `tuned on the March sample; see https://example.org/${'x'.repeat(160)} for the data`;

function sidebar(page: Page) {
  return page.locator(`#${SIDEBAR}`);
}

test('a run shows in the sidebar while the cell that started it still runs', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(240_000);
  const notebook = `${tmpPath}/slow-cell.ipynb`;
  await page.contents.uploadFile(NOTEBOOK_FIXTURE, notebook);
  await page.notebook.openByPath(notebook);
  await page.notebook.activate('slow-cell.ipynb');
  await page.sidebar.openTab(SIDEBAR);
  await expect(sidebar(page).locator('.jp-nbcraft-tracking-server')).toHaveText(
    /Connected/,
    { timeout: 120_000 }
  );

  // The first seconds with nothing new let live refresh back off (2, 4, 8, 15 s) before the
  // run starts; then the run stays open for 40 s.
  await page.notebook.setCell(
    1,
    'code',
    [
      'import time, mlflow',
      `mlflow.set_experiment("${prefix}-slow")`,
      'time.sleep(20)',
      'run = mlflow.start_run(run_name="slow-run")',
      `mlflow.set_tag("note", "${NOTE}")`,
      'mlflow.set_tag("history", "h" * 600)',
      'print("started", run.info.run_id, flush=True)',
      'time.sleep(40)',
      'mlflow.end_run()',
      'print("ended", flush=True)'
    ].join('\n')
  );
  await page.notebook.selectCells(1);
  // Every runs search the sidebar sends, and when.
  const searches: number[] = [];
  page.on('request', request => {
    if (request.url().includes('/nbcraft/mlflow/api/2.0/mlflow/runs/search')) {
      searches.push(Date.now());
    }
  });
  const cellStart = Date.now();
  // Run it without waiting for it to end (galata's runCell waits).
  await page.evaluate(() => {
    const app = (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp;
    void app.commands.execute('notebook:run-cell');
  });
  const output = page.locator('.jp-Cell').nth(1).locator('.jp-Cell-outputArea');
  await expect(output).toContainText('started', { timeout: 90_000 });
  const runStart = Date.now();

  // While the cell ran and nothing new was there to see, live refresh kept its fastest
  // rate (2 s): from 8 s in until the run started, a poll every few seconds, not one
  // backed-off poll (before: 4, 8, 15 s apart, so the run showed up to 15 s late, often
  // after the cell). A poll may send two searches at once: count polls, not requests.
  const polls = searches
    .filter(t => t >= cellStart + 8000 && t <= runStart)
    .filter((t, i, all) => i === 0 || t - all[i - 1] > 1000);
  expect(polls.length).toBeGreaterThanOrEqual(4);

  // Within a few seconds of start_run(), while the cell sleeps on: shown, RUNNING.
  const row = sidebar(page)
    .locator('.jp-nbcraft-tracking-row')
    .filter({ hasText: 'slow-run' });
  await expect(row.locator('.jp-nbcraft-tracking-status-running')).toHaveCount(
    1,
    { timeout: 6_000 }
  );
  await expect(output).not.toContainText('ended');
  await expect(
    sidebar(page).locator('.jp-nbcraft-tracking-expselect option:checked')
  ).toHaveText(`${prefix}-slow`);

  await expect(output).toContainText('ended', { timeout: 90_000 });
  await expect(row.locator('.jp-nbcraft-tracking-status-finished')).toHaveCount(
    1,
    { timeout: 30_000 }
  );

  // Its details show the whole tag value, wrapped inside the sidebar, not cut off.
  await row.locator('.jp-nbcraft-tracking-name').click();
  const details = sidebar(page).locator('.jp-nbcraft-tracking-details');
  const note = details
    .locator('tr', { has: page.locator('th', { hasText: /^note$/ }) })
    .locator('td');
  await expect(note).toHaveText(NOTE);
  const fits = await note.evaluate(
    (cell: HTMLElement) => cell.scrollWidth <= cell.clientWidth + 1
  );
  expect(fits).toBe(true);
  const side = (await sidebar(page).boundingBox())!;
  const box = (await note.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(side.x + side.width + 1);
  // A very long one scrolls in a box the keyboard reaches (Tab) and scrolls.
  const history = details.getByRole('region', { name: 'history' });
  await expect(history).toHaveAttribute('tabindex', '0');
  await history.focus();
  await expect(history).toBeFocused();
});

test('at 1024 px, nbcraft’s status items leave JupyterLab’s own on the status bar', async ({
  page,
  tmpPath
}) => {
  const viewport = { width: 1024, height: 768 };
  await page.setViewportSize(viewport);
  const notebook = `${tmpPath}/churn-model-experiments.ipynb`;
  await page.contents.uploadFile(NOTEBOOK_FIXTURE, notebook);
  await page.notebook.openByPath(notebook);
  await page.notebook.activate('churn-model-experiments.ipynb');
  await expect(page.locator('.jp-nbcraft-tracking-statustext')).toContainText(
    'MLflow',
    { timeout: 120_000 }
  );
  await expect(page.locator('.jp-nbcraft-compute-status')).toBeVisible();
  const bar = page.locator('#jp-main-statusbar');
  const overflow = await bar.evaluate(
    (node: HTMLElement) => node.scrollWidth - node.clientWidth
  );
  // Named in the failure: which items take the room.
  const items = await bar
    .locator('.jp-StatusBar-Item')
    .evaluateAll(nodes =>
      nodes.map(
        n =>
          `${Math.round(n.getBoundingClientRect().width)}px ${n.textContent.slice(0, 60)}`
      )
    );
  expect(overflow, items.join('\n')).toBeLessThanOrEqual(0);
  // JupyterLab's own stay whole, on the bar: the bell and the file name at the far right.
  const bell = (await page.locator('.jp-Notification-Status').boundingBox())!;
  expect(bell.x + bell.width).toBeLessThanOrEqual(viewport.width);
  const name = bar
    .locator('.jp-StatusBar-Item')
    .filter({ hasText: 'churn-model-experiments.ipynb' });
  const nameBox = (await name.boundingBox())!;
  expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(viewport.width);
  // Ours gave way (cut with an ellipsis); the tooltip keeps the whole text.
  const compute = page.locator('.jp-nbcraft-compute-status');
  expect(await compute.getAttribute('title')).toContain('Tracking');
});

// 1440 px: room for every item, whole. 1280 px: short of ~50 px, the lint and MLflow items
// give way and the tracking server's host:port stays whole (it gives way last).
for (const [width, roomForAll] of [
  [1280, false],
  [1440, true]
] as const) {
  test(`at ${width} px, the status bar shows the tracking server’s host:port whole`, async ({
    page,
    tmpPath
  }) => {
    // The first-hour walk saw "Compute: local · Tracking: 127.0.…" on a bar with room to
    // spare: the item was capped at 240 px (and the MLflow one at 220 px), whatever the room.
    await page.setViewportSize({ width, height: 800 });
    const notebook = `${tmpPath}/status-${width}.ipynb`;
    await page.contents.uploadFile(NOTEBOOK_FIXTURE, notebook);
    await page.notebook.openByPath(notebook);
    await page.notebook.activate(`status-${width}.ipynb`);
    const compute = page.locator('.jp-nbcraft-compute-status');
    await expect(compute).toHaveText(
      /^Compute: .+ · Tracking: 127\.0\.0\.1:\d+$/,
      { timeout: 180_000 }
    );
    const mlflow = page.locator('.jp-nbcraft-tracking-statustext');
    await expect(mlflow).toContainText('MLflow');
    // what the user sees is all of it: nothing cut, so no ellipsis
    const cut = (node: HTMLElement) => node.scrollWidth - node.clientWidth;
    expect(await compute.evaluate(cut)).toBeLessThanOrEqual(0);
    if (roomForAll) {
      expect(await mlflow.evaluate(cut)).toBeLessThanOrEqual(0);
    }
    // and JupyterLab's own items are still whole on the bar
    const bar = page.locator('#jp-main-statusbar');
    expect(await bar.evaluate(cut)).toBeLessThanOrEqual(0);
  });
}
