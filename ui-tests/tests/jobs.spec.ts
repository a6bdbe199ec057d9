import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { APIRequestContext } from '@playwright/test';
import * as path from 'path';
import { trustProjectConfig } from './helpers/trust';

/**
 * Jobs end to end: a real JupyterLab with nbcraft's server extension runs the notebook as a
 * job in a real kernel (papermill), logging to the embedded `mlflow server`. Each job waits
 * for its own gate file (a parameter), so the test sees queued, running and finished in turn
 * without relying on timing: the test config runs one job at a time
 * (c.NbcraftJobs.max_concurrent = 1).
 */

// Unique per run: the server may be reused between runs and keeps its jobs and runs (the
// pipeline's name). Each test's notebooks live in Galata's per-test `tmpPath`, emptied for
// every attempt: in one folder at the server's root, a retry met the gate files an earlier
// attempt had opened, and its jobs ran on at once.
const run = Date.now().toString(36);
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

async function openGate(
  page: IJupyterLabPageFixture,
  folder: string,
  name: string
) {
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
  // The names share one column, each on one line: the value fields line up (the walk saw
  // them start wherever each name ended, and names wrap mid-word).
  const layout = await dialog
    .locator('.jp-nbcraft-jobs-param')
    .evaluateAll(rows =>
      rows.map(row => {
        const name = row.querySelector<HTMLElement>(
          '.jp-nbcraft-jobs-param-name'
        )!;
        const line = parseFloat(getComputedStyle(name).fontSize) * 1.6;
        return {
          oneLine: name.getBoundingClientRect().height < line,
          left: Math.round(
            row.querySelector('input')!.getBoundingClientRect().left
          )
        };
      })
    );
  expect(layout.length).toBeGreaterThan(1);
  expect(layout.filter(r => !r.oneLine)).toEqual([]);
  expect(new Set(layout.map(r => r.left)).size).toBe(1);
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
  baseURL,
  tmpPath
}) => {
  test.setTimeout(300_000);
  const notebook = `${tmpPath}/jobs-demo.ipynb`;
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

  await openGate(page, tmpPath, 'gate-1.txt');
  await expect(first).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000
  });
  await expect(second).toHaveAttribute('data-status', 'running', {
    timeout: 120_000
  });
  await openGate(page, tmpPath, 'gate-2.txt');
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

/** A Python notebook's JSON: code cells, each with its tags. */
function pythonNotebook(cells: { source: string; tags?: string[] }[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: cells.map(({ source, tags }, i) => ({
      cell_type: 'code',
      id: `cell-${i}`,
      metadata: tags ? { tags } : {},
      execution_count: null,
      outputs: [],
      source
    }))
  });
}

/** A notebook whose `parameters` cell holds a secret (`db_password`) and a count. */
function secretNotebook(): string {
  return pythonNotebook([
    { source: "db_password = ''\nrows = 1", tags: ['parameters'] },
    {
      source:
        "print('rows', rows, 'password ok', db_password == 'hunter3', flush=True)"
    }
  ]);
}

