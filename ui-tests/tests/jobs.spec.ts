import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { APIRequestContext } from '@playwright/test';
import * as path from 'path';

/**
 * Jobs end to end: a real JupyterLab with nbcraft's server extension runs the notebook as a
 * job in a real kernel (papermill), logging to the embedded `mlflow server`. Each job waits
 * for its own gate file (a parameter), so the test sees queued, running and finished in turn
 * without relying on timing: the test config runs one job at a time
 * (c.NbcraftJobs.max_concurrent = 1).
 */

// Unique per run: the server may be reused between runs and keeps its jobs and runs.
const folder = `jobs-ui-${Date.now().toString(36)}`;
const notebook = `${folder}/jobs-demo.ipynb`;
const PANEL = 'nbcraft-jobs-panel';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 }, autoGoto: false });

/**
 * Galata gives the app 15 s to start (its page.goto); on a loaded machine the first start can
 * take longer. Navigate with Playwright's own frame and wait for the app as long as needed:
 * Galata's in-page helpers are there once its extension has started with the app.
 */
async function gotoLab(
  page: IJupyterLabPageFixture,
  baseURL: string
): Promise<void> {
  await page.mainFrame().goto(`${baseURL}/lab`, {
    waitUntil: 'domcontentloaded',
    timeout: 180_000
  });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { jupyterapp?: unknown; galata?: unknown };
      return typeof w.jupyterapp === 'object' && typeof w.galata === 'object';
    },
    undefined,
    { timeout: 180_000 }
  );
  await page.evaluate(async () => {
    await (window as unknown as { jupyterapp: { started: Promise<void> } })
      .jupyterapp.started;
  });
  await page
    .locator('#jupyterlab-splash')
    .waitFor({ state: 'detached', timeout: 180_000 });
}

async function waitForTracking(request: APIRequestContext): Promise<void> {
  // The embedded tracking server starts with JupyterLab; jobs log to it.
  await expect
    .poll(
      async () => {
        const reply = await request.get('/nbcraft/mlflow/status');
        const body = (await reply.json()) as {
          reachable: boolean;
          state: string;
        };
        return body.reachable && body.state === 'ready';
      },
      { timeout: 150_000, intervals: [1000] }
    )
    .toBe(true);
}

async function openGate(page: IJupyterLabPageFixture, name: string) {
  await page.contents.uploadContent('go', 'text', `${folder}/${name}`);
}

/** Submit from the toolbar's "Run as job", with the gate parameter set. */
async function runAsJob(
  page: IJupyterLabPageFixture,
  gate: string,
  alpha: string,
  screenshot?: string
): Promise<void> {
  await page
    .locator('.jp-NotebookPanel-toolbar [data-jp-item-name="nbcraft-run-job"]')
    .click();
  const dialog = page.locator('.jp-Dialog').filter({ hasText: 'Run as job' });
  await expect(dialog).toBeVisible();
  const alphaField = dialog.locator(
    '.jp-nbcraft-jobs-param[data-name="alpha"] input'
  );
  // The parameters cell's current values, read from the notebook.
  await expect(alphaField).toHaveValue('0.1');
  await expect(dialog).toContainText('scales the score');
  await alphaField.fill(alpha);
  await dialog
    .locator('.jp-nbcraft-jobs-param[data-name="gate"] input')
    .fill(`'${gate}'`);
  if (screenshot) {
    await dialog.screenshot({ path: screenshot });
  }
  await dialog.getByRole('button', { name: 'Run job' }).click();
  await expect(dialog).toBeHidden();
}

function jobRows(page: IJupyterLabPageFixture) {
  return page.locator(`#${PANEL} .jp-nbcraft-jobs-job`).filter({
    hasText: 'jobs-demo.ipynb'
  });
}

