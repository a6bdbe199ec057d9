import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { APIRequestContext } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Reproducible runs end to end: a real JupyterLab with nbcraft's server extension, a real
 * kernel that records the run's provenance (commit, notebook, environment, the CSV it read)
 * into the embedded `mlflow server`, a real git repository, and the lab's Provenance section:
 * the commit and data input, "changed since" after the CSV changes, and Reproduce, which
 * re-runs the notebook as a job from the commit and compares the metrics.
 *
 * The provenance routes judge runs against the Jupyter root's repository, so the test makes
 * the (temporary) root a git repository holding only its own folder, and removes that
 * repository at the end.
 */

// Unique per run: the server may be reused between runs and keeps its runs (its folder,
// inside Galata's per-test `tmpPath`, which is emptied for every attempt, names them).
const stamp = `prov-ui-${Date.now().toString(36)}`;
const SIDEBAR = 'nbcraft-tracking-sidebar';
const fixtures = path.resolve(__dirname, '..', 'fixtures', 'provenance');
const shots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 1000 }, autoGoto: false });

/** Navigate with Playwright's own frame: a busy machine can take longer than Galata's 15 s. */
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

const GIT = `import pathlib, shutil, subprocess
def git(*args):
    done = subprocess.run(['git', '-c', 'user.name=nbcraft ui', '-c', 'user.email=ui@nbcraft.invalid', *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout
`;

/** Minimal types of the lab's session API that the script runner uses. */
interface IScriptSession {
  kernel: {
    requestExecute(content: { code: string }): {
      onIOPub: (msg: {
        header: { msg_type: string };
        content: { text?: string; ename?: string; evalue?: string };
      }) => void;
      done: Promise<unknown>;
    };
  } | null;
  shutdown(): Promise<void>;
}

/**
 * Runs `source` in a new real kernel at the Jupyter root (git, clean-up) through the lab's own
 * session API, and returns what it printed (and any exception). The script checks that it
 * runs where the test's folder is before it touches git.
 */
async function runScript(
  page: IJupyterLabPageFixture,
  source: string
): Promise<string> {
  const at = `script-${stamp}.ipynb`; // a session at the root, not a file
  return page.evaluate(
    async ([code, at]) => {
      const app = (
        window as unknown as {
          jupyterapp: {
            serviceManager: {
              sessions: {
                startNew(options: {
                  path: string;
                  name: string;
                  type: string;
                  kernel: { name: string };
                }): Promise<IScriptSession>;
              };
            };
          };
        }
      ).jupyterapp;
      // a session at a root path: its kernel starts in the Jupyter root
      const session = await app.serviceManager.sessions.startNew({
        path: at,
        name: at,
        type: 'notebook',
        kernel: { name: 'python3' }
      });
      try {
        let out = '';
        const future = session.kernel?.requestExecute({ code });
        if (!future) {
          return 'no kernel';
        }
        future.onIOPub = msg => {
          if (msg.header.msg_type === 'stream') {
            out += msg.content.text ?? '';
          } else if (msg.header.msg_type === 'error') {
            out += `${msg.content.ename ?? ''}: ${msg.content.evalue ?? ''}`;
          }
        };
        await future.done;
        return out;
      } finally {
        await session.shutdown();
      }
    },
    [source, at]
  );
}

/** Selects a run in the sidebar and shows its details (the sidebar's own command). */
async function showRun(page: IJupyterLabPageFixture, runId: string) {
  await page.evaluate(
    async ([command, id]) => {
      await (
        window as unknown as {
          jupyterapp: {
            commands: { execute: (c: string, a: unknown) => Promise<void> };
          };
        }
      ).jupyterapp.commands.execute(command, { runId: id });
    },
    ['nbcraft:tracking-show-run', runId]
  );
}

function details(page: IJupyterLabPageFixture) {
  return page.locator(`#${SIDEBAR} .jp-nbcraft-tracking-details`);
}