test('run again with a secret parameter: Run job waits for it, nothing typed is lost', async ({
  page,
  request,
  baseURL,
  tmpPath
}) => {
  test.setTimeout(300_000);
  const secretPath = `${tmpPath}/secret-demo.ipynb`;
  await waitForTracking(request);
  await gotoLab(page, baseURL ?? '');
  await page.contents.uploadContent(secretNotebook(), 'text', secretPath);
  await page.notebook.openByPath(secretPath);
  await page.notebook.activate('secret-demo.ipynb');

  await page
    .locator('.jp-NotebookPanel-toolbar [data-jp-item-name="nbcraft-run-job"]')
    .click();
  const first = page.locator('.jp-Dialog').filter({ hasText: 'Run as job' });
  await first
    .locator('.jp-nbcraft-jobs-param[data-name="db_password"] input')
    .fill("'hunter2'");
  await first
    .locator('.jp-nbcraft-jobs-param[data-name="rows"] input')
    .fill('2');
  await first.getByRole('button', { name: 'Run job' }).click();
  await expect(first).toBeHidden();

  await page.sidebar.openTab(PANEL);
  const rows = page
    .locator(`#${PANEL} .jp-nbcraft-jobs-job`)
    .filter({ hasText: 'secret-demo.ipynb' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000
  });
  const firstId = await rows.first().getAttribute('data-job-id');

  await test.step('Re-run: the secret is asked again, and an empty one is not accepted', async () => {
    await rows.first().getByRole('button', { name: 'Re-run' }).click();
    const dialog = page.locator('.jp-Dialog').filter({ hasText: 'Run as job' });
    await expect(dialog).toBeVisible();
    const secret = dialog.locator(
      '.jp-nbcraft-jobs-param[data-name="db_password"]'
    );
    const count = dialog.locator(
      '.jp-nbcraft-jobs-param[data-name="rows"] input'
    );
    const runJob = dialog.getByRole('button', { name: 'Run job' });
    await expect(secret.locator('input')).toHaveAttribute('type', 'password');
    await expect(secret.locator('input')).toHaveValue('');
    await expect(count).toHaveValue('2');
    await count.fill('5');
    // Marked, with the message beside it; Run job disabled, and Enter does not submit.
    await expect(secret).toHaveClass(/jp-nbcraft-mod-missing/);
    await expect(secret).toContainText('Type the value again');
    await expect(runJob).toBeDisabled();
    await count.press('Enter');
    await secret.locator('input').press('Enter');
    await expect(dialog).toBeVisible();
    await expect(
      page.locator('.jp-Dialog').filter({ hasText: 'The job was not started' })
    ).toHaveCount(0);
    // Before: the dialog closed here, and the 5 typed was gone.
    await expect(count).toHaveValue('5');

    await secret.locator('input').fill("'hunter3'");
    await expect(secret).not.toHaveClass(/jp-nbcraft-mod-missing/);
    await runJob.click();
    await expect(dialog).toBeHidden();
  });

  await page.sidebar.openTab(PANEL);
  await expect(rows).toHaveCount(2);
  const rerun = rows.first();
  await expect(rerun).not.toHaveAttribute('data-job-id', firstId ?? '');
  await expect(rerun).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000
  });
  const rerunId = await rerun.getAttribute('data-job-id');
  const detail = await request.get(`/nbcraft/jobs/${rerunId}`);
  const body = (await detail.json()) as {
    parameters: Record<string, unknown>;
    secret_parameters: string[];
  };
  expect(body.parameters.rows).toBe(5);
  expect(body.parameters.db_password).toBe('<redacted>');
  expect(body.secret_parameters).toEqual(['db_password']);
  // `<redacted>` is also what an empty or a wrong secret shows: what the kernel really got is
  // in the executed notebook (it prints whether the password is the one typed, not the
  // password itself).
  const output = await request.get(`/nbcraft/jobs/${rerunId}/output`);
  expect(output.ok()).toBe(true);
  const printed = ((await output.json()) as INotebookJson).cells
    .flatMap(cell => cell.outputs ?? [])
    .map(out => [out.text ?? ''].flat().join(''))
    .join('');
  expect(printed).toContain('rows 5 password ok True');
  expect(printed).not.toContain('hunter3');
});

/** What the tests read of an executed notebook's JSON. */
interface INotebookJson {
  cells: { outputs?: { text?: string | string[] }[] }[];
}

/** A notebook for a pipeline step: waits for its gate file, or fails when told to. */
function stepNotebook(gate: string, failFlag?: string): string {
  const cells = [
    `import pathlib, time\nwhile not pathlib.Path('${gate}').exists():\n    time.sleep(0.2)\nprint('gate open', flush=True)`
  ];
  if (failFlag) {
    cells.push(
      `if pathlib.Path('${failFlag}').exists():\n    raise ValueError('the data check failed')`
    );
  }
  return pythonNotebook(cells.map(source => ({ source })));
}

