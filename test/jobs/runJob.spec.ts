/**
 * Run again with a secret parameter left empty: "Run job" must not accept (neither the button
 * nor Enter) and the dialog stays open with everything typed. Before, the dialog closed, a
 * second one said "The job was not started", and the target and parameters typed were gone.
 *
 * The notebook panel, the compute service and the jobs model are fakes with the few members
 * runAsJob reads (a NotebookPanel needs a running server); the dialog is JupyterLab's own, in
 * the DOM. The real flow runs in ui-tests/tests/jobs.spec.ts.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { nullTranslator } from '@jupyterlab/translation';

import type { ComputeService } from '../../src/compute/service';
import { NbcraftApiError } from '../../src/core/api';
import type { IJobRequest } from '../../src/jobs/api';
import type { JobsModel } from '../../src/jobs/jobsModel';
import { runAsJob } from '../../src/jobs/runJob';
import { marked } from '../core/markedTranslator';

const trans = nullTranslator.load('nbcraft');

function fakePanel(parameters: string): NotebookPanel {
  const cell = {
    type: 'code',
    getMetadata: (key: string) => (key === 'tags' ? ['parameters'] : undefined),
    sharedModel: { getSource: () => parameters }
  };
  return {
    context: {
      ready: Promise.resolve(),
      path: 'train.ipynb',
      model: { dirty: false },
      save: () => Promise.resolve()
    },
    content: { model: { cells: { length: 1, get: () => cell } } },
    sessionContext: {}
  } as unknown as NotebookPanel;
}

function deps(submitted: IJobRequest[], failures: Error[] = []) {
  const compute = {
    error: null,
    refresh: () =>
      Promise.resolve([
        {
          name: 'spark-local',
          kind: 'spark-connect',
          reachable: true,
          kernelspec: 'nbcraft-spark-local'
        }
      ]),
    sessionState: () => ({ kernelName: null, kernelId: null })
  } as unknown as ComputeService;
  const jobs = {
    submit: (request: IJobRequest) => {
      submitted.push(request);
      const failure = failures.shift();
      return failure
        ? Promise.reject(failure)
        : Promise.resolve({ id: 'j2', status: 'queued' });
    }
  } as unknown as JobsModel;
  return { compute, jobs, trans, showJobs: () => undefined };
}

async function openDialog(): Promise<HTMLElement> {
  for (let i = 0; i < 100; i++) {
    const dialog = document.querySelector<HTMLElement>('.jp-Dialog');
    if (dialog?.querySelector('.jp-nbcraft-jobs-form')) {
      return dialog;
    }
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error('the Run as job dialog did not open');
}

function field(root: ParentNode, selector: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(selector);
  if (!found) {
    throw new Error(`no ${selector}`);
  }
  return found;
}

function type(input: HTMLInputElement | HTMLSelectElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function pressEnter(input: HTMLElement) {
  input.focus();
  input.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
  );
}

afterEach(() => {
  document.body.innerHTML = '';
});

/** Re-run of a job with a secret parameter (`db_password`) and a count: its dialog, open. */
async function rerunWithSecret() {
  const submitted: IJobRequest[] = [];
  const running = runAsJob(
    fakePanel("db_password = ''\nrows = 1"),
    deps(submitted),
    {
      target: 'local',
      values: { db_password: '', rows: '3' },
      secret: ['db_password']
    }
  );
  const dialog = await openDialog();
  const secret = field(
    dialog,
    '[data-name="db_password"] input'
  ) as HTMLInputElement;
  return { submitted, running, dialog, secret };
}