test('a run records its provenance, shows what changed since, and reproduces', async ({
  page,
  request,
  baseURL,
  tmpPath
}) => {
  const folder = `${tmpPath}/${stamp}`;
  const notebook = `${folder}/train.ipynb`;
  const csv = `${folder}/data/train.csv`;
  test.setTimeout(600_000);
  await waitForTracking(request);
  await gotoLab(page, baseURL ?? '');
  const madeRepository =
    await test.step('a git repository with the notebook and its CSV', async () => {
      await page.contents.uploadFile(
        path.join(fixtures, 'train.ipynb'),
        notebook
      );
      await page.contents.uploadFile(path.join(fixtures, 'train.csv'), csv);
      const out = await runScript(
        page,
        `${GIT}assert pathlib.Path('${folder}').is_dir(), f'not the Jupyter root: {pathlib.Path.cwd()}'
made = not pathlib.Path('.git').exists()
if made:
    git('init', '-q', '-b', 'main')
git('add', '${folder}')
git('commit', '-q', '-m', 'churn model')
print('made' if made else 'reused', git('rev-parse', 'HEAD').strip())`
      );
      expect(out).toMatch(/^(made|reused) [0-9a-f]{40}/);
      return out.startsWith('made');
    });

  try {
    let runId = '';
    let commit = '';
    await test.step('run the notebook in a real kernel', async () => {
      await page.notebook.openByPath(notebook);
      await page.notebook.activate('train.ipynb');
      await page.notebook.run();
      const out = (await page.notebook.getCellTextOutput(3))?.join('') ?? '';
      const match = /run ([0-9a-f]{32})/.exec(out);
      expect(match, `the training cell printed: ${out}`).not.toBeNull();
      runId = match![1];
      const head = await request.get(
        `/nbcraft/provenance/git?path=${encodeURIComponent(notebook)}`
      );
      expect(head.ok()).toBe(true);
    });

    await test.step('the run details show the Provenance section', async () => {
      await page.sidebar.close('left');
      await page.sidebar.openTab(SIDEBAR);
      const row = page.locator(
        `#${SIDEBAR} .jp-nbcraft-tracking-row[data-run-id="${runId}"]`
      );
      await expect(row).toBeVisible({ timeout: 60_000 });
      await row.click();
      const section = details(page).locator('.jp-nbcraft-provenance');
      await expect(section).toHaveAttribute('data-status', /complete|partial/, {
        timeout: 60_000
      });
      const commitLine = section.locator('.jp-nbcraft-provenance-commit');
      commit = (await commitLine.getAttribute('data-commit')) ?? '';
      expect(commit).toMatch(/^[0-9a-f]{40}$/);
      await expect(commitLine).toContainText(commit.slice(0, 12));
      await expect(commitLine).toContainText('on main');
      await expect(commitLine).toContainText('clean');
      // compared with the notebook's own running kernel
      await expect(
        section.locator('.jp-nbcraft-provenance-compared')
      ).toContainText('Compared with');
      const input = section.locator(
        '.jp-nbcraft-provenance-inputs tr[data-input$="data/train.csv"]'
      );
      await expect(input).toHaveAttribute('data-mark', 'unchanged');
      await expect(input).toContainText('unchanged');
      await expect(
        section.locator('.jp-nbcraft-provenance-nbsame')
      ).toBeVisible();
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: path.join(shots, 'provenance-details.png')
      });
    });

    await test.step('Reproduce re-runs the commit and compares the metrics', async () => {
      const section = details(page).locator('.jp-nbcraft-provenance');
      const button = section.getByRole('button', { name: 'Reproduce' });
      await button.focus();
      await page.keyboard.press('Enter'); // keyboard-reachable
      // it asks first: whose run, its commit and target, the changes applied
      const dialog = page
        .locator('.jp-Dialog')
        .filter({ hasText: 'Reproduce this run?' });
      await expect(dialog.locator('[data-field="diff"]')).toContainText(
        'none (the tree was clean)'
      );
      await dialog.getByRole('button', { name: 'Reproduce' }).click();
      await expect(dialog).toBeHidden();
      const state = section.locator('.jp-nbcraft-provenance-reproduce-state');
      await expect(state).toHaveAttribute('data-phase', 'done', {
        timeout: 300_000
      });
      await expect(state).toHaveAttribute('data-status', 'reproduced');
      const r2 = section.locator(
        '.jp-nbcraft-provenance-metrics tr[data-metric="r2"]'
      );
      await expect(r2).toHaveAttribute('data-ok', 'true');
      await expect(r2).toContainText('yes');
      await section
        .locator('.jp-nbcraft-provenance-result')
        .scrollIntoViewIfNeeded();
      await page.screenshot({
        path: path.join(shots, 'provenance-reproduce.png')
      });
      // the link selects the new run in the sidebar
      await section.locator('.jp-nbcraft-provenance-newrun').click();
      await expect(details(page)).not.toHaveAttribute('data-run-id', runId);
      const newRun = await details(page).getAttribute('data-run-id');
      expect(newRun).toMatch(/^[0-9a-f]{32}$/);
    });

    await test.step('after the CSV changes, the input is marked "changed since"', async () => {
      const changed = fs
        .readFileSync(path.join(fixtures, 'train.csv'), 'utf-8')
        .replace('\n0,0\n', '\n0,1\n');
      await page.contents.uploadContent(changed, 'text', csv);
      await showRun(page, runId);
      const section = details(page).locator('.jp-nbcraft-provenance');
      await expect(details(page)).toHaveAttribute('data-run-id', runId);
      await section.getByRole('button', { name: 'Check again' }).click();
      const input = section.locator(
        '.jp-nbcraft-provenance-inputs tr[data-input$="data/train.csv"]'
      );
      await expect(input).toHaveAttribute('data-mark', 'changed');
      await expect(input).toContainText('changed since the run');
      await page.screenshot({
        path: path.join(shots, 'provenance-changed.png')
      });
    });

    await test.step('a run made with an unsaved edit says so, and Reproduce refuses it', async () => {
      await page.notebook.activate('train.ipynb');
      const saved = await page.notebook.getCellTextInput(3);
      expect(saved).toContain('n_estimators=10');
      // edited in the editor, run, not saved: the kernel runs 11 trees, the file says 10
      // (set on the cell's model: typing would go through the editor's auto-indent)
      await page.evaluate(
        ([index, source]) => {
          const shell = (
            window as unknown as {
              jupyterapp: {
                shell: {
                  currentWidget: {
                    content: {
                      widgets: {
                        model: {
                          sharedModel: { setSource(s: string): void };
                        };
                      }[];
                    };
                  };
                };
              };
            }
          ).jupyterapp.shell;
          shell.currentWidget.content.widgets[
            Number(index)
          ].model.sharedModel.setSource(String(source));
        },
        [3, saved.replace('n_estimators=10', 'n_estimators=11')]
      );
      expect(await page.notebook.getCellTextInput(3)).toContain(
        'n_estimators=11'
      );
      await page.notebook.runCell(3);
      const out = (await page.notebook.getCellTextOutput(3))?.join('') ?? '';
      const match = /run ([0-9a-f]{32})/.exec(out);
      expect(match, `the edited cell printed: ${out}`).not.toBeNull();
      const edited = match![1];
      await showRun(page, edited);
      await expect(details(page)).toHaveAttribute('data-run-id', edited);
      const section = details(page).locator('.jp-nbcraft-provenance');
      await expect(section).toHaveAttribute('data-status', 'partial', {
        timeout: 60_000
      });
      await expect(
        section.locator('.jp-nbcraft-provenance-notice')
      ).toContainText('cell 4 ran code that the saved notebook does not hold');
      await expect(
        section.locator('.jp-nbcraft-provenance-executed')
      ).toHaveAttribute('data-executed', 'differs');
      // the notebook file is the commit's (the edit is not saved): no line about its own state
      await expect(section.locator('[data-notebook-git]')).toHaveCount(0);
      await section.getByRole('button', { name: 'Reproduce' }).click();
      const dialog = page
        .locator('.jp-Dialog')
        .filter({ hasText: 'Reproduce this run?' });
      await dialog.getByRole('button', { name: 'Reproduce' }).click();
      const state = section.locator('.jp-nbcraft-provenance-reproduce-state');
      await expect(state).toHaveAttribute('data-phase', 'done', {
        timeout: 120_000
      });
      await expect(state).toHaveAttribute('data-status', 'cannot');
      await expect(state).toContainText(
        'ran code that its notebook snapshot does not hold'
      );
      await expect(
        section.locator('.jp-nbcraft-provenance-metrics')
      ).toHaveCount(0);
      await page.notebook.activate('train.ipynb');
      await page.notebook.close(true); // the edit is dropped, never saved
    });
  } finally {
    if (madeRepository) {
      expect(
        await runScript(
          page,
          `import pathlib, shutil\nassert pathlib.Path('${folder}').is_dir()\nshutil.rmtree('.git')\nprint('removed')`
        )
      ).toBe('removed\n');
    }
  }
});