test('a pipeline as a live graph, and re-run from a failed step', async ({
  page,
  request,
  baseURL,
  tmpPath
}) => {
  test.setTimeout(420_000);
  const pipeline = `train-${run.slice(-4)}`;
  // its steps' notebooks in `tmpPath`; the pipeline itself must be in nbcraft.json at the
  // server's root (the server reads pipelines from there only)
  const steps = `${tmpPath}/pipeline`;
  // prep -> (features || check): a parallel pair after prep. One job runs at a time on this
  // server, so the pair's second step waits in the queue; each step waits for its gate file.
  const config = {
    pipelines: {
      [pipeline]: {
        steps: [
          { name: 'prep', notebook: `${steps}/prep.ipynb` },
          {
            name: 'features',
            notebook: `${steps}/features.ipynb`,
            needs: ['prep']
          },
          { name: 'check', notebook: `${steps}/check.ipynb`, needs: ['prep'] }
        ]
      }
    }
  };
  await waitForTracking(request);
  await gotoLab(page, baseURL ?? '');
  const previous = (await page.contents.fileExists('nbcraft.json'))
    ? await request.get('/api/contents/nbcraft.json?content=1&format=text')
    : null;
  const previousText = previous
    ? ((await previous.json()) as { content: string }).content
    : null;
  await page.contents.uploadContent(
    stepNotebook('gate-prep'),
    'text',
    `${steps}/prep.ipynb`
  );
  await page.contents.uploadContent(
    stepNotebook('gate-features'),
    'text',
    `${steps}/features.ipynb`
  );
  await page.contents.uploadContent(
    stepNotebook('gate-check', 'broken.flag'),
    'text',
    `${steps}/check.ipynb`
  );
  await page.contents.uploadContent('yes', 'text', `${steps}/broken.flag`);
  await page.contents.uploadContent(
    JSON.stringify(config),
    'text',
    'nbcraft.json'
  );
  await trustProjectConfig(page);
  try {
    const started = await request.post('/nbcraft/jobs', { data: { pipeline } });
    expect(started.status()).toBe(201);
    const { id } = (await started.json()) as { id: string };

    await page.sidebar.openTab(PANEL);
    const row = page.locator(
      `#${PANEL} .jp-nbcraft-jobs-job[data-job-id="${id}"]`
    );
    const node = (r: typeof row, step: string) =>
      r.locator(`.jp-nbcraft-jobs-graph-node[data-step="${step}"]`);
    await expect(row).toContainText(`pipeline ${pipeline}`);
    // Live: prep runs, the pair after it waits.
    await expect(node(row, 'prep')).toHaveAttribute('data-status', 'running', {
      timeout: 120_000
    });
    await expect(node(row, 'features')).toHaveAttribute(
      'data-status',
      'queued'
    );
    await expect(node(row, 'check')).toHaveAttribute('data-status', 'queued');
    // The pair is drawn one above the other, in the column after prep.
    const at = async (step: string) => {
      const box = await node(row, step).boundingBox();
      expect(box).not.toBeNull();
      return box!;
    };
    const [prep, features, check] = [
      await at('prep'),
      await at('features'),
      await at('check')
    ];
    expect(features.x).toBeGreaterThan(prep.x + prep.width);
    expect(check.x).toBe(features.x);
    expect(check.y).toBeGreaterThan(features.y);

    await openGate(page, tmpPath, 'pipeline/gate-prep');
    await expect(node(row, 'prep')).toHaveAttribute('data-status', 'finished', {
      timeout: 120_000
    });
    await expect(node(row, 'features')).toHaveAttribute(
      'data-status',
      'running',
      {
        timeout: 120_000
      }
    );
    await openGate(page, tmpPath, 'pipeline/gate-features');
    await openGate(page, tmpPath, 'pipeline/gate-check');
    await expect(node(row, 'check')).toHaveAttribute('data-status', 'failed', {
      timeout: 120_000
    });
    await expect(node(row, 'features')).toHaveAttribute(
      'data-status',
      'finished'
    );
    await expect(row).toHaveAttribute('data-status', 'failed');
    await expect(row.locator('.jp-nbcraft-jobs-error')).toHaveText(
      'step(s) failed: check'
    );
    await row.screenshot({
      path: '../docs/screenshots/jobs-pipeline-graph.png'
    });

    // Fix the data, then "re-run from here" on the failed step: only check runs again,
    // prep and features are kept from this run (as Databricks' repair run does).
    await page.contents.deleteFile(`${steps}/broken.flag`);
    await node(row, 'check').click();
    const dialog = page.locator('.jp-Dialog').filter({
      hasText: `Re-run pipeline ${pipeline} from check?`
    });
    await dialog.getByRole('button', { name: 'Re-run from check' }).click();
    await expect(dialog).toBeHidden();
    const rerun = page
      .locator(`#${PANEL} .jp-nbcraft-jobs-job`)
      .filter({ hasText: `pipeline ${pipeline}` })
      .first();
    await expect(rerun).not.toHaveAttribute('data-job-id', id);
    await expect(rerun).toHaveAttribute('data-status', 'finished', {
      timeout: 120_000
    });
    for (const step of ['prep', 'features', 'check']) {
      await expect(node(rerun, step)).toHaveAttribute(
        'data-status',
        'finished'
      );
    }
    const rerunId = await rerun.getAttribute('data-job-id');
    const detail = await request.get(`/nbcraft/jobs/${rerunId}`);
    const body = (await detail.json()) as {
      steps: { name: string; reused: boolean; job_id: string }[];
    };
    expect(body.steps.map(s => [s.name, s.reused])).toEqual([
      ['prep', true],
      ['features', true],
      ['check', false]
    ]);
  } finally {
    // Leave the root's project file as this spec found it.
    if (previousText === null) {
      await page.contents.deleteFile('nbcraft.json');
    } else {
      await page.contents.uploadContent(previousText, 'text', 'nbcraft.json');
    }
  }
});