describe('runAsJob, run again with a secret parameter', () => {
  it('does not accept while the secret is empty, keeps what was typed, then submits it', async () => {
    const { submitted, running, dialog, secret } = await rerunWithSecret();
    const rows = field(dialog, '[data-name="rows"] input') as HTMLInputElement;
    const target = field(dialog, 'select') as HTMLSelectElement;
    const experiment = field(
      dialog,
      '.jp-nbcraft-jobs-experiment'
    ) as HTMLInputElement;
    const runJob = field(dialog, 'button.jp-mod-accept') as HTMLButtonElement;

    // The user changes the target and a parameter, and leaves the secret empty.
    type(target, 'spark-local');
    type(rows, '7');
    type(experiment, 'nightly');
    // The empty field is marked, with a message beside it, from the start.
    const row = field(dialog, '[data-name="db_password"]');
    expect(row.classList.contains('jp-nbcraft-mod-missing')).toBe(true);
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    expect(row.textContent).toContain(
      'Type the value again: the server keeps no secret parameter’s value'
    );
    expect(runJob.disabled).toBe(true);

    runJob.click();
    pressEnter(rows);
    pressEnter(secret);
    await new Promise(r => setTimeout(r, 50));
    // Still the one dialog, open, with everything typed; nothing submitted.
    const open = document.querySelectorAll('.jp-Dialog');
    expect(open).toHaveLength(1);
    expect(open[0]).toBe(dialog);
    expect(document.body.textContent).not.toContain('The job was not started');
    expect([target.value, rows.value, experiment.value]).toEqual([
      'spark-local',
      '7',
      'nightly'
    ]);
    expect(submitted).toEqual([]);

    // The secret typed: the field is no longer marked and Enter runs the job.
    type(secret, 'hunter2');
    expect(row.classList.contains('jp-nbcraft-mod-missing')).toBe(false);
    expect(secret.getAttribute('aria-invalid')).toBe('false');
    expect(runJob.disabled).toBe(false);
    pressEnter(secret);
    await expect(running).resolves.toBe('j2');
    expect(submitted).toEqual([
      {
        notebook: 'train.ipynb',
        target: 'spark-local',
        parameters: { db_password: 'hunter2', rows: 7 },
        experiment: 'nightly'
      }
    ]);
  });

  const emptyReason =
    'Type the value again: the server keeps no secret parameter’s value';
  const placeholderReason =
    'Type the secret itself: <redacted> is what the server shows in its place';
  it.each([
    ["''", emptyReason],
    ['""', emptyReason],
    ['   ', emptyReason],
    ['None', emptyReason],
    ['<redacted>', placeholderReason],
    ["'<redacted>'", placeholderReason],
    ['"<redacted>" ', placeholderReason]
  ])(
    'does not accept %p for the secret, says why, then submits the secret typed',
    async (notASecret, reason) => {
      const { submitted, running, dialog, secret } = await rerunWithSecret();
      const runJob = field(dialog, 'button.jp-mod-accept') as HTMLButtonElement;
      type(secret, notASecret);
      // Before: `required` alone took an empty one, and the job got '' (or None) for the
      // secret; `<redacted>` was taken too, and the job got that text for its password.
      expect(runJob.disabled).toBe(true);
      expect(secret.getAttribute('aria-invalid')).toBe('true');
      expect(field(dialog, '[data-name="db_password"]').textContent).toContain(
        reason
      );
      runJob.click();
      pressEnter(secret);
      await new Promise(r => setTimeout(r, 50));
      expect(document.querySelectorAll('.jp-Dialog')).toHaveLength(1);
      expect(submitted).toEqual([]);
      type(secret, "'hunter2'");
      expect(runJob.disabled).toBe(false);
      pressEnter(secret);
      await expect(running).resolves.toBe('j2');
      expect(submitted[0].parameters).toEqual({
        db_password: 'hunter2',
        rows: 3
      });
    }
  );

  it('says so in the lab’s language', async () => {
    const running = runAsJob(
      fakePanel("token = ''"),
      { ...deps([]), trans: { ...trans, ...marked } },
      { target: 'local', values: { token: '' }, secret: ['token'] }
    );
    const dialog = await openDialog();
    expect(
      field(dialog, '[data-name="token"] .jp-nbcraft-jobs-param-hint')
        .textContent
    ).toBe(
      '«Type the value again: the server keeps no secret parameter’s value, and the job would get an empty one.»[]'
    );
    type(
      field(dialog, '[data-name="token"] input') as HTMLInputElement,
      '<redacted>'
    );
    expect(
      field(dialog, '[data-name="token"] .jp-nbcraft-jobs-param-hint')
        .textContent
    ).toBe(
      '«Type the secret itself: %1 is what the server shows in its place, and the job would get that text.»[<redacted>]'
    );
    (field(dialog, 'button.jp-mod-reject') as HTMLButtonElement).click();
    await expect(running).resolves.toBeNull();
  });
});