test('run a notebook as a job from the toolbar and follow it live', async ({
  page,
  request,
  baseURL
}) => {
  test.setTimeout(300_000);
  await waitForTracking(request);
  await gotoLab(page, baseURL ?? '');
  await test.step('open the notebook', async () => {
    await page.contents.uploadFile(
      path.resolve(__dirname, '../fixtures/jobs/jobs-demo.ipynb'),
      notebook
    );
    await page.notebook.openByPath(notebook);
    await page.notebook.activate('jobs-demo.ipynb');
  });

  // Record every status each job row shows, to check the panel moved through them live.
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { nbcraftJobStates: typeof seen }).nbcraftJobStates =
      seen;
    const record = () => {
      document
        .querySelectorAll<HTMLElement>('.jp-nbcraft-jobs-job')
        .forEach(row => {
          const id = row.dataset.jobId ?? '';
          const status = row.dataset.status ?? '';
          const list = (seen[id] ??= []);
          if (list[list.length - 1] !== status) {
            list.push(status);
          }
        });
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status']
    });
  });

  await runAsJob(
    page,
    'gate-1.txt',
    '0.5',
    '../docs/screenshots/jobs-dialog.png'
  );
  await runAsJob(page, 'gate-2.txt', '2');

  await page.sidebar.openTab(PANEL);
  const rows = jobRows(page);
  await expect(rows).toHaveCount(2);
  // Newest first: the second job waits in the queue while the first waits for its gate.
  const [second, first] = [rows.nth(0), rows.nth(1)];
  await expect(first).toHaveAttribute('data-status', 'running', {
    timeout: 120_000
  });
  await expect(second).toHaveAttribute('data-status', 'queued');
  await expect(first.locator('.jp-nbcraft-jobs-progress-text')).toHaveText(
    /cell 4 of 5/
  );
  await expect(first.locator('.jp-nbcraft-jobs-output')).toContainText(
    'waiting for gate-1.txt'
  );
  await expect(first.locator('.jp-nbcraft-jobs-target')).toHaveText('on local');
  await page
    .locator(`#${PANEL}`)
    .screenshot({ path: '../docs/screenshots/jobs-panel-running.png' });

  await openGate(page, 'gate-1.txt');
  await expect(first).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000
  });
  await expect(second).toHaveAttribute('data-status', 'running', {
    timeout: 120_000
  });
  await openGate(page, 'gate-2.txt');
  await expect(second).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000
  });
  await expect(second.locator('.jp-nbcraft-jobs-duration')).toHaveText(/\d/);

  const firstId = await first.getAttribute('data-job-id');
  const secondId = await second.getAttribute('data-job-id');
  const states = await page.evaluate(
    () =>
      (window as unknown as { nbcraftJobStates: Record<string, string[]> })
        .nbcraftJobStates
  );
  expect(states[secondId ?? '']).toEqual(['queued', 'running', 'finished']);
  expect(states[firstId ?? '']).toEqual(
    expect.arrayContaining(['running', 'finished'])
  );
  await page
    .locator(`#${PANEL}`)
    .screenshot({ path: '../docs/screenshots/jobs-panel-finished.png' });

  // The executed notebook, read-only, with the injected parameters and the outputs.
  await second.getByRole('button', { name: 'Output' }).click();
  const output = page.locator('.jp-MainAreaWidget').filter({
    has: page.locator('.jp-nbcraft-jobs-output-notebook')
  });
  await expect(output).toBeVisible();
  await expect(output).toContainText('score 4');
  await expect(output).toContainText('gate-2.txt');
  await expect(
    page.locator('.lm-TabBar-tab.lm-mod-current').filter({
      hasText: '(read-only)'
    })
  ).toBeVisible();

  // The job's MLflow run, in the runs sidebar, with its "job" badge and the param.
  await page.sidebar.openTab(PANEL);
  await second.getByRole('button', { name: 'Run', exact: true }).click();
  const runs = page.locator('#nbcraft-tracking-sidebar');
  await expect(runs).toBeVisible();
  await expect(runs).toContainText('alpha', { timeout: 60_000 });
  await expect(runs).toContainText('score');
  await runs.locator('button[title="Back to the runs"]').click();
  for (const id of [firstId, secondId]) {
    await expect(
      runs.locator(`.jp-nbcraft-tracking-job-badge[title$=" ${id ?? ''}"]`)
    ).toBeVisible({ timeout: 60_000 });
  }
  await runs.screenshot({ path: '../docs/screenshots/jobs-run-badge.png' });
});
