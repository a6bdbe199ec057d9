import { Dialog } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import type { ComputeTarget } from '../../src/compute/api';
import {
  askRunJob,
  RunJobForm,
  type IRunJobFormOptions,
  type IRunJobTyped
} from '../../src/jobs/dialog';
import {
  parametersCellSource,
  readParametersCell
} from '../../src/jobs/parameters';
import { marked } from '../core/markedTranslator';

const trans = nullTranslator.load('nbcraft');

const targets: ComputeTarget[] = [
  {
    name: 'spark-local',
    kind: 'spark-connect',
    reachable: true,
    kernelspec: 'nbcraft-spark-local'
  },
  {
    name: 'spark-off',
    kind: 'spark-connect',
    reachable: false,
    kernelspec: 'nbcraft-spark-off',
    detail: 'sc://127.0.0.1:1 refused'
  },
  // A gateway target has no local kernelspec; a job can still run there.
  { name: 'k8s', kind: 'gateway', reachable: true, kernelspec: null }
];

function form(options: Partial<IRunJobFormOptions> = {}): RunJobForm {
  const cell = readParametersCell("alpha = 0.1  # step size\nname = 'iris'");
  return new RunJobForm({
    notebook: 'train.ipynb',
    targets,
    targetsError: null,
    current: null,
    parameters: cell.parameters,
    parametersError: null,
    hasParametersCell: true,
    trans,
    ...options
  });
}

function option(f: RunJobForm, value: string): HTMLOptionElement {
  const found = f.node.querySelector<HTMLOptionElement>(
    `option[value="${value}"]`
  );
  if (!found) {
    throw new Error(`no option ${value}`);
  }
  return found;
}