/** The "The job was not started" dialog, once shown. */
async function errorDialog(): Promise<HTMLElement> {
  for (let i = 0; i < 100; i++) {
    const error = Array.from(
      document.querySelectorAll<HTMLElement>('.jp-Dialog')
    ).find(d => d.textContent.includes('The job was not started'));
    if (error) {
      return error;
    }
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error('no "The job was not started" dialog');
}

describe('runAsJob, a submit that fails', () => {
  it('opens the dialog again with everything typed, the secret included, and submits it then', async () => {
    const submitted: IJobRequest[] = [];
    // the server said no (stopped, refused, failed): the POST /nbcraft/jobs was answered 500
    const running = runAsJob(
      fakePanel("db_password = ''\nrows = 1"),
      deps(submitted, [new NbcraftApiError('database is locked', 500)]),
      {
        target: 'local',
        values: { db_password: '', rows: '3' },
        secret: ['db_password']
      }
    );
    const dialog = await openDialog();
    type(field(dialog, 'select') as HTMLSelectElement, 'spark-local');
    type(field(dialog, '[data-name="rows"] input') as HTMLInputElement, '7');
    type(
      field(dialog, '.jp-nbcraft-jobs-experiment') as HTMLInputElement,
      'nightly'
    );
    type(
      field(dialog, '[data-name="db_password"] input') as HTMLInputElement,
      'hunter2'
    );
    (field(dialog, 'button.jp-mod-accept') as HTMLButtonElement).click();
    // The error is said, and its OK closes it.
    const error = await errorDialog();
    expect(error.textContent).toContain('database is locked');
    (field(error, 'button.jp-mod-accept') as HTMLButtonElement).click();
    // Before: null, and everything typed, the secret included, was gone.
    const again = await openDialog();
    expect(again).not.toBe(dialog);
    expect(
      (field(again, '[data-name="db_password"] input') as HTMLInputElement)
        .value
    ).toBe('hunter2');
    expect(
      (field(again, '[data-name="rows"] input') as HTMLInputElement).value
    ).toBe('7');
    expect((field(again, 'select') as HTMLSelectElement).value).toBe(
      'spark-local'
    );
    expect(
      (field(again, '.jp-nbcraft-jobs-experiment') as HTMLInputElement).value
    ).toBe('nightly');
    (field(again, 'button.jp-mod-accept') as HTMLButtonElement).click();
    await expect(running).resolves.toBe('j2');
    expect(submitted).toHaveLength(2);
    expect(submitted[1]).toEqual({
      notebook: 'train.ipynb',
      target: 'spark-local',
      parameters: { db_password: 'hunter2', rows: 7 },
      experiment: 'nightly'
    });
  });

  it('Cancel on the dialog opened again ends it, with nothing more submitted', async () => {
    const submitted: IJobRequest[] = [];
    const running = runAsJob(
      fakePanel('rows = 1'),
      deps(submitted, [new NbcraftApiError('Forbidden', 403)])
    );
    const dialog = await openDialog();
    (field(dialog, 'button.jp-mod-accept') as HTMLButtonElement).click();
    const error = await errorDialog();
    (field(error, 'button.jp-mod-accept') as HTMLButtonElement).click();
    const again = await openDialog();
    (field(again, 'button.jp-mod-reject') as HTMLButtonElement).click();
    await expect(running).resolves.toBeNull();
    expect(submitted).toHaveLength(1);
  });
});