describe('RunJobForm', () => {
  it('lists local first and the picker’s targets, unreachable ones disabled with the reason', () => {
    const f = form();
    const values = Array.from(f.node.querySelectorAll('option')).map(
      o => o.value
    );
    expect(values).toEqual(['local', 'spark-local', 'spark-off', 'k8s']);
    expect(option(f, 'spark-off').disabled).toBe(true);
    expect(option(f, 'spark-off').textContent).toContain('refused');
    expect(option(f, 'k8s').disabled).toBe(false);
    expect(f.getValue().target).toBe('local');
  });

  it('starts on the target the notebook runs on', () => {
    expect(form({ current: 'spark-local' }).getValue().target).toBe(
      'spark-local'
    );
    // An unreachable current target is not preselected.
    expect(form({ current: 'spark-off' }).getValue().target).toBe('local');
  });

  it('shows the cell’s values, editable; sends literals as JSON and other text as strings', () => {
    const f = form();
    const inputs = f.node.querySelectorAll<HTMLInputElement>(
      '.jp-nbcraft-jobs-param-value'
    );
    expect(Array.from(inputs).map(i => i.value)).toEqual(['0.1', "'iris'"]);
    expect(f.node.textContent).toContain('step size');
    expect(f.getValue().parameters).toEqual({ alpha: 0.1, name: 'iris' });

    inputs[0].value = '[1, 2]';
    inputs[1].value = 'wine';
    inputs[1].dispatchEvent(new Event('input'));
    expect(f.getValue().parameters).toEqual({ alpha: [1, 2], name: 'wine' });
    const row = f.node.querySelector(
      '.jp-nbcraft-jobs-param[data-name="name"]'
    );
    expect(row?.classList.contains('jp-mod-string')).toBe(true);
    expect(row?.textContent).toContain('not a Python literal');
  });

  it('keeps a long parameter name whole in its title, where the name column ends it in an ellipsis', () => {
    const long = 'validation_fraction_of_the_training_rows';
    const f = form({
      parameters: readParametersCell(`${long} = 0.2\nalpha = 0.1`).parameters
    });
    const names = Array.from(
      f.node.querySelectorAll<HTMLElement>('.jp-nbcraft-jobs-param-name')
    );
    expect(names.map(n => [n.textContent, n.title])).toEqual([
      [long, long],
      ['alpha', 'alpha']
    ]);
  });

  it('says so when there is no parameters cell, or it does not parse', () => {
    expect(
      form({ parameters: [], hasParametersCell: false }).node.textContent
    ).toContain('No cell is tagged "parameters"');
    const bad = readParametersCell('alpha = (');
    expect(
      form({
        parameters: bad.parameters,
        parametersError: bad.error ?? null
      }).node.textContent
    ).toMatch(/could not be read \(line 1: /);
  });

  it('says why the parameters cell could not be read in the lab’s language', () => {
    for (const source of ['alpha = (', '%%bash\necho hi']) {
      const bad = readParametersCell(source);
      const text =
        form({
          parameters: bad.parameters,
          parametersError: bad.error ?? null,
          trans: { ...trans, ...marked }
        }).node.querySelector('.jp-nbcraft-jobs-form-error')?.textContent ?? '';
      expect(text).toMatch(
        /^«The cell tagged "parameters" could not be read \(%1\)[^»]*»\[«/
      );
    }
  });

  it('sends the experiment typed, trimmed', () => {
    const f = form();
    const input = f.node.querySelector<HTMLInputElement>(
      '.jp-nbcraft-jobs-experiment'
    );
    if (!input) {
      throw new Error('no experiment field');
    }
    input.value = '  nightly ';
    expect(f.getValue().experiment).toBe('nightly');
  });
  it('asks for a re-run’s secret parameters again in an empty password field', () => {
    // The server keeps no secret's value: Re-run sent '' for a field left empty.
    const cell = readParametersCell("db_password = ''\nrows = 1");
    const f = form({
      parameters: cell.parameters,
      initialValues: { db_password: '', rows: '3' },
      secretNames: ['db_password']
    });
    const inputs = f.node.querySelectorAll<HTMLInputElement>(
      'input.jp-nbcraft-jobs-param-value'
    );
    expect(inputs[0].type).toBe('password');
    expect(inputs[0].value).toBe('');
    expect(inputs[0].placeholder).toMatch(/kept no value/);
    expect(inputs[1].type).toBe('text');
    // Required: JupyterLab's Dialog does not accept while it is :invalid (empty).
    expect(inputs[0].required).toBe(true);
    expect(inputs[1].required).toBe(false);
    expect(f.node.querySelector(':invalid')).toBe(inputs[0]);
    inputs[0].value = 'hunter2';
    inputs[0].dispatchEvent(new Event('input'));
    expect(f.node.querySelector(':invalid')).toBeNull();
    expect(f.getValue().parameters).toEqual({
      db_password: 'hunter2',
      rows: 3
    });
  });
});

describe('a re-run’s secret typed as an empty value', () => {
  function secretField() {
    const f = form({
      parameters: readParametersCell("db_password = ''").parameters,
      initialValues: { db_password: '' },
      secretNames: ['db_password']
    });
    const input = f.node.querySelector<HTMLInputElement>(
      'input[type=password]'
    );
    if (!input) {
      throw new Error('no secret field');
    }
    const type = (text: string) => {
      input.value = text;
      input.dispatchEvent(new Event('input'));
    };
    return { f, input, type };
  }

  // Parsed as a Python literal, each is an empty secret: before, `required` let them through.
  it.each([["''"], ['""'], ["'   '"], ['   '], ['None'], [" ''  "]])(
    '%p is marked invalid, so Run job does not accept it',
    text => {
      const { f, input, type } = secretField();
      type('hunter2');
      expect(f.node.querySelector(':invalid')).toBeNull();
      type(text);
      expect(f.node.querySelector(':invalid')).toBe(input);
      expect(input.validationMessage).toMatch(/^Type the value again/);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(
        input
          .closest('.jp-nbcraft-jobs-param')
          ?.classList.contains('jp-nbcraft-mod-missing')
      ).toBe(true);
    }
  );

  it.each([
    ["'hunter2'", 'hunter2'],
    ['0', 0],
    ['False', false],
    ["' x '", ' x ']
  ])('%p is a secret: accepted', (text, value) => {
    const { f, input, type } = secretField();
    type(text);
    expect(f.node.querySelector(':invalid')).toBeNull();
    expect(input.validationMessage).toBe('');
    expect(f.getValue().parameters.db_password).toEqual(value);
  });

  it('a field that is no secret may be empty', () => {
    const f = form({
      parameters: readParametersCell("name = ''").parameters,
      initialValues: { name: '' }
    });
    const input = f.node.querySelector<HTMLInputElement>(
      'input.jp-nbcraft-jobs-param-value'
    );
    if (!input) {
      throw new Error('no field');
    }
    input.value = "''";
    input.dispatchEvent(new Event('input'));
    expect(f.node.querySelector(':invalid')).toBeNull();
  });
});

describe('the Run as job dialog (JupyterLab’s Dialog, through its public API only)', () => {
  afterEach(() => {
    Dialog.flush(); // a test that failed half-way leaves no dialog open for the next
    document.body.innerHTML = '';
  });

  /** A re-run's dialog with a secret and a count, opened by askRunJob as runAsJob opens it. */
  function rerun() {
    const made: (IRunJobTyped | null)[] = [];
    const cell = readParametersCell("db_password = ''\nrows = 1");
    const asked = askRunJob(typed => {
      made.push(typed);
      return form({
        parameters: cell.parameters,
        initialValues: { db_password: '', rows: '3' },
        secretNames: ['db_password'],
        typed: typed ?? undefined
      });
    }, trans);
    asked.catch(() => undefined); // flushed by afterEach after a failure: not unhandled
    return { made, asked };
  }

  /** The open dialog's fields, once JupyterLab shows it (and checked it). */
  async function shown() {
    for (let i = 0; i < 50 && !document.querySelector('.jp-Dialog'); i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    await new Promise(resolve => setTimeout(resolve, 0));
    const field = (name: string) => {
      const input = document.querySelector<HTMLInputElement>(
        `.jp-Dialog .jp-nbcraft-jobs-param[data-name="${name}"] input`
      );
      if (!input) {
        throw new Error(`no field ${name}`);
      }
      return input;
    };
    const runJob = document.querySelector<HTMLButtonElement>(
      '.jp-Dialog .jp-Dialog-button.jp-mod-accept'
    );
    const experiment = document.querySelector<HTMLInputElement>(
      '.jp-Dialog .jp-nbcraft-jobs-experiment'
    );
    if (!runJob || !experiment) {
      throw new Error('no Run job button or experiment field');
    }
    // typed as a user types: the value, then a bubbling `input` the Dialog hears too
    const type = (input: HTMLInputElement, text: string) => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    return {
      secret: field('db_password'),
      rows: field('rows'),
      runJob,
      experiment,
      type
    };
  }

  it('disables Run job from the start while a secret is missing, and follows each value typed', async () => {
    const { asked } = rerun();
    const { secret, rows, runJob, type } = await shown();
    expect(secret.value).toBe('');
    expect(rows.value).toBe('3');
    expect(runJob.disabled).toBe(true);
    type(secret, "'hunter2'");
    // The secret's own check ran before the Dialog's: enabled by this very keystroke.
    expect(runJob.disabled).toBe(false);
    type(secret, '<redacted>');
    expect(runJob.disabled).toBe(true);
    type(secret, 'None');
    expect(runJob.disabled).toBe(true);
    type(secret, "'hunter3'");
    expect(runJob.disabled).toBe(false);
    runJob.click();
    const choice = await asked;
    expect(choice?.parameters).toEqual({ db_password: 'hunter3', rows: 3 });
    expect(choice?.missing).toEqual([]);
  });

  it('accepted anyway with a secret missing (cleared without an input event), it opens again with every field as typed', async () => {
    const { made, asked } = rerun();
    const first = await shown();
    first.type(first.rows, '5');
    first.type(first.experiment, 'exp-b');
    first.type(first.secret, "'hunter2'");
    expect(first.runJob.disabled).toBe(false);
    // A script or a password manager empties the field: no `input`, the Dialog never knows.
    first.secret.value = "''";
    first.runJob.click();
    const again = await shown();
    // Before: the job was submitted with an empty secret.
    expect(made).toEqual([
      null,
      {
        target: 'local',
        values: { db_password: "''", rows: '5' },
        experiment: 'exp-b'
      }
    ]);
    expect(again.rows.value).toBe('5');
    expect(again.experiment.value).toBe('exp-b');
    expect(again.secret.value).toBe("''");
    expect(again.secret.closest('.jp-nbcraft-jobs-param')?.classList).toContain(
      'jp-nbcraft-mod-missing'
    );
    expect(again.runJob.disabled).toBe(true);
    again.type(again.secret, "'hunter2'");
    again.runJob.click();
    expect(await asked).toMatchObject({
      target: 'local',
      parameters: { db_password: 'hunter2', rows: 5 },
      experiment: 'exp-b',
      missing: []
    });
  });

  /**
   * The window `input` listeners (capture) the form adds and has not removed yet: one while a
   * dialog is open, none once it closed, however it closed.
   */
  function watchWindowListeners() {
    const live = new Set<unknown>();
    const add = jest.spyOn(window, 'addEventListener');
    const remove = jest.spyOn(window, 'removeEventListener');
    add.mockImplementation(function (this: Window, ...args) {
      if (args[0] === 'input' && args[2] === true) {
        live.add(args[1]);
      }
      EventTarget.prototype.addEventListener.apply(this, args);
    });
    remove.mockImplementation(function (this: Window, ...args) {
      if (args[0] === 'input' && args[2] === true) {
        live.delete(args[1]);
      }
      EventTarget.prototype.removeEventListener.apply(this, args);
    });
    return live;
  }

  it('removes its window listener however the dialog closes', async () => {
    const live = watchWindowListeners();
    try {
      const button = (selector: string) =>
        document.querySelector<HTMLButtonElement>(
          `.jp-Dialog .jp-Dialog-button.${selector}`
        );
      // Cancel
      let { asked } = rerun();
      await shown();
      expect(live.size).toBe(1);
      button('jp-mod-reject')?.click();
      expect(await asked).toBeNull();
      expect(live.size).toBe(0);
      // Escape
      ({ asked } = rerun());
      await shown();
      expect(live.size).toBe(1);
      document
        .querySelector('.jp-Dialog')
        ?.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })
        );
      expect(await asked).toBeNull();
      expect(live.size).toBe(0);
      // accepted with a secret missing, opened again, then accepted
      ({ asked } = rerun());
      const first = await shown();
      first.secret.value = "''"; // emptied without an input event
      first.runJob.click();
      const again = await shown();
      expect(live.size).toBe(1); // the first form's listener went with it
      again.type(again.secret, "'hunter2'");
      again.runJob.click();
      expect((await asked)?.missing).toEqual([]);
      expect(live.size).toBe(0);
      // Dialog.flush() (the lab closing every dialog)
      ({ asked } = rerun());
      await shown();
      expect(live.size).toBe(1);
      Dialog.flush();
      expect(live.size).toBe(0);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('Cancel ends it, with nothing to submit', async () => {
    const { asked } = rerun();
    await shown();
    document
      .querySelector<HTMLButtonElement>(
        '.jp-Dialog .jp-Dialog-button.jp-mod-reject'
      )
      ?.click();
    expect(await asked).toBeNull();
  });
});

describe('parametersCellSource', () => {
  it('takes the first cell tagged parameters, as papermill does', () => {
    expect(
      parametersCellSource([
        { tags: ['x'], source: 'a = 1' },
        { tags: ['parameters'], source: 'b = 2' },
        { tags: ['parameters'], source: 'c = 3' }
      ])
    ).toBe('b = 2');
    expect(parametersCellSource([{ tags: undefined, source: 'a' }])).toBeNull();
  });
});

describe('RunJobForm: an untrusted project file’s targets', () => {
  /** the entry the server lists for them (as in test/compute/widgets.spec.ts) */
  const heldBack: ComputeTarget = {
    name: 'nbcraft.json: compute',
    kind: null,
    displayName: 'nbcraft.json: compute',
    reachable: false,
    kernelspec: null,
    detail:
      'nbcraft.json: compute: held back: the file is not trusted, so 1 target is not used',
    source: 'nbcraft.json: compute',
    error: true,
    heldBack: true
  };

  it('says "held back" with the reason, as the compute picker does, never "invalid"', () => {
    const f = form({ targets: [...targets, heldBack] });
    const held = option(f, heldBack.name);
    expect(held.disabled).toBe(true);
    expect(held.textContent).toBe(
      'nbcraft.json: compute · not trusted (held back: nbcraft.json: compute: held back: the file is not trusted, so 1 target is not used)'
    );
    expect(held.textContent).not.toContain('invalid');
  });

  it('keeps a held-back target out of reach even when the server calls it reachable', () => {
    const f = form({
      targets: [{ ...heldBack, error: false, reachable: true }],
      current: heldBack.name
    });
    expect(option(f, heldBack.name).disabled).toBe(true);
    expect(f.getValue().target).toBe('local');
  });
});
